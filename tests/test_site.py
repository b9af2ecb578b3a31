"""Site: `mkdocs build --strict` of real projects, read back as a reader's browser gets them."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build, override_template
from test_cli import EXPECTED, THREE_MISTAKES

pytestmark = pytest.mark.build  # builds sites and reads them


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The page's own content from its title on, without the theme's navigation and buttons."""
    start = html.index('<article class="md-content__inner')
    return html[html.index("<h1", start) : html.index("</article>")]


def test_a_profile_shows_the_round_its_investors_and_sources(fixture_site):
    html = article(page(fixture_site, "companies/acme-robotics"))
    start = html.index('<tr id="round-2024-03-series-b">')
    round_section = html[start : html.index("</tbody>", start)]  # its row and the row of its details
    assert "<td>CN¥720M " in round_section
    assert (
        '<td><a href="../delta-group/">Delta Group</a> (lead), <a href="../gamma-ventures/">Gamma Ventures</a>, '
        '<a href="../../people/jane-roe/">Jane Roe</a></td>'
    ) in round_section
    assert (
        '<span class="rb-money" data-precision="approximate" title="approximate figure">~CN¥5B</span>' in round_section
    )
    assert "<strong>Notes:</strong> Figures differ between reports." in round_section
    cited = re.findall(r'href="#source-(\d+)"', round_section)
    assert cited
    for number in cited:
        assert f'<li id="source-{number}">' in html
    assert "Example Wire" in html and "阿克米机器人" in html and "Roadrunner" in html


def test_investor_profile_lists_its_portfolio(fixture_site):
    html = article(page(fixture_site, "companies/delta-group"))
    portfolio = html[html.index('id="portfolio"') :]
    assert '<a href="../acme-robotics/">Acme Robotics</a>' in portfolio
    assert '<a href="../acme-robotics/#round-2024-03-series-b">' in portfolio
    assert '<a href="../../people/jane-roe/">Jane Roe</a>, Chair' in html


def test_profiles_stay_out_of_the_navigation(fixture_site):
    home = page(fixture_site, "")
    around_the_content = home[: home.index("<article")]  # header, tabs and the navigation sidebar
    assert 'href="companies/"' in around_the_content
    assert "acme-robotics" not in around_the_content
    assert (fixture_site / "companies/acme-robotics/index.html").is_file()


def test_edit_links_open_the_source_file(fixture_site):
    base = "https://github.com/roundbook/roundbook/edit/main/"
    assert f'href="{base}content/companies/acme-robotics.yml"' in page(fixture_site, "companies/acme-robotics")
    assert f'href="{base}content/people/jane-roe.yml"' in page(fixture_site, "people/jane-roe")
    assert f'href="{base}content/pages/about.md"' in page(fixture_site, "about")
    # A page made from a template of the installed package has no file of the site's to edit.
    assert f'href="{base}' not in page(fixture_site, "companies")


def test_a_page_of_roundbook_s_own_checkout_edits_the_package_s_template(tmp_path):
    """Roundbook's own site is its checkout: its pages' templates are the package's, inside it."""
    from roundbook.site.build import template_source

    assert template_source(REPO, "templates", "companies.html.j2") == "roundbook/templates/companies.html.j2"
    assert template_source(tmp_path, "templates", "companies.html.j2") is None


