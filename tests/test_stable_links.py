"""Stable links on the built site: a renamed company's old address still leads to its profile."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET

import pytest

from browser_support import serve
from conftest import FIXTURE_CONTENT, REPO, TODAY, make_project, mkdocs_build
from roundbook.pipeline import load_dataset
from roundbook.render import Renderer

SITE_URL = "https://roundbook.github.io/roundbook/"


def rename_company(project, old: str, new: str) -> None:
    """What a contributor does: rename the file and the rounds folder, and list the old slug."""
    profile = project / f"content/companies/{old}.yml"
    text = profile.read_text(encoding="utf-8")
    (project / f"content/companies/{new}.yml").write_text(text.replace("kind:", f"former_slugs: [{old}]\nkind:", 1))
    profile.unlink()
    (project / f"content/rounds/{old}").rename(project / f"content/rounds/{new}")


@pytest.fixture(scope="module")
def renamed_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("renamed") / "project")
    rename_company(project, "beta-labs", "beta-laboratories")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.build
def test_the_old_address_serves_a_redirect_to_the_new_profile(renamed_site):
    old = (renamed_site / "companies/beta-labs/index.html").read_text(encoding="utf-8")
    target = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]+)">', old).group(1)
    assert target == "../beta-laboratories/"
    assert f'<link rel="canonical" href="{SITE_URL}companies/beta-laboratories/">' in old
    new_profile = (renamed_site / "companies/beta-labs" / target / "index.html").resolve()
    assert "<h1" in new_profile.read_text(encoding="utf-8") and "Beta Labs" in new_profile.read_text(encoding="utf-8")


@pytest.mark.build
def test_a_browser_lands_on_the_new_profile(renamed_site, page):
    server, base = serve(renamed_site)
    try:
        page.goto(f"{base}companies/beta-labs/")
        page.wait_for_url(f"{base}companies/beta-laboratories/")
        assert page.title().startswith("Beta Labs")
    finally:
        server.shutdown()


@pytest.mark.build
def test_a_hand_written_page_may_not_stand_where_a_redirect_goes(project):
    rename_company(project, "beta-labs", "beta-laboratories")
    (project / "content/pages/companies").mkdir()
    (project / "content/pages/companies/beta-labs.md").write_text("# Mine\n")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert (
        "content/pages/companies/beta-labs.md:1:1: 'companies' is where the site publishes the company and "
        "investor profiles; choose another name\n"
    ) in result.stderr


def test_pages_link_to_their_data_and_every_such_link_works(fixture_site):
    data_links: dict[str, set[str]] = {}
    for page in fixture_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#]+)"', html):
            if href.startswith(("http:", "https:", "mailto:", "/")):
                continue
            target = (page.parent / href).resolve()
            relative = target.relative_to(fixture_site.resolve()).as_posix()
            if relative.startswith(("api/", "data/", "feeds/")):
                data_links.setdefault(page.relative_to(fixture_site).as_posix(), set()).add(relative)
                assert target.is_file() or (target / "index.html").is_file(), (page, href)
    assert {"data/companies.csv", "data/rounds.csv", "data/investments.csv", "api/v2/companies.json"} <= data_links[
        "companies/index.html"
    ]
    assert {"api/v2/companies/acme-robotics.json", "feeds/companies/acme-robotics.xml"} <= data_links[
        "companies/acme-robotics/index.html"
    ]
    assert "api/v2/people/jane-roe.json" in data_links["people/jane-roe/index.html"]
    assert {"data/rounds.csv", "feeds/rounds.xml"} <= data_links["index.html"]
    assert {"data/rounds.csv", "data/investments.csv", "data/companies.csv", "api/v2/schema.json"} <= data_links[
        "data/index.html"
    ]


def sitemap_locations(site) -> list[str]:
    root = ET.parse(site / "sitemap.xml").getroot()
    return [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


@pytest.mark.build
def test_the_sitemap_lists_every_page_and_no_redirect(renamed_site):
    pages = {p.parent.relative_to(renamed_site).as_posix() + "/" for p in renamed_site.rglob("index.html")}
    pages = {"" if p == "./" else p for p in pages} - {"companies/beta-labs/"}  # the redirect is not a page
    listed = sitemap_locations(renamed_site)
    assert len(listed) == len(set(listed))
    assert all(loc.startswith(SITE_URL) for loc in listed)
    assert {loc.removeprefix(SITE_URL) for loc in listed} == pages
    for page in ("companies/beta-laboratories/", "people/jane-roe/", "companies/", "data/", "about/", ""):
        assert page in pages


def test_the_fixture_sitemap_includes_every_generated_profile(fixture_site):
    listed = {loc.removeprefix(SITE_URL) for loc in sitemap_locations(fixture_site)}
    profiles = {f"companies/{p.stem}/" for p in (FIXTURE_CONTENT / "companies").glob("*.yml")}
    profiles |= {f"people/{p.stem}/" for p in (FIXTURE_CONTENT / "people").glob("*.yml")}
    assert len(profiles) == 5 and profiles <= listed


ROUND_BETWEEN = """\
announced: 2022-06
stage: series-a
amount: {value: 10M, currency: USD}
sources:
  - id: news
    url: https://news.example/acme-a
    publisher: Example News
"""


def round_anchors(content_root) -> dict[str, str]:
    """Each round anchor on Acme's page, with the title of the round in the row that carries it."""
    dataset, problems = load_dataset(content_root, today=TODAY)
    assert not problems
    page = Renderer(REPO / "templates").profile_page(dataset, dataset.organizations["acme-robotics"]).html
    return dict(re.findall(r'<tr id="(round-[a-z0-9-]+)"><td>[^<]*</td> <td><a href="\./#\1">([^<]*)</a>', page))


def test_round_anchors_never_change_when_rounds_are_added(tmp_path):
    before = round_anchors(FIXTURE_CONTENT.parent)
    assert before == {"round-2024-03-series-b": "Series B", "round-2021-seed": "Seed"}
    shutil.copytree(FIXTURE_CONTENT, tmp_path / "content")
    (tmp_path / "content/rounds/acme-robotics/2022-06-series-a.yml").write_text(ROUND_BETWEEN)  # between the two
    after = round_anchors(tmp_path)
    assert after == {**before, "round-2022-06-series-a": "Series A"}
