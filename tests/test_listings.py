"""The listings in Chromium: the columns each width shows, a header that stays in view while the
rows scroll by (tests/test_every_page.py checks that they fit), and listings longer than a page:
sorted, filtered and paged through from their JSON file of rows, and read page by page without
the script (roundbook/render/listings.py)."""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import expect

from browser_support import DESKTOP, PHONE_CONTEXT, open_listing, serve
from conftest import make_project
from roundbook.render import Renderer
from roundbook.site import prepare

pytestmark = pytest.mark.browser  # the listings in Chromium

SCREENS = {"desktop": {"viewport": DESKTOP}, "phone": PHONE_CONTEXT}
SHOWN_HEADINGS = "table => [...table.querySelectorAll('thead th')].filter(th => th.offsetParent !== null).map(th => th.textContent.trim())"
COLUMNS = {
    ("companies/", "#rb-companies", "desktop"): [
        "Name",
        "Kind",
        "Country",
        "Sectors",
        "Founded",
        "Rounds",
        "Last round",
        "Total raised (US$)",
        "Latest valuation (US$)",
    ],
    ("companies/", "#rb-companies", "phone"): ["Name", "Last round", "Total raised (US$)", "Latest valuation (US$)"],
    ("investors/", "#rb-investors", "desktop"): [
        "Investor",
        "Kind",
        "Deals",
        "Led",
        "Rounds joined (US$)",
        "First deal",
        "Last deal",
    ],
    ("investors/", "#rb-investors", "phone"): ["Investor", "Deals", "Rounds joined (US$)", "Last deal"],
}


@pytest.mark.parametrize(("path", "table", "screen"), COLUMNS)
def test_a_listing_shows_the_columns_its_width_has_room_for(new_page, site_url, path, table, screen):
    page = new_page(**SCREENS[screen])
    page.goto(site_url + path)
    assert page.locator(table).evaluate(SHOWN_HEADINGS) == COLUMNS[path, table, screen]
    # A hidden column hides its cells with its heading: every row has as many cells shown.
    shown_cells = page.locator(table).evaluate(
        "table => [...table.querySelectorAll('tbody tr')].map(tr => [...tr.children].filter(td => td.offsetParent !== null).length)"
    )
    assert shown_cells and set(shown_cells) == {len(COLUMNS[path, table, screen])}


