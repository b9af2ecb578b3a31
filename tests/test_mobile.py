"""The pages on a phone (390 x 844 CSS pixels, touch, as an iPhone 12 to 15): wide tables scrolling
inside their own box, the navigation drawer opening with a tap, filters that work with a tap.
That no page is wider than the screen is checked on every kind of page by test_every_page.py, with
the measure (`overflow`) that the first test here shows failing on a page made too wide."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from browser_support import PHONE, PHONE_CONTEXT, open_listing, overflow

pytestmark = pytest.mark.browser  # the pages in Chromium, as a phone


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE_CONTEXT)


def test_the_width_check_sees_a_page_wider_than_the_phone(phone, site_url):
    """The width check of every page (test_every_page.py), on a profile made too wide as a broken
    rule would make it."""
    phone.goto(site_url + "companies/acme-robotics/")
    phone.add_style_tag(content=".md-content { min-width: 700px; }")
    measured = overflow(phone, PHONE["width"])
    assert measured["scrollWidth"] > PHONE["width"] and measured["layoutWidth"] > PHONE["width"], measured
    assert "div.md-content" in measured["culprits"], measured


def test_the_navigation_drawer_opens_on_a_phone(phone, site_url):
    phone.goto(site_url + "companies/acme-robotics/")
    menu = phone.locator("label.md-header__button[for=__drawer]")
    companies = phone.locator(".md-nav--primary > .md-nav__list > .md-nav__item > a.md-nav__link", has_text="Companies")
    expect(companies).not_to_be_in_viewport()  # the drawer is closed: the page has the screen
    menu.tap()
    expect(companies).to_be_in_viewport(ratio=1)
    companies.tap()
    expect(phone).to_have_url(site_url + "companies/")


def test_a_profiles_rounds_table_scrolls_inside_its_box(phone, site_url):
    phone.goto(site_url + "companies/acme-robotics/")
    box = phone.locator("#funding-rounds ~ .md-typeset__scrollwrap").first
    widths = box.evaluate(
        "e => ({scroll: e.scrollWidth, client: e.clientWidth, left: e.getBoundingClientRect().left, "
        "right: e.getBoundingClientRect().right})"
    )
    assert widths["left"] >= 0 and widths["right"] <= PHONE["width"], widths  # the box is on the screen
    assert widths["scroll"] > widths["client"], widths  # the table is wider than it, and scrolls inside it
    box.evaluate("e => e.scrollBy(200, 0)")
    assert box.evaluate("e => e.scrollLeft") > 0
    assert phone.evaluate("() => window.scrollX") == 0


def test_filters_work_on_a_phone(phone, site_url):
    open_listing(phone, site_url + "companies/")
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
