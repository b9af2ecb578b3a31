"""roundbook/addresses.py is the one place that says where pages live: moving the company profiles
there moves them, and every link to them, in a strict build of the fixture site."""

from __future__ import annotations

import json
import posixpath
import re
import sys
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import make_project, run
from roundbook import addresses

pytestmark = pytest.mark.build  # builds a site with the profiles moved

# The one change: the company profiles (and their list) at orgs/ instead of companies/. The build
# runs in a fresh interpreter, which makes it before anything asks where a page is.
MOVE_COMPANIES = (
    "import roundbook.addresses as addresses; addresses.COMPANIES = addresses.Folder('orgs'); "
    "from mkdocs.__main__ import cli; cli()"
)


@pytest.fixture(scope="module")
def moved_site(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("addresses") / "project")
    # mkdocs.yml's nav is the site's own list of pages, by docs path: a site that moves a listed page
    # says so there too.
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(" companies/index.md", " orgs/index.md"), encoding="utf-8"
    )
    acme = project / "content/companies/acme-robotics.yml"  # an old slug, for its redirect
    acme.write_text(
        acme.read_text(encoding="utf-8").replace("former_names:", "former_slugs: [acme]\nformer_names:"),
        encoding="utf-8",
    )
    result = run([sys.executable, "-c", MOVE_COMPANIES, "build", "--strict", "--site-dir", "site"], project)
    assert result.returncode == 0, result.stderr
    slugs = sorted(path.stem for path in (project / "content/companies").glob("*.yml"))
    return project / "site", slugs


def links(site):
    """(page, site-relative path it links to) for every href and src of every HTML page."""
    for page in site.rglob("*.html"):
        url = page.relative_to(site).as_posix()
        for target in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            if urlsplit(target).scheme or target.startswith("#"):
                continue
            yield url, urlsplit(urljoin("http://site/" + url, target)).path.lstrip("/")


def test_the_profiles_are_where_the_addresses_module_puts_them(moved_site):
    site, slugs = moved_site
    assert addresses.COMPANIES.name == "companies"  # this process was left as it was
    assert not (site / "companies").exists()
    assert (site / "orgs/index.html").is_file()
    for slug in slugs:
        assert (site / "orgs" / slug / "index.html").is_file(), slug
    assert "url=../acme-robotics/" in (site / "orgs/acme/index.html").read_text(encoding="utf-8")


def test_every_link_to_a_profile_goes_to_its_new_place(moved_site):
    site, slugs = moved_site
    targets = {target for _, target in links(site)}
    assert not [target for target in targets if target.startswith("companies/")]
    for slug in slugs:
        assert f"orgs/{slug}/" in targets, slug
    assert not [
        target for target in targets if posixpath.dirname(target.rstrip("/")) == "orgs" and not (site / target).exists()
    ]


def test_the_data_files_name_the_new_place(moved_site):
    site, slugs = moved_site
    index = json.loads((site / "api/v2/index.json").read_text(encoding="utf-8"))
    assert index["addresses"]["company_page"] == "orgs/{slug}/"
    assert index["addresses"]["round_page"].startswith("orgs/{company}/#")
    assert index["addresses"]["company_document"] == "api/v2/companies/{slug}.json"  # the API's own, kept
    outside_pages = [
        site / "sitemap.xml",
        site / "data/companies.csv",
        site / "data/rounds.csv",
        site / "feeds/rounds.xml",
        site / "api/v1/companies.json",
        site / "search/search_index.json",
    ]
    for path in outside_pages:
        text = path.read_text(encoding="utf-8")
        assert any(f"orgs/{slug}/" in text for slug in slugs), path
        assert not [slug for slug in slugs if f"companies/{slug}/" in text], path  # documents and feeds end .json, .xml