# Where the first heading of a table is on the screen, and the bottom of Material's header.
HEADING_TOP = """table => ({heading: table.querySelector('thead th').getBoundingClientRect().top,
    header: document.querySelector('.md-header').getBoundingClientRect().bottom})"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize(("path", "table"), [("companies/", "#rb-companies"), ("investors/", "#rb-investors")])
def test_a_listings_header_stays_in_view_below_the_sites_header(new_page, site_url, path, table, screen):
    page = new_page(**SCREENS[screen])
    page.goto(site_url + path)
    # Room below the page, so that the fixture's few rows can be scrolled up under the site's header.
    page.add_style_tag(content="body { padding-bottom: 100vh; }")
    listing = page.locator(table)
    before = listing.evaluate(HEADING_TOP)
    # Scrolled until the table's top is 20 px from the top of the window, under Material's header.
    page.evaluate(f"() => window.scrollBy(0, {before['heading'] - 20})")
    after = listing.evaluate(HEADING_TOP)
    assert page.evaluate("() => window.scrollY") == pytest.approx(before["heading"] - 20, abs=1)
    assert after["heading"] == pytest.approx(after["header"], abs=1), (before, after)


# --- Listings that stay fast: a page of rows, and every row from the listing's JSON file --------

# The fixture dataset, with listings of one row a page and every year of the timeline split by
# month, so that its four companies and two entries of 2024 span pages.
ROWS_A_PAGE = 1


@pytest.fixture(scope="module")
def paged_site_url(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("paged") / "project")
    site = project / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            prepare, "Renderer", functools.partial(Renderer, listing_page_size=ROWS_A_PAGE, month_pages_above=1)
        )
        patch.setenv("NO_MKDOCS_2_WARNING", "1")
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    server, url = serve(site)
    yield url
    server.shutdown()


@pytest.fixture(params=SCREENS)
def screen(request) -> str:
    """Each test of a paged listing runs on a desktop's window (1280 px) and a phone's (390 px)."""
    return request.param


@pytest.fixture
def listing_page(new_page, screen):
    return new_page(**SCREENS[screen])


def names(page, selector: str = "[data-rb-live] tbody tr td:first-child a") -> list[str]:
    return page.locator(selector).all_inner_texts()


def test_a_listing_shows_its_first_page_and_its_script_pages_through_every_row(listing_page, paged_site_url):
    page = listing_page
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if request.url.endswith("/rows.json") else None)
    open_listing(page, paged_site_url + "companies/")
    # Once: the head's preload starts it with the page, and the script's fetch takes it over.
    assert fetched == [paged_site_url + "companies/list/rows.json"]
    assert names(page) == ["Acme Robotics"]
    pager = page.locator("nav.rb-pager").first
    assert pager.locator(".rb-pager-status").inner_text() == "1–1 of 4"
    pager.get_by_role("button", name="Next").click()
    assert names(page) == ["Beta Labs"]
    assert urlsplit(page.url).query == "page=2"
    page.reload()  # the address keeps the page
    open_listing(page, page.url)
    assert names(page) == ["Beta Labs"]
    page.locator("nav.rb-pager").first.get_by_role("button", name="Previous").click()
    assert names(page) == ["Acme Robotics"] and urlsplit(page.url).query == ""


def test_sorting_a_listing_orders_every_row_not_only_the_pages_own(listing_page, paged_site_url):
    page = listing_page
    open_listing(page, paged_site_url + "companies/")
    heading = page.locator("#rb-companies th", has_text="Name")
    heading.click()
    heading.click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert names(page) == ["Gamma Ventures"]  # on the listing's last page without the script
    assert urlsplit(page.url).query == "sort=0-desc"
    # The largest total raised first: Acme Robotics' $102M; the companies without one come last.
    page.locator("#rb-companies th", has_text="Total raised").click()
    page.locator("#rb-companies th", has_text="Total raised").click()
    assert names(page) == ["Acme Robotics"]


def test_a_listings_filters_find_rows_on_every_page(listing_page, paged_site_url):
    page = listing_page
    open_listing(page, paged_site_url + "companies/?country=CN")
    assert page.locator("select[name=country]").input_value() == "CN"
    assert page.locator("form[data-rb-filters] .rb-filter-count").inner_text() == "2 of 4 shown"
    assert names(page) == ["Acme Robotics"]
    page.locator("nav.rb-pager").first.get_by_role("button", name="Next").click()
    assert names(page) == ["Delta Group"]  # the third row of the whole listing
    page.select_option("select[name=country]", "")
    assert urlsplit(page.url).query == ""  # back to the first page of them all
    assert names(page) == ["Acme Robotics"]
    page.locator("input[data-rb-filter]").fill("investment firm")
    assert names(page) == ["Gamma Ventures"]


def test_the_investors_listing_sorts_and_filters_every_investor(listing_page, paged_site_url):
    page = listing_page
    open_listing(page, paged_site_url + "investors/")
    everyone = names(page)
    for _ in range(2):
        page.locator("nav.rb-pager").first.get_by_role("button", name="Next").click()
        everyone += names(page)
    assert everyone == ["Delta Group", "Gamma Ventures", "Jane Roe"]  # most deals first, then by name
    assert page.locator("nav.rb-pager").first.get_by_role("button", name="Next").is_disabled()
    page.locator("input[data-rb-filter]").fill("jane")
    assert names(page) == ["Jane Roe"]
    assert page.locator("nav.rb-pager").first.is_hidden()  # one page of them


def entries(page) -> list[str]:
    return page.locator("[data-rb-live] .rb-timeline > li > a:first-of-type").all_inner_texts()


def test_a_split_year_filters_and_sorts_all_its_entries(listing_page, paged_site_url):
    page = listing_page
    open_listing(page, paged_site_url + "timeline/2024/")
    assert entries(page) == ["Acme Robotics"]  # the newest of the year, a page of one
    page.select_option("select[name=stage]", "seed")
    assert entries(page) == ["Beta Labs"]
    assert urlsplit(page.url).query == "stage=seed"
    page.select_option("select[name=stage]", "")
    page.select_option("select[name=sort]", "reverse")
    assert entries(page) == ["Beta Labs"]  # oldest first
    page.select_option("select[name=sort]", "0-desc")
    assert entries(page) == ["Acme Robotics"]  # the largest amount: $100M against up to $1.67M
    assert urlsplit(page.url).query == "sort=0-desc"


def test_without_the_script_a_listings_pages_reach_every_profile(new_page, screen, paged_site_url):
    page = new_page(java_script_enabled=False, **SCREENS[screen])
    page.goto(paged_site_url + "companies/")
    assert page.locator("form[data-rb-filters]").is_hidden()  # nothing to filter with
    assert page.locator("input[data-rb-filter]").is_hidden()
    pager = page.locator("nav.rb-pager").first
    assert pager.locator("a").all_inner_texts() == ["1", "2", "3", "4"]
    reached = []
    for number in range(1, 5):
        if number > 1:
            page.locator("nav.rb-pager").first.get_by_role("link", name=str(number), exact=True).click()
            expect(page.locator("h1")).to_have_text(f"Companies, page {number} of 4")
        reached += names(page, "#rb-companies tbody tr td:first-child a")
    assert reached == ["Acme Robotics", "Beta Labs", "Delta Group", "Gamma Ventures"]
    page.get_by_role("link", name="Gamma Ventures").click()
    expect(page.locator("h1")).to_have_text("Gamma Ventures")
    # A split year: its newest entries, and its months' pages with the rest.
    page.goto(paged_site_url + "timeline/2024/")
    assert page.locator(".rb-timeline > li > a:first-of-type").all_inner_texts() == ["Acme Robotics"]
    page.get_by_role("link", name="March 2024").click()
    assert sorted(page.locator(".rb-timeline > li > a:first-of-type").all_inner_texts()) == [
        "Acme Robotics",
        "Beta Labs",
    ]


def test_a_listings_script_reads_rows_from_the_site_alone(new_page, paged_site_url):
    """A hand-written page may carry a listing's attributes (the allowlist keeps them): the script
    fetches only a file of the site itself named rows.json, never another site's."""
    page = new_page()

    def elsewhere(route):
        response = route.fetch()
        body = response.text().replace(
            'data-rb-rows="list/rows.json"', 'data-rb-rows="https://tracker.example/rows.json"'
        )
        route.fulfill(response=response, body=body)

    page.route(paged_site_url + "companies/", elsewhere)
    page.goto(paged_site_url + "companies/")
    heading = page.locator("#rb-companies th", has_text="Name")
    heading.click()  # the page's own rows sort (Tablesort), as from a copy opened from disk
    assert heading.get_attribute("aria-sort") in ("ascending", "descending")
    assert page.locator("[data-rb-live]").count() == 0


