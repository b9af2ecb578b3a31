"""Every kind of page in Chromium, on a desktop (1280 px) and a phone (390 px), as a reader with no
connection beyond this machine reads it: the page fits the screen's width, no table needs
scrolling sideways on a desktop, the console shows no error, and no request leaves the machine
(every request to another host fails here, as it would offline, and is recorded)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from browser_support import DESKTOP, PHONE_CONTEXT, PageProblems, overflow

pytestmark = pytest.mark.browser  # the pages in Chromium

# One page of every kind the site has.
PAGES = {
    "home": "",
    "companies listing": "companies/",
    "investors listing": "investors/",
    "people listing": "people/",
    "company profile": "companies/acme-robotics/",
    "investor profile": "companies/gamma-ventures/",
    "person": "people/jane-roe/",
    "timeline": "timeline/",
    "timeline year": "timeline/2024/",
    "sectors": "sectors/",
    "sector": "sectors/artificial-intelligence/",
    "countries": "countries/",
    "country": "countries/cn/",
    "stats": "stats/",
    "data": "data/",
    "recent changes": "changes/",
    "methodology": "methodology/",
    "about": "about/",
}
SCREENS = {"desktop": {"viewport": DESKTOP}, "phone": PHONE_CONTEXT}
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


class OfflineProblems(PageProblems):
    """PageProblems, with every request off the machine failing (not answered with an empty
    page): what Material's scripts do when a request fails is part of what a reader sees."""

    def route(self, route) -> None:
        url = route.request.url
        if urlsplit(url).hostname in LOOPBACK or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.problems.append(f"request leaving the machine: {url}")
            route.abort("internetdisconnected")


# Each table's box: Material wraps a table in a scrolling <div class="md-typeset__scrollwrap">;
# a table without one (a table with a class of its own) is measured against its parent.
TABLES = """() => [...document.querySelectorAll('article table')].filter(t => t.offsetParent !== null).map(t => {
    const box = t.closest('.md-typeset__scrollwrap') || t.parentElement;
    const heading = t.querySelector('th') ? t.querySelector('th').textContent.trim() : '';
    return {first_heading: heading, table: Math.round(t.getBoundingClientRect().width),
            box: box.clientWidth, box_content: box.scrollWidth};
})"""


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("kind", PAGES)
def test_every_page_fits_and_stays_on_the_machine(tabs, site_url, kind, screen):
    problems = OfflineProblems()
    page = tabs.open(problems, **SCREENS[screen])
    try:
        page.goto(site_url + PAGES[kind])
        # Material's scripts start on DOMContentLoaded and ask for what they need at once: a
        # request made then is caught here, as is any console error it causes.
        page.wait_for_load_state("networkidle")
        width = SCREENS[screen].get("viewport", DESKTOP)["width"]
        fit = overflow(page, width)
        tables = page.evaluate(TABLES)
    finally:
        page.close()
    failures = list(problems.problems)
    # Measured against the screen, not against innerWidth: a phone widens its layout viewport to
    # fit a page that is too wide (innerWidth grows with it), so comparing the two passes always.
    if (fit["scrollWidth"], fit["layoutWidth"], fit["culprits"]) != (width, width, []):
        failures.append(
            f"the page is {fit['scrollWidth']} px wide, laid out at {fit['layoutWidth']} px; "
            f"sticking out: {fit['culprits']}"
        )
    if screen == "desktop":
        failures += [f"a table wider than its box: {table}" for table in tables if table["box_content"] > table["box"]]
    assert not failures, f"/{PAGES[kind]} at {width} px:\n" + "\n".join(f"- {failure}" for failure in failures)


def test_the_check_sees_a_request_off_the_machine_and_a_wide_table(tabs, site_url):
    """The checks above, on a page made to break them as a broken theme or template would."""
    problems = OfflineProblems()
    page = tabs.open(problems, viewport=DESKTOP)
    try:
        page.goto(site_url + "companies/")
        page.add_style_tag(content="article table { min-width: 3000px; }")
        tables = page.evaluate(TABLES)
        page.evaluate("() => fetch('https://tracker.example/x').catch(() => null)")
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
    assert any(table["box_content"] > table["box"] for table in tables), tables
    assert "request leaving the machine: https://tracker.example/x" in problems.problems, problems.report()
