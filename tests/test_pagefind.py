"""Search at scale: Pagefind behind Material's search box, and when a site uses it.

The fixture dataset is small, so these builds force `search: pagefind`; `auto` picks it only
from PAGEFIND_FROM_PROFILES profiles on.
"""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser_support import PHONE_CONTEXT, describe_violations, serious_axe_violations, serve
from conftest import FIXTURE_CONTENT, REPO, make_project, mkdocs_build
from roundbook.load import load_content
from roundbook.model import build_dataset
from roundbook.site.search import PAGEFIND_FROM_PROFILES, choose_search
from roundbook.site.search.pagefind_filters import profile_filters
from roundbook.site.search.pagefind_marks import mark_for_pagefind
from roundbook.validate import validate
from test_browser import DECOY, ROUND

# --- which search ----------------------------------------------------------------------------


def test_auto_keeps_the_builtin_search_below_the_threshold_and_uses_pagefind_from_it():
    assert choose_search("auto", PAGEFIND_FROM_PROFILES - 1) == "builtin"
    assert choose_search("auto", PAGEFIND_FROM_PROFILES) == "pagefind"
    assert choose_search("builtin", 10 * PAGEFIND_FROM_PROFILES) == "builtin"
    assert choose_search("pagefind", 1) == "pagefind"


def test_the_threshold_is_the_one_the_readme_documents():
    readme = (REPO / "docs/pages/run/scale.md").read_text(encoding="utf-8")
    assert f"from {PAGEFIND_FROM_PROFILES:,} profiles" in readme


def test_a_small_site_keeps_materials_search(fixture_site):
    assert (fixture_site / "search/search_index.json").is_file()
    assert not (fixture_site / "pagefind").exists()


# --- what a page tells Pagefind ----------------------------------------------------------------

PAGE = """<h1 id="acme">Acme</h1>
<p>Summary.</p><hr>
<h2 data-search-exclude="" id="rounds">Funding rounds</h2>
<div><h3 id="inner">A heading inside a block</h3><p>Round text.</p></div>
<h2 id="investors">Investors</h2>
<ul><li>Gamma</li></ul>"""


def test_only_the_sections_outside_excluded_ones_are_marked_for_indexing():
    marked = mark_for_pagefind(PAGE, indexed=True)
    body = re.findall(r"<(\w+)[^>]*data-pagefind-body", marked)
    assert body == ["h1", "p", "hr", "h2", "ul"]
    assert '<h2 data-search-exclude="" id="rounds">' in marked  # left unmarked, and so is its block
    assert '<div><h3 id="inner">' in marked


def test_an_element_is_one_top_level_block_however_deeply_it_nests_its_own_kind():
    page = (
        '<div class="a"><div title="x > y"><div/><div>in</div></div><p>in</p></div>'
        '<svg><path d="M0 0"/><g><path/></g></svg>'
        "<DIV>upper</div><p>after</p>"
        "<section><table><tr><td>1</td></tr></table>"  # never closed: the page ends inside it
        "<p>inside</p>"
    )
    marked = mark_for_pagefind(page, indexed=True)
    assert re.findall(r"<(\w+)[^>]*data-pagefind-body", marked) == ["div", "svg", "DIV", "p", "section"]


def test_a_list_of_profiles_is_indexed_by_its_title_alone():
    marked = mark_for_pagefind(PAGE, indexed=True, title_only=True)
    assert re.findall(r"<(\w+)[^>]*data-pagefind-body", marked) == ["h1"]


def test_a_page_left_out_of_search_has_no_mark():
    assert "data-pagefind-body" not in mark_for_pagefind(PAGE, indexed=False)


def test_filter_values_are_text_never_markup():
    marked = mark_for_pagefind("<p>x</p>", True, {"sector": ["<b>Robots</b> & arms"]})
    assert marked.startswith(
        '<div hidden class="rb-search-filters">'
        '<span data-pagefind-filter="sector">&lt;b&gt;Robots&lt;/b&gt; &amp; arms</span></div>'
    )


def test_a_companys_filters_are_its_country_sectors_and_the_stages_of_its_rounds():
    filters = profile_filters(build_dataset(validate(load_content(FIXTURE_CONTENT.parent, "content"))))
    assert filters["companies/acme-robotics.md"] == {
        "country": ["China"],
        "sector": ["Artificial intelligence"],
        "stage": ["Seed", "Series B"],
    }
    assert filters["companies/gamma-ventures.md"] == {"sector": ["Venture capital"]}  # no country, no rounds of its own
    assert "people/jane-roe.md" not in filters