# Each row's markup, its links made absolute: a further page's links start from its own folder.
ROWS = """t => [...t.tBodies[0].rows].map(row => {
    const copy = row.cloneNode(true);
    copy.querySelectorAll('a[href]').forEach(a => a.setAttribute('href', a.href));
    return copy.outerHTML;
})"""


def test_the_rows_built_from_the_json_file_are_the_pages_own(new_page, screen, paged_site_url):
    """The script builds each row from its data in the JSON file (roundbook/render/listings.py:
    row_tree): the same elements, attributes and text as the page writes for a reader without it."""
    written = new_page(java_script_enabled=False, **SCREENS[screen])
    built = new_page(**SCREENS[screen])
    open_listing(built, paged_site_url + "companies/")
    for number in range(1, 5):
        written.goto(paged_site_url + ("companies/" if number == 1 else f"companies/list/{number}/"))
        assert built.locator("#rb-companies").evaluate(ROWS) == written.locator("#rb-companies").evaluate(ROWS)
        if number < 4:
            built.locator("nav.rb-pager").first.get_by_role("button", name="Next").click()
    # A year's entries, with their links to sources elsewhere.
    open_listing(built, paged_site_url + "timeline/2021/")
    written.goto(paged_site_url + "timeline/2021/")
    entry = "box => [...box.querySelectorAll('[data-rb-body] > li')].map(li => li.outerHTML)"
    assert built.locator("#rb-timeline-2021").evaluate(entry) == written.locator("#rb-timeline-2021").evaluate(entry)
