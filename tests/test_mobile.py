"""The key pages on a phone (390 x 844 CSS pixels, touch, as an iPhone 12 to 15): nothing wider
than the screen, wide tables scrolling inside their own box, filters that work with a tap."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import PHONE, PHONE_CONTEXT, overflow

KEY_PAGES = {
    "home": "",
    "companies index": "companies/",
    "company profile": "companies/acme-robotics/",
    "investor profile": "companies/delta-group/",
    "investors index": "investors/",
    "timeline year": "timeline/2024/",
    "stats": "stats/",
    "data": "data/",
}


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE_CONTEXT)


@pytest.mark.parametrize("kind", KEY_PAGES)
def test_nothing_is_wider_than_a_phone(phone, site_url, kind):
    phone.goto(site_url + KEY_PAGES[kind])
    measured = overflow(phone)
    assert measured["scrollWidth"] <= measured["innerWidth"], (
        f"/{KEY_PAGES[kind]} is {measured['scrollWidth']} px wide on a {measured['innerWidth']} px screen; "
        f"sticking out: {measured['culprits']}")


def test_a_wide_table_scrolls_inside_its_box(phone, site_url):
    phone.goto(site_url + "companies/")
    box = phone.locator(".md-typeset__scrollwrap:has(#rb-companies)")
    widths = box.evaluate("e => ({scroll: e.scrollWidth, client: e.clientWidth, right: e.getBoundingClientRect().right})")
    assert widths["scroll"] > widths["client"], widths  # the table is wider than the screen...
    assert widths["right"] <= PHONE["width"], widths  # ...its box is not...
    box.evaluate("e => e.scrollBy(200, 0)")  # ...and a swipe moves the table inside it
    assert box.evaluate("e => e.scrollLeft") > 0
    assert phone.evaluate("() => window.scrollX") == 0


def test_filters_work_on_a_phone(phone, site_url):
    phone.goto(site_url + "companies/")
    rows = phone.locator("#rb-companies tbody tr:visible td:first-child a")
    assert rows.count() == 4
    country = phone.locator("select[name=country]")
    box = country.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box  # on the screen, not off to the side
    country.tap()
    phone.select_option("select[name=country]", "CN")
    assert sorted(rows.all_inner_texts()) == ["Acme Robotics", "Delta Group"]
    assert urlsplit(phone.url).query == "country=CN"
    phone.goto(site_url + "timeline/2024/")
    phone.locator("select[name=amount]").tap()
    phone.select_option("select[name=amount]", "100000000")
    assert phone.locator(".rb-timeline > li:visible > a:first-of-type").all_inner_texts() == ["Acme Robotics"]