# --- a site built with Pagefind ----------------------------------------------------------------

# A fictional company whose summary is markup written as text: it must reach readers as text.
HOSTILE = """\
name: 'Tag <i>Soup</i>'
kind: startup
summary: 'Writes <img src=x onerror="document.title=1"> and <b>bold</b> claims.'
sources: [{id: s, url: "https://example.org/tag-soup", publisher: Example}]
"""


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("pagefind") / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - roundbook:\n", "  - roundbook:\n      search: pagefind\n"))
    # Two fictional companies whose Chinese names share characters: a search for one must not find the other.
    for slug, name, native, alias, amount in [
        ("dark-moon", "Dark Moon", "月之暗面", "Umbra Labs", "1B"),
        ("moon-river", "Moon River", "月亮之河", "Selene Stream", "300M"),
    ]:
        (project / f"content/companies/{slug}.yml").write_text(
            DECOY.format(name=name, native=native, alias=alias, slug=slug)
        )
        (project / f"content/rounds/{slug}").mkdir()
        (project / f"content/rounds/{slug}/2024-01-seed.yml").write_text(ROUND.format(amount=amount, slug=slug))
    (project / "content/companies/tag-soup.yml").write_text(HOSTILE)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert "search: pagefind" in result.stderr
    return project / "site"


@pytest.mark.build
def test_the_site_ships_pagefind_and_not_materials_index(pagefind_site):
    assert (pagefind_site / "pagefind/pagefind-entry.json").is_file()
    assert not (pagefind_site / "search").exists()
    home = (pagefind_site / "index.html").read_text(encoding="utf-8")
    assert 'data-rb-search="pagefind"' in home
    # What makes Material's script fetch its index and start its worker.
    assert 'name="search"' not in home and 'data-md-component="search"' not in home


# The search box on a page: its root, empty, and the script that builds the rest in the browser.
BOX_ROOT = re.compile(
    r'<div class="md-search" data-rb-search="pagefind" [^>]*></div>\n'
    r'<script defer src="[^"]*assets/roundbook-search\.js"></script>'
)


@pytest.mark.build
def test_pages_carry_the_search_boxs_root_and_not_the_box_the_script_builds(pagefind_site):
    pages = [path for path in pagefind_site.rglob("*.html") if b'<header class="md-header' in path.read_bytes()]
    assert len(pages) >= 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert len(BOX_ROOT.findall(html)) == 1, path
        # Material's parts of the box and the filters above its results: 1.1 KB a page, built by the script.
        for part in ("md-search__", "md-search-result", "rb-search-facets", '<option value="">Any stage'):
            assert part not in html, (path, part)
    root = BOX_ROOT.search((pagefind_site / "companies/acme-robotics/index.html").read_text(encoding="utf-8")).group(0)
    assert len(root.encode()) < 420, root


