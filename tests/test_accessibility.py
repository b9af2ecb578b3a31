"""Accessibility in a real browser: axe-core (vendored in tests/vendor/axe-core) on every kind of
page, in the light and dark themes; search and filters with the keyboard alone; charts and tables
as a screen reader gets them, from the accessibility tree."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser_support import describe_violations, open_listing, serious_axe_violations, serve

pytestmark = pytest.mark.browser  # axe-core in Chromium

# One page of every kind the site has.
PAGES = {
    "home": "",
    "companies index": "companies/",
    "company profile": "companies/acme-robotics/",
    "investor profile": "companies/delta-group/",
    "investors index": "investors/",
    "people index": "people/",
    "person profile": "people/jane-roe/",
    "timeline": "timeline/",
    "timeline year": "timeline/2024/",
    "stats": "stats/",
    "sectors": "sectors/",
    "sector": "sectors/artificial-intelligence/",
    "countries": "countries/",
    "country": "countries/cn/",
    "data": "data/",
    "recent changes": "changes/",
    "methodology": "methodology/",
    "about": "about/",
}
# Colour contrast differs per theme: the pages with charts, money and filters, also in dark.
DARK_PAGES = ["home", "company profile", "companies index", "timeline year", "stats"]


@pytest.mark.parametrize("kind", PAGES)
def test_axe_finds_no_serious_violations(new_page, site_url, kind):
    page = new_page(color_scheme="light")
    open_listing(page, site_url + PAGES[kind])
    violations = serious_axe_violations(page)
    assert not violations, f"axe-core on the {kind} page (/{PAGES[kind]}):\n" + describe_violations(violations)


@pytest.mark.parametrize("kind", DARK_PAGES)
def test_axe_finds_no_serious_violations_in_the_dark_theme(new_page, site_url, kind):
    page = new_page(color_scheme="dark")
    open_listing(page, site_url + PAGES[kind])
    assert page.locator("body").get_attribute("data-md-color-scheme") == "slate"
    violations = serious_axe_violations(page)
    assert not violations, f"axe-core on the {kind} page (/{PAGES[kind]}), dark:\n" + describe_violations(violations)


@pytest.fixture(scope="module")
def published_url(fixture_site, tmp_path_factory):
    """The site under /roundbook/, the path of site_url, as GitHub Pages serves it: the 404 page
    (shown at any address) links its styles and scripts from there, not relatively."""
    root = tmp_path_factory.mktemp("published")
    (root / "roundbook").symlink_to(fixture_site, target_is_directory=True)
    server, url = serve(root)
    yield url + "roundbook/"
    server.shutdown()


def test_axe_finds_no_serious_violations_on_the_not_found_page(page, published_url):
    page.goto(published_url + "404.html")
    assert page.locator("h1").inner_text().startswith("404")
    violations = serious_axe_violations(page)
    assert not violations, "axe-core on the 404 page:\n" + describe_violations(violations)


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the element matching `selector` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def test_search_with_the_keyboard_alone(page, site_url):
    page.goto(site_url)
    tab_to(page, "input.md-search__input")
    page.keyboard.type("Roadrunner")
    page.locator("li.md-search-result__item mark", has_text="Roadrunner").first.wait_for()
    page.keyboard.press("ArrowDown")  # Material moves the focus into the results
    assert page.evaluate("() => document.activeElement.closest('.md-search-result__item') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(site_url + "companies/acme-robotics/")))
    assert page.locator("h1").inner_text().startswith("Acme Robotics")


def test_timeline_filters_with_the_keyboard_alone(page, site_url):
    page.goto(site_url + "timeline/2024/")
    entries = page.locator(".rb-timeline > li:visible")
    assert entries.count() == 2
    tab_to(page, "select[name=stage]")
    page.keyboard.press("ArrowDown")  # the first stage after "Any"
    assert page.locator("select[name=stage]").input_value() == "seed"
    expect(page.locator(".rb-filter-count")).to_have_text("1 of 2 shown")
    assert entries.locator("a").first.inner_text() == "Beta Labs"
    tab_to(page, "select[name=amount]")
    page.keyboard.press("ArrowDown")  # the smallest minimum, $1M: Beta Labs' up to $1.67M stays
    assert entries.count() == 1
    assert urlsplit(page.url).query == "stage=seed&amount=1000000"
    page.keyboard.press("End")  # the largest minimum, $1B
    assert entries.count() == 0
    assert urlsplit(page.url).query == "stage=seed&amount=1000000000"
    expect(page.locator(".rb-filter-count")).to_have_text("0 of 2 shown")


def test_companies_index_filters_and_sorts_with_the_keyboard_alone(page, site_url):
    open_listing(page, site_url + "companies/")
    tab_to(page, "input[data-rb-filter]")
    page.keyboard.type("investment firm")
    rows = page.locator("#rb-companies tbody tr:visible td:first-child a")
    assert sorted(rows.all_inner_texts()) == ["Gamma Ventures"]
    tab_to(page, "#rb-companies th:first-child")
    page.keyboard.press("Enter")
    header = page.locator("#rb-companies th").first
    assert header.get_attribute("aria-sort") in ("ascending", "descending")
    names = rows.all_inner_texts()
    assert names == sorted(names, reverse=header.get_attribute("aria-sort") == "descending")


def test_a_chart_is_an_image_with_a_name_and_leads_to_the_table_of_its_figures(page, site_url):
    page.goto(site_url + "companies/acme-robotics/")
    chart = page.locator("svg.rb-chart")
    # The title and the caption together name the image (aria-labelledby lists both).
    expect(chart).to_have_role("img")
    expect(chart).to_have_accessible_name(
        "Acme Robotics: amount raised and valuation over time (US$) 3 figures from 2 rounds, 2021\u2009–\u2009March 12, "
        "2024. 2 are not exact and drawn hollow, with an arrow or as a range. 1 reported figure undisclosed or "
        "without a dollar value is counted but not drawn. Each figure is listed, as reported and in US dollars, in "
        "the funding rounds table."
    )
    # Its figures, for who cannot see it: the caption's link, followed with the keyboard, leads to
    # the rounds table, a row per round.
    tab_to(page, ".rb-figure figcaption a")
    page.keyboard.press("Enter")
    # A key press does not wait for the navigation it starts, as a click does: expect waits for it.
    expect(page).to_have_url(re.compile(r"#funding-rounds$"))
    rounds = page.get_by_role("table").filter(has=page.locator("#round-2024-03-series-b"))
    assert rounds.get_by_role("columnheader").all_inner_texts() == [
        "Announced",
        "Round",
        "Amount",
        "Valuation",
        "Investors",
        "Sources",
    ]
    assert [
        cell.strip() for cell in rounds.locator("#round-2024-03-series-b").get_by_role("cell").all_inner_texts()
    ] == [
        "2024-03-12",
        "Series B disputed",
        "CN¥720M (≈ $100M; the source converts it to $101.5M)",
        "~CN¥5B post-money (≈ ~$700M)",
        "Delta Group (lead), Gamma Ventures, Jane Roe",
        "[3][4]",
    ]


def test_every_chart_of_the_stats_page_is_named_and_has_its_data_table(page, site_url):
    page.goto(site_url + "stats/")
    charts = page.get_by_role("img").filter(has=page.locator("title"))
    titles = [chart.locator("title").text_content() for chart in charts.all()]
    assert titles == [
        "Funding per year",
        "Funding and rounds per month",
        "The largest rounds",
        "Rounds and money by stage",
        "Most active lead investors",
        "Funding by the company's country",
        "Funding by sector",
    ], titles  # the fixture has no company with two valuations: no steps to draw
    for figure in page.locator("figure.rb-figure").all():
        title = figure.locator("svg title").text_content()
        expect(figure.get_by_role("img")).to_have_accessible_name(re.compile("^" + re.escape(title) + " "))
        figure.locator("summary").click()
        table = figure.get_by_role("table")
        assert table.get_by_role("columnheader").count() >= 2, title
        assert table.get_by_role("row").count() >= 2, title  # a header row and at least one of data


def test_tables_and_filters_are_announced_with_their_names(page, site_url):
    open_listing(page, site_url + "companies/")
    table = page.get_by_role("table").filter(has=page.get_by_role("columnheader", name="Total raised (US$)"))
    assert table.get_by_role("columnheader").count() >= 5
    # Sortable headings say which way they sort; the filters are labelled.
    page.get_by_role("columnheader", name="Total raised (US$)").click()
    assert page.get_by_role("columnheader", name="Total raised (US$)").get_attribute("aria-sort") in (
        "ascending",
        "descending",
    )
    expect(page.get_by_role("searchbox", name="Filter companies by name")).to_be_visible()
    page.goto(site_url + "timeline/2024/")
    for label in ("Sector", "Country", "Stage", "Amount"):
        expect(page.get_by_role("combobox", name=label, exact=True)).to_be_visible()
    # The count of shown entries is read out when a filter changes.
    assert page.locator(".rb-filter-count").get_attribute("aria-live") == "polite"
