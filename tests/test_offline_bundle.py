"""The offline bundle (`make preview`, ROUNDBOOK_OFFLINE=true): the site built to be opened from
disk, read in Chromium from `file://` as a reviewer who unzipped the pull request's artifact
reads it. Links name files, not folders; the built-in search answers; with Pagefind the search
box says that search needs the site served, and how. Every browser test also fails on any console
error, uncaught exception, failed request or request to another host (browser_support.PageProblems).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser_support import serve
from conftest import REPO, make_project, mkdocs_build, run
from test_stable_links import SITE_URL, rename_company

pytestmark = pytest.mark.build  # builds the offline bundles

OFFLINE = {"ROUNDBOOK_OFFLINE": "true"}  # what `make preview` sets; mkdocs.yml reads it with !ENV
# MkDocs writes 404.html for a server, which sends it for any missing address: its links start
# at the site's path (/roundbook/...) so that they work from any depth. Never opened from disk.
SERVER_ONLY = {"404.html"}
LINK = re.compile(r'<(?:a|link|script|img)\b[^>]*?\b(?:href|src)="([^"]*)"')
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)">')


def build_bundle(project: Path, search: str | None = None) -> Path:
    # A renamed company: its old address is a redirect page, the one kind of page not written by MkDocs.
    rename_company(project, "beta-labs", "beta-laboratories")
    if search:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text().replace("  - roundbook:\n", f"  - roundbook:\n      search: {search}\n"))
    result = mkdocs_build(project, project / "bundle", env=OFFLINE)
    assert result.returncode == 0, result.stderr
    assert f"search: {search or 'builtin'}" in result.stderr
    return project / "bundle"


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    return build_bundle(make_project(tmp_path_factory.mktemp("offline") / "project"))


@pytest.fixture(scope="module")
def pagefind_bundle(tmp_path_factory) -> Path:
    # A site past the size where `search: auto` picks Pagefind, as the fixture is forced to.
    return build_bundle(make_project(tmp_path_factory.mktemp("offline-pagefind") / "project"), search="pagefind")


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


def local_links(page: Path) -> list[str]:
    """The page's links and references to the site's own files (not to other sites, not `#anchor`)."""
    text = page.read_text(encoding="utf-8")
    found = LINK.findall(text) + REFRESH.findall(text)
    return [link for link in found if not urlsplit(link).scheme and not link.startswith(("#", "//"))]


@pytest.mark.parametrize("which", ["builtin", "pagefind"])
def test_every_link_of_every_page_names_a_file_of_the_bundle(which, request):
    """From disk a link to a folder shows a directory listing: every link must name a file."""
    site = request.getfixturevalue("bundle" if which == "builtin" else "pagefind_bundle")
    pages = [path for path in site.rglob("*.html") if path.relative_to(site).as_posix() not in SERVER_ONLY]
    assert len(pages) > 25
    broken = []
    for page in pages:
        for link in local_links(page):
            target = page.parent / unquote(urlsplit(link).path)
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link} ({'a folder' if target.is_dir() else 'missing'})")
    assert broken == []
    assert (site / "companies/acme-robotics.html").is_file() and not (site / "companies/acme-robotics").exists()
    assert set(local_links(site / "companies/beta-labs.html")) == {"beta-laboratories.html"}  # the redirect


def test_no_page_loads_anything_from_another_host(bundle, pagefind_bundle):
    # Material's offline plugin would load its worker shim from unpkg.com; the bundle carries its own.
    for site in (bundle, pagefind_bundle):
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            assets = re.findall(r'<script\b[^>]*\bsrc="([^"]*)"', text) + re.findall(
                r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]*)"', text
            )
            assert [asset for asset in assets if urlsplit(asset).scheme or asset.startswith("//")] == [], page
        assert (site / "assets/vendor/iframe-worker/shim.js").is_file()


def test_make_preview_builds_the_offline_bundle_into_preview():
    # `make -n` prints the commands without running them (the tests below build the same way).
    result = run(["make", "-n", "preview"], REPO)
    assert result.returncode == 0, result.stderr
    assert (
        "ROUNDBOOK_OFFLINE=true .venv/bin/python -m mkdocs build --strict --site-dir preview"
        in result.stdout.splitlines()
    )


def test_the_published_site_is_built_as_before(fixture_site):
    """Without ROUNDBOOK_OFFLINE the offline plugin is off: folders for pages, no worker shim."""
    assert (fixture_site / "companies/acme-robotics/index.html").is_file()
    assert not (fixture_site / "assets/vendor/iframe-worker").exists()
    assert not (fixture_site / "search/search_index.js").exists()
    assert "iframe-worker" not in (fixture_site / "index.html").read_text(encoding="utf-8")


def test_the_footer_names_the_data_page_as_this_build_publishes_it(bundle):
    footer = (bundle / "index.html").read_text(encoding="utf-8").split('<footer class="md-footer">')[1]
    assert f'<a href="{SITE_URL}data.html#licence-and-citation">how to cite it</a>' in footer


def files_linked_from(page) -> list[str]:
    """Every link on the page as the browser resolves it, from disk: the ones to the bundle's files."""
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.href)")
    return [href for href in hrefs if href.startswith("file:")]


