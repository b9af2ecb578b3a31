"""The companies and investors listings in Chromium: the columns each width shows, and a header
that stays in view while the rows scroll by. tests/test_every_page.py checks that they fit."""

from __future__ import annotations

import pytest

from browser_support import DESKTOP, PHONE_CONTEXT

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