def test_search_index_holds_names_aliases_products_and_investors(fixture_site):
    index = json.loads((fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    acme = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("companies/acme-robotics/"))
    for word in ("Roadrunner", "阿克米机器人", "Acme Automata", "Delta Group", "Gamma Ventures"):
        assert word in acme


def test_search_index_leaves_out_what_only_repeats_profiles(fixture_site):
    """Every reader downloads the whole index: long profile sections and year, sector and country pages stay out."""
    index = json.loads((fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"] for d in index["docs"]}
    assert "companies/acme-robotics/" in locations and "companies/acme-robotics/#investors" in locations
    for left_out in (
        "companies/acme-robotics/#funding-rounds",
        "companies/acme-robotics/#timeline",
        "companies/acme-robotics/#sources",
        "companies/acme-robotics/#round-2024-03-series-b",
    ):
        assert left_out not in locations
    assert not [loc for loc in locations if loc.startswith(("timeline/2", "sectors/artificial", "countries/cn"))]
    assert any(loc.startswith("timeline/") for loc in locations)  # the timeline's own index stays
    assert '<h2 id="funding-rounds" data-search-exclude>' in page(fixture_site, "companies/acme-robotics")


def test_bad_content_stops_the_build_and_leaves_the_site_alone(project):
    (project / "content/rounds/acme-robotics/2024-02-mistakes.yml").write_text(THREE_MISTAKES)
    site = project / "build"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    result = mkdocs_build(project, site)
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("content/")] == EXPECTED
    assert "Roundbook: 3 problems in 1 file. Nothing was built;" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
    assert (site / "index.html").read_text() == "the previous site"


class Markup(HTMLParser):
    """What a browser would treat as markup: tag names, event-handler attributes and link targets."""

    def __init__(self):
        super().__init__()
        self.tags: set[str] = set()
        self.handlers: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.hrefs += [value for name, value in attrs if name in ("href", "src") and value is not None]


HOSTILE_PROFILE = """\
name: "<script>alert('name')</script>"
native_name: "<img src=x onerror=alert(1)>"
aliases: ["[click](javascript:alert(1))", "{: onclick=alert(1) }"]
kind: startup
summary: "<iframe src=https://evil.example></iframe> **bold**"
description: |
  Hello <script>alert('description')</script>
  [link](javascript:alert(1)) <a href="https://ok.example" onclick="alert(1)">ok</a>
  <svg onload=alert(1)></svg>
sources:
  - id: s
    url: https://news.example/x
    title: "\\"><script>alert('title')</script>"
    publisher: "<b onmouseover=alert(1)>Evil</b>"
"""


def test_hostile_content_reaches_readers_as_text(project):
    (project / "content/companies/evil.yml").write_text(HOSTILE_PROFILE)
    (project / "content/pages/about.md").write_text(
        "# About\n\n<script>alert('page')</script>\n\n<a href=\"javascript:alert(1)\">x</a>\n"
    )
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    for url in ("companies/evil", "companies", "about"):
        markup = Markup()
        markup.feed(article(page(site, url)))
        assert not markup.tags & {"script", "iframe", "svg", "img", "b"}, url
        assert not markup.handlers, url
        assert not [
            href
            for href in markup.hrefs
            if re.match(r"^[a-z][a-z0-9+.-]*:", href) and not href.startswith(("https:", "http:"))
        ], url
    # Material writes the page title into <title> and the header bar, outside the sanitized article.
    assert "<script>alert('name')" not in page(site, "companies/evil")
    alternates = re.findall(
        r'<link rel="alternate "[^>]*>', page(site, "companies/evil")
    )  # they carry the name as a title
    assert len(alternates) == 2 and not [link for link in alternates if "<script" in link]
    assert 'title="&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;: funding rounds"' in alternates[1]
    evil = article(page(site, "companies/evil"))
    assert (
        "&lt;script&gt;alert('name')&lt;/script&gt;" in evil
        or "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in evil
    )


def test_a_hand_written_page_may_not_hide_a_generated_one(project):
    (project / "content/pages/companies").mkdir()
    (project / "content/pages/companies/index.md").write_text("# Mine\n")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert (
        "content/pages/companies/index.md:1:1: 'companies' is where the site publishes the company and "
        "investor profiles; choose another name\n"
    ) in result.stderr


def test_template_errors_point_at_the_template_line(project):
    template = override_template(project, "person.html.j2")
    template.write_text(template.read_text().replace("{{ profile.summary }}", "{{ profile.summary|nosuchfilter }}"))
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert "templates/person.html.j2:7:1: No filter named 'nosuchfilter'." in result.stderr


def test_a_symbolic_link_in_the_content_stops_the_build_and_publishes_nothing(project):
    # MkDocs copies every file of its docs_dir into the site, following links: /etc/passwd would be published.
    (project / "content/pages/passwd.txt").symlink_to("/etc/passwd")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[0]
        == "content/pages/passwd.txt:1:1: a symbolic link; content files must be plain files in the repository"
    )
    assert not (project / "site").exists()


def test_open_data_files_are_linked_into_the_site_and_their_spool_goes(fixture_site, tmp_path, monkeypatch):
    """The open data files wait beside the site folder and reach it as hard links (or copies
    across file systems); nothing of the spool stays when the build ends."""
    import os

    from mkdocs.config import load_config

    from roundbook.export import OutputFile
    from roundbook.site.memory import OutputSpool, spool_files
    from roundbook.site.open_data import SpooledSiteFile

    if os.environ.get("ROUNDBOOK_TEST_SITE") is None:
        assert not list(fixture_site.parent.glob(".roundbook-open-data-*"))
    assert json.loads((fixture_site / "api/v2/index.json").read_text(encoding="utf-8"))["document"] == "index"

    config = load_config(
        config_file=str(Path(__file__).resolve().parent.parent / "mkdocs.yml"), site_dir=str(tmp_path / "site")
    )
    config.plugins._current_plugin = "roundbook"  # as during a build, when the plugin adds its files
    spool = OutputSpool(beside=config.site_dir)
    assert Path(spool.folder).parent == tmp_path  # beside the site, on its file system
    (spooled,) = spool_files(spool.folder, [OutputFile("api/x.json", b"{}\n", "application/json")])
    SpooledSiteFile.generated(config, spooled.path, abs_src_path=spooled.abs_src_path).copy_file()
    assert os.stat(tmp_path / "site/api/x.json").st_ino == os.stat(spooled.abs_src_path).st_ino

    def no_links(source, target):
        raise OSError("Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    (tmp_path / "site/api/x.json").unlink()
    SpooledSiteFile.generated(config, spooled.path, abs_src_path=spooled.abs_src_path).copy_file()
    assert (tmp_path / "site/api/x.json").read_bytes() == b"{}\n"
    assert os.stat(tmp_path / "site/api/x.json").st_ino != os.stat(spooled.abs_src_path).st_ino
    spool.close()
    assert not list(tmp_path.glob(".roundbook-open-data-*"))
    assert (tmp_path / "site/api/x.json").read_bytes() == b"{}\n"


def test_the_build_logs_how_long_each_stage_took(fixture_site_log):
    # benchmarks/build.py reads this line back to give each stage's share of the build.
    assert re.search(
        # A first build with the cache (kept_records.py): no checked records to take from it yet.
        r"^INFO +- +Roundbook: stages took records from cache \d+\.\d\d s, load \d+\.\d\d s, validate \d+\.\d\d s, "
        r"model \d+\.\d\d s, render \d+\.\d\d s, open data \d+\.\d\d s; "
        r"render and open data on \d+ workers \d+\.\d\d s$",
        fixture_site_log,
        re.M,
    ), fixture_site_log