@pytest.mark.build
def test_profiles_carry_their_filters_and_excluded_pages_are_not_indexed(pagefind_site):
    profile = (pagefind_site / "companies/acme-robotics/index.html").read_text(encoding="utf-8")
    assert '<span data-pagefind-filter="country">China</span>' in profile
    assert '<span data-pagefind-filter="stage">Series B</span>' in profile
    headings = {re.search(r'id="([^"]+)"', tag).group(1): tag for tag in re.findall(r"<h[1-3] [^>]*>", profile)}
    assert "data-pagefind-body" in headings["investors"]
    assert "data-pagefind-body" not in headings["sources"]  # marked data-search-exclude: not indexed
    assert "data-pagefind-body" not in headings["funding-rounds"]
    assert re.search(r"<h1 data-pagefind-body[ >]", profile)
    year = (pagefind_site / "timeline/2024/index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in year
    companies = (pagefind_site / "companies/index.html").read_text(encoding="utf-8")
    assert re.findall(r"<(\w+)[^>]*data-pagefind-body", companies) == ["h1"]  # the list grows with the data


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's fragment of each page it indexed, by URL: what a result shows (its excerpt is
    cut from `content`). A fragment is gzip with Pagefind's own signature before the JSON."""
    found = {}
    for path in (site / "pagefind/fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        fragment = json.loads(data[data.index(b"{") :])
        found[fragment["url"]] = fragment
    return found


@pytest.mark.build
def test_a_profiles_result_reads_as_its_summary_and_holds_no_table(pagefind_site):
    acme = fragments(pagefind_site)["/companies/acme-robotics/"]["content"]
    assert acme.startswith(
        "Acme Robotics. 阿克米机器人. A fictional robotics startup. Acme Robotics is a startup based in "
        "Shenzhen, China, founded in May 2020."
    ), acme
    for run_on in ("Fact Kind", "Kind Startup", "Profile sources", "Data: JSON", "[1]", "Total raised"):
        assert run_on not in acme
    assert "Acme builds robots." in acme  # the description stays, a sentence


@pytest.fixture(scope="module")
def site(pagefind_site):
    # Served below the domain, as GitHub Pages serves a project's site (/<repository>/).
    server, url = serve(pagefind_site.parent)
    yield url + "site/"
    server.shutdown()


# `page` (browser_support): a fresh page in Chromium; a test fails on any console error, uncaught
# exception or failed request on its pages.


RESULTS = "li.md-search-result__item > a.md-search-result__link"


def search(page, site: str, query: str) -> list[str]:
    """Type into the header's search box; the result links' paths below the site's, best first."""
    page.goto(site)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)  # one input event, one query: key by key, a prefix's results could show first
    page.locator(f"{RESULTS} mark").first.wait_for()  # results of this query: its words are marked
    return [
        urlsplit(href).path.removeprefix(urlsplit(site).path)
        for href in page.locator(RESULTS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]


class Box(HTMLParser):
    """A search box's elements, depth first: (depth, tag, attributes, text inside it), the
    overlay, form, icons, buttons, filters and result list, as written or as built."""

    def __init__(self, markup: str):
        super().__init__()
        self.elements: list[tuple[int, str, dict[str, str], str]] = []
        self.open: list[int] = []  # the index of each element not yet closed
        self.feed(markup)

    def handle_starttag(self, tag, attrs):
        self.elements.append((len(self.open), tag, {name: value or "" for name, value in attrs}, ""))
        if tag != "input":  # the box's one element without an end tag
            self.open.append(len(self.elements) - 1)

    def handle_endtag(self, tag):
        self.open.pop()

    def handle_data(self, data):
        if self.open and data.strip():
            depth, tag, attributes, text = self.elements[self.open[-1]]
            self.elements[self.open[-1]] = (depth, tag, attributes, text + data.strip())


def written_box(html: str) -> str:
    """The search box as a page's HTML carries it (Material's built-in search: all of it)."""
    start = html.index('<div class="md-search"')
    return html[start : html.index("\n", start)]


def drop_attributes(elements, unwanted) -> None:
    for _, tag, attributes, _ in elements:
        for name in [name for name in attributes if unwanted(tag, name)]:
            del attributes[name]


def test_the_script_builds_the_box_material_writes_for_its_own_search(page, site, fixture_site):
    # The box as the page has it at DOMContentLoaded, when Material's script looks for its parts
    # (the scroll fix on the result list, for one): this listener goes first.
    page.add_init_script(
        "document.addEventListener('DOMContentLoaded', () => "
        "{ window.boxAtLoad = document.querySelector('.md-search').outerHTML; })"
    )
    page.goto(site + "companies/acme-robotics/")
    built = Box(page.evaluate("window.boxAtLoad")).elements
    written = Box(
        written_box((fixture_site / "companies/acme-robotics/index.html").read_text(encoding="utf-8"))
    ).elements
    # What differs on purpose: the filters above the results (checked below); Material's hooks for
    # its search component, which would fetch its own index, and its form's name; the root's
    # words, the form's action and the live count for Pagefind.
    facets = next(i for i, (_, _, attributes, _) in enumerate(built) if attributes.get("class") == "rb-search-facets")
    built_facets = [(tag, attributes, text) for _, tag, attributes, text in built[facets : facets + 7]]
    del built[facets : facets + 7]
    drop_attributes(written, lambda tag, name: name == "data-md-component" or (tag, name) == ("form", "name"))
    drop_attributes(
        built, lambda tag, name: name.startswith("data-rb-") or (tag, name) == ("form", "action") or name == "aria-live"
    )
    meta = next(
        i for i, (_, _, attributes, _) in enumerate(built) if attributes.get("class") == "md-search-result__meta"
    )
    assert (built[meta][3], written[meta][3]) == ("Type to start searching", "Initializing search")  # Material's words
    built[meta] = written[meta]
    assert built == written
    # The words, from the page's root, in the site's language.
    input_ = next(attributes for _, tag, attributes, _ in built if tag == "input")
    assert (input_["placeholder"], input_["aria-label"]) == ("Search", "Search")
    reset = next(attributes for _, tag, attributes, _ in built if tag == "button")
    assert (reset["type"], reset["title"], reset["aria-label"]) == ("reset", "Clear", "Clear")
    assert built_facets == [
        ("div", {"class": "rb-search-facets", "hidden": ""}, ""),
        ("select", {"name": "country", "aria-label": "Country"}, ""),
        ("option", {"value": ""}, "Any country"),
        ("select", {"name": "sector", "aria-label": "Sector"}, ""),
        ("option", {"value": ""}, "Any sector"),
        ("select", {"name": "stage", "aria-label": "Stage"}, ""),
        ("option", {"value": ""}, "Any stage"),
    ]


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_materials_shortcuts_open_the_search_and_arrows_move_through_the_results(page, site, key):
    page.goto(site + "companies/beta-labs/")
    page.keyboard.press(key)
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()
    assert box.input_value() == ""  # the key opened the box, it was not typed into it
    page.keyboard.type("fictional")
    page.locator(f"{RESULTS} mark").first.wait_for()
    page.keyboard.press("ArrowDown")
    expect(page.locator(RESULTS).first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(RESULTS).nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()


def open_before_the_script(page, url: str):
    """Open `url` with roundbook-search.js held back, as on a slow network: the page is shown with
    its styles and the box's root, and the box is not built until the returned function is called."""
    held = []
    page.route("**/assets/roundbook-search.js", lambda route: held.append(route))
    with page.expect_request("**/assets/roundbook-search.js"):
        page.goto(url, wait_until="commit")
    page.wait_for_function("() => [...document.querySelectorAll('link[rel=stylesheet]')].every(link => link.sheet)")
    assert held, "the script's request was not held"
    assert page.locator(".md-search").evaluate("root => root.childElementCount") == 0  # nothing built yet
    return held[0].continue_


def test_the_search_button_pressed_before_the_script_ran_opens_the_box_it_builds(new_page, site):
    page = new_page(**PHONE_CONTEXT)  # on a phone the header shows the button, not the box
    release = open_before_the_script(page, site)
    page.locator("label.md-header__button[for=__search]").tap()
    assert page.locator("#__search").is_checked()
    release()
    box = page.locator("input.md-search__input")
    expect(box).to_be_focused()  # where the reader would be, had the script been there first
    box.fill("Acme")
    page.locator(f"{RESULTS} mark").first.wait_for()
    assert page.locator(RESULTS).first.locator("h1").inner_text() == "Acme Robotics"


HEADER_PARTS = """() => [...document.querySelector('.md-header__inner').children].map(part => {
    const box = part.getBoundingClientRect();
    return [part.className, box.x, box.width];
})"""


def test_the_header_keeps_its_place_for_the_box_until_the_script_builds_it(page, site):
    release = open_before_the_script(page, site)  # on a desktop the header shows the box itself
    before = page.evaluate(HEADER_PARTS)
    release()
    page.locator("input.md-search__input").wait_for()
    assert page.evaluate(HEADER_PARTS) == before  # nothing moves when the box appears


def test_typing_a_name_finds_its_profile_first_and_clicking_opens_it(page, site):
    results = search(page, site, "Acme Robotics")
    assert results[0] == "companies/acme-robotics/", results
    assert page.locator(RESULTS).first.locator("h1").inner_text() == "Acme Robotics"
    page.locator(RESULTS).first.click()
    page.wait_for_url(site + "companies/acme-robotics/")
    assert page.locator("article h1").first.inner_text().startswith("Acme Robotics")


def test_enter_opens_the_first_result_and_escape_closes_the_search(page, site):
    search(page, site, "Beta Labs")
    toggle = page.locator("#__search")
    assert toggle.is_checked()
    page.keyboard.press("Escape")
    assert not toggle.is_checked()
    page.locator("input.md-search__input").click()
    page.keyboard.press("Enter")
    page.wait_for_url(site + "companies/beta-labs/")


def test_more_results_load_when_the_reader_scrolls_to_the_end(page, site):
    search(page, site, "fictional")
    count = int(page.locator(".md-search-result__meta").inner_text().split()[0])
    page.locator(RESULTS).last.scroll_into_view_if_needed()  # five first, the rest at the end of the list
    page.locator(RESULTS).nth(count - 1).wait_for()
    assert page.locator(RESULTS).count() == count > 5


def test_a_filter_narrows_the_results(page, site):
    search(page, site, "fictional")  # every company's summary says so
    assert int(page.locator(".md-search-result__meta").inner_text().split()[0]) >= 6
    country = page.locator(".rb-search-facets select[name=country]")
    country.locator("option[value=Germany]").wait_for(state="attached")  # filled after the first results
    country.select_option("Germany")
    page.locator(".md-search-result__meta", has_text="1 matching document").wait_for()
    links = page.locator(RESULTS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [urlsplit(link).path for link in links] == ["/site/companies/beta-labs/"]


def test_a_name_in_chinese_finds_its_profile_and_not_one_that_shares_characters(page, site):
    # The page's language is English: Pagefind indexes 月之暗面 as one word, as it is written.
    results = search(page, site, "月之暗面")
    profiles = {r for r in results if r.count("/") == 2}
    assert results[0] == "companies/dark-moon/", results
    assert profiles == {"companies/dark-moon/"}, results


def test_a_result_shows_page_text_as_text_never_as_markup(page, site):
    assert search(page, site, "Tag Soup")[0] == "companies/tag-soup/"
    first = page.locator(RESULTS).first
    assert first.locator("h1").inner_text() == "Tag <i>Soup</i>"
    assert 'Writes <img src=x onerror="document.title=1"> and <b>bold</b> claims.' in first.inner_text()
    assert first.locator("img, b, i").count() == 0
    assert page.title() != "1"


def compressed_size(site_dir: Path, path: str) -> int:
    """The bytes a server sends for a Pagefind file: its chunks are gzip already, the rest gzip well."""
    data = (site_dir / path.lstrip("/")).read_bytes()
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_box_its_filters_and_results_pass_axe(new_page, site, scheme):
    page = new_page(color_scheme=scheme)
    search(page, site, "fictional")
    page.locator(".rb-search-facets select[name=country] option[value=Germany]").wait_for(state="attached")
    violations = serious_axe_violations(page)
    assert not violations, describe_violations(violations)


def test_before_the_first_result_a_reader_downloads_only_what_pagefind_needs(page, site, pagefind_site):
    requested = []
    page.on("request", lambda request: requested.append(request))
    page.goto(site + "companies/beta-labs/")
    page.wait_for_load_state("networkidle")
    opened = len(requested)
    page.locator("input.md-search__input").click()
    # One query: typed key by key, a slow machine could also run (and pay for) a prefix of it.
    page.locator("input.md-search__input").fill("Acme")
    page.locator(f"{RESULTS} mark").first.wait_for()
    # roundbook-search.js marks the moment the first results are on screen; requests the browser
    # (page or Pagefind's worker) started before it are what the reader waited for.
    shown = page.evaluate(
        "performance.timeOrigin + performance.getEntriesByName('roundbook-search-results')[0].startTime"
    )
    # (A request's timing is 0 until its answer arrives: those still on their way came after.)
    before = [request for request in requested[opened:] if 0 < request.timing["startTime"] <= shown]
    paths = [urlsplit(request.url).path.removeprefix("/site") for request in before]
    # The tab's icon is the browser's own request, which a busy machine can make after the page is
    # idle: no reader waits for it before a result.
    paths = [path for path in paths if path != "/assets/images/favicon.png"]
    assert all(path.startswith("/pagefind/") for path in paths), paths
    names = {re.sub(r"[0-9a-f]{7,}", "#", path) for path in paths}
    assert names == {
        "/pagefind/pagefind.js",
        "/pagefind/pagefind-worker.js",
        "/pagefind/pagefind-entry.json",
        "/pagefind/wasm.en.pagefind",
        "/pagefind/pagefind.en_#.pf_meta",
        "/pagefind/index/en_#.pf_index",
        "/pagefind/fragment/en_#.pf_fragment",
    }, names
    assert 1 <= sum("/fragment/" in path for path in paths) <= 5
    # What the browser received is the files Pagefind wrote, byte for byte.
    for request, path in zip(before, paths, strict=True):
        assert request.response().body() == (pagefind_site / path.lstrip("/")).read_bytes(), path
    payload = sum(compressed_size(pagefind_site, path) for path in paths)
    assert 50_000 < payload < 500_000, payload
    # Material's index and worker are never requested, before or after the results.
    assert not [request.url for request in requested if "search_index" in request.url or "/workers/" in request.url]