def assert_links_open_files(page) -> None:
    missing = [href for href in files_linked_from(page) if not Path(unquote(urlsplit(href).path)).is_file()]
    assert missing == [], f"links on {page.url} that open no file"


def test_links_lead_from_page_to_page_from_disk(page, bundle):
    home = file_url(bundle / "index.html")
    page.goto(home)
    assert page.locator("h1").first.inner_text().startswith("Roundbook AI Funding Tracker")
    assert_links_open_files(page)
    nav = page.locator(".md-sidebar--primary")
    nav.get_by_role("link", name="Companies", exact=True).click()
    page.wait_for_url(file_url(bundle / "companies/index.html"))
    assert page.locator("h1").first.inner_text().startswith("Companies")
    assert_links_open_files(page)
    page.locator("#rb-companies tbody").get_by_role("link", name="Acme Robotics", exact=True).click()
    page.wait_for_url(file_url(bundle / "companies/acme-robotics.html"))
    assert page.locator("h1").first.inner_text().startswith("Acme Robotics")
    assert_links_open_files(page)
    nav.get_by_role("link", name="Home", exact=True).click()
    page.wait_for_url(home)
    # A renamed company's old address sends the reader on, from disk as from a server.
    page.goto(file_url(bundle / "companies/beta-labs.html"))
    page.wait_for_url(file_url(bundle / "companies/beta-laboratories.html"))
    assert page.locator("h1").first.inner_text().startswith("Beta Labs")


def test_the_builtin_search_answers_from_disk(page, bundle):
    page.goto(file_url(bundle / "index.html"))
    box = page.locator("input.md-search__input")
    box.fill("Acme Robotics")
    box.press("End")  # Material searches on key-up, which fill() does not send
    page.locator("li.md-search-result__item mark", has_text="Acme").first.wait_for()
    first = page.locator("li.md-search-result__item > a.md-search-result__link").first
    assert urlsplit(first.get_attribute("href")).path.endswith("companies/acme-robotics.html")
    first.click()
    page.wait_for_url(re.compile(re.escape(file_url(bundle / "companies/acme-robotics.html")) + r"\?h=.*"))
    assert page.locator("h1").first.inner_text().startswith("Acme Robotics")


def test_with_pagefind_the_search_box_says_the_site_must_be_served_and_how(page, pagefind_bundle):
    page.goto(file_url(pagefind_bundle / "companies/acme-robotics.html"))
    box = page.locator("input.md-search__input")
    box.fill("Acme Robotics")
    box.press("End")
    meta = page.locator(".md-search-result__meta")
    folder = pagefind_bundle.resolve().as_posix() + "/"
    assert meta.inner_text() == (
        f"Search needs the site served, not opened from disk. In a terminal, in {folder} "
        "(the folder with index.html), run python3 -m http.server and open http://localhost:8000/."
    )
    assert meta.locator("code").all_inner_texts() == [folder, "python3 -m http.server"]
    assert page.locator("li.md-search-result__item").count() == 0
    assert not page.evaluate("() => performance.getEntriesByType('resource').some(r => r.name.includes('/pagefind/'))")


def test_the_pagefind_bundle_served_as_the_search_box_says_finds_a_company(page, pagefind_bundle):
    server, url = serve(pagefind_bundle)  # what `python3 -m http.server` in the folder does
    try:
        page.goto(url + "index.html")
        box = page.locator("input.md-search__input")
        box.fill("Acme Robotics")
        page.locator("li.md-search-result__item mark", has_text="Acme").first.wait_for()
        first = page.locator("li.md-search-result__item > a.md-search-result__link").first
        assert first.get_attribute("href") == "/companies/acme-robotics.html"
    finally:
        server.shutdown()
