"""The real browser the tests read the site with: Debian's Chromium driven by Playwright, one per
test session, over sites served on localhost; every page it opens is watched for errors.

conftest.py imports the fixtures so that every test module can use them: `chromium` (the one
browser), `tabs` (its pages, cleared after each test), `site_url` (the shipped site, served), `new_page`
(a new page, watched) and `page`.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}  # CSS pixels of an iPhone 12 to 15
PHONE_CONTEXT = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
# Screenshots for people to look at; CI uploads the folder (.github/workflows/pull-request.yml).
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
SEARCH_INDEX = "search/search_index.json"
# The requests a page's route (PageProblems.route) is asked about: all but those to this machine
# and those that need no network. Playwright matches a pattern itself, so the requests for the
# site (a page's every script, style and font) make no round trip through Python.
OFF_THE_MACHINE = re.compile(r"^(?!https?://(?:127\.0\.0\.1|localhost|\[::1\])[:/]|data:|blob:|file:)")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the test output is for failures, not for requests
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that navigates away hangs up mid-answer (a broken pipe): not worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def launch(playwright):
    executable = shutil.which("chromium")
    assert executable, "Chromium is missing: `make test` installs it (scripts/ensure-chromium)"
    return playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)


def explain(url: str, what: str) -> str:
    """One failed request, said so that the cause is plain."""
    path = urlsplit(url).path.lstrip("/")
    if path.endswith(SEARCH_INDEX):
        return f"the search index is missing or failed to load: {path} {what}; search cannot find anything"
    return f"{url} {what}"


class PageProblems:
    """Everything that went wrong on a test's pages: console errors, uncaught exceptions, requests
    that failed or were answered with an HTTP error, and requests to unexpected hosts."""

    def __init__(self):
        self.problems: list[str] = []

    def watch(self, page) -> None:
        page.on(
            "console",
            lambda message: self.problems.append(f"console error: {message.text}") if message.type == "error" else None,
        )
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception on {page.url}: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._answered)

    def _failed(self, request) -> None:
        # The browser cancels the requests in flight when a page navigates away (a click, a
        # reload): net::ERR_ABORTED is the test moving on, not the site failing.
        if request.failure == "net::ERR_ABORTED":
            return
        self.problems.append(explain(request.url, f"failed: {request.failure}"))

    def _answered(self, response) -> None:
        if response.status >= 400:
            self.problems.append(explain(response.url, f"answered HTTP {response.status}"))

    def route(self, route) -> None:
        """Serve localhost and files from disk (the offline bundle) as they are, and report a
        request to any other host: the tests run offline, and a page asks no third party for
        anything (not GitHub's API for the repository's stars: roundbook/theme/partials/source.html;
        not Google Fonts: the theme uses the system's fonts)."""
        host = urlsplit(route.request.url).hostname
        if host in ("127.0.0.1", "localhost") or route.request.url.startswith(("data:", "file:")):
            route.continue_()
        else:
            self.problems.append(f"request to an unexpected host: {route.request.url}")
            route.fulfill(status=200, body="")

    def report(self) -> str:
        if not self.problems:
            return "no problems"
        return f"{len(self.problems)} problem(s) on the pages this test opened:\n" + "\n".join(
            f"- {problem}" for problem in self.problems
        )


class BrowserContexts:
    """The contexts a worker's tests open their pages in: one for each set of context options
    (viewport, phone, colour scheme), kept for the session, each test's pages new in it.

    A page in a context of its own cost Chromium about 0.9 s of CPU, one in a kept context about
    0.5 s (benchmarks/browser_pages.py): most of a browser test's time. A kept context holds one
    blank page open, so that its renderer process, and what that has compiled, outlives a test's
    pages. After each test, `forget` leaves nothing for the next one to find: its pages closed,
    and the browser's cache, the cookies, the permissions and the stored data (local storage,
    IndexedDB, service workers) of every origin its pages showed cleared. A new page starts with
    its own session storage. The context's one route reports a request off the machine to the
    problems of the test's page that made it (or opened the popup that did)."""

    def __init__(self, browser) -> None:
        self.browser = browser
        self.kept: dict[str, tuple] = {}  # options -> (context, its blank page, the origins shown since forget)
        self.watching: dict = {}  # page -> the PageProblems its requests are reported to, until forget

    def open(self, problems: PageProblems, **context_options):
        """A new page, watched by `problems`, in the kept context for `context_options`."""
        options = {"viewport": DESKTOP, **context_options}
        key = repr(sorted(options.items()))
        if key not in self.kept:
            context = self.browser.new_context(**options)
            # Playwright's 30 s default makes a broken page a long wait; a page here loads in well under 1 s.
            context.set_default_timeout(10_000)
            self.kept[key] = (context, context.new_page(), set())
            # On the context, so that a popup's first request is routed too; each is reported to
            # the problems of the page that made it, or of the page that opened that one.
            context.route(OFF_THE_MACHINE, lambda route: self._problems_of(route.request).route(route))
            # A test that closes its page's context (page.context.close()) ends it for the next too.
            context.on("close", lambda _: self.kept.pop(key, None))
        context, _, origins = self.kept[key]
        page = context.new_page()
        self._watch(page, problems, origins)
        return page

    def _watch(self, page, problems: PageProblems, origins: set) -> None:
        """Watch `page`, note the origins it shows, and do the same for its popups."""
        self.watching[page] = problems
        page.on("framenavigated", lambda frame: origins.add(origin_of(frame.url)))
        page.on("popup", lambda popup: self._watch(popup, problems, origins))
        problems.watch(page)

    def _problems_of(self, request) -> PageProblems:
        try:
            page = request.frame.page
        except PlaywrightError:  # a service worker's request has no frame: the test's latest page's
            page = next(reversed(self.watching), None)
        while page is not None and page not in self.watching:
            page = page.opener()
        if page is None:  # not a test's page: the kept blank one never asks for anything
            raise AssertionError(f"a request from no page a test opened: {request.url}")
        return self.watching[page]

    def forget(self) -> None:
        """Close the pages the test opened, and clear what they left in the browser."""
        for context, blank, origins in self.kept.values():
            for page in context.pages:
                if page is not blank:
                    page.close()
            devtools = context.new_cdp_session(blank)
            devtools.send("Network.clearBrowserCache")
            for origin in sorted(origins - {None}):
                devtools.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            devtools.detach()
            origins.clear()
            context.clear_cookies()
            context.clear_permissions()
        self.watching.clear()

    def close(self) -> None:
        for context, _, _ in list(self.kept.values()):
            context.close()
        self.kept.clear()


def origin_of(url: str) -> str | None:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") else None


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def browser_contexts(chromium):
    contexts = BrowserContexts(chromium)
    yield contexts
    contexts.close()


@pytest.fixture
def tabs(browser_contexts):
    """Open a page with tabs.open(problems, viewport=...); whatever the test opened is closed and
    cleared after it."""
    yield browser_contexts
    browser_contexts.forget()


@pytest.fixture(scope="session")
def site_url(fixture_site):
    server, url = serve(fixture_site)
    yield url
    server.shutdown()


@pytest.fixture
def page_problems():
    return PageProblems()


@pytest.fixture
def new_page(tabs, page_problems):
    """Open pages with new_page(viewport=..., color_scheme=...); the test fails on any problem."""
    yield functools.partial(tabs.open, page_problems)
    assert not page_problems.problems, page_problems.report()


@pytest.fixture
def page(new_page):
    return new_page()


def open_listing(page, url: str) -> None:
    """Open a page with listings (the companies, the investors, a busy year) and wait until each
    has its rows from its JSON file: until then it shows and sorts only the page's own."""
    page.goto(url)
    page.locator("[data-rb-rows]:not([data-rb-live])").first.wait_for(state="detached")


def search(page, site_url: str, query: str) -> list[str]:
    """Type a query into Material's search box and return the result links, best first."""
    with page.expect_response(lambda response: response.url.endswith(SEARCH_INDEX)) as index:
        page.goto(site_url)
    if index.value.status >= 400:
        raise AssertionError(explain(index.value.url, f"answered HTTP {index.value.status}"))
    box = page.locator("input.md-search__input")
    box.fill(query)
    # Material searches on key-up; fill() types CJK text without key events.
    box.press("End")
    # Wait for results of this query, not a previous one: Material marks the matched words.
    first_word = query.split()[0]
    page.locator(
        "li.md-search-result__item mark", has_text=re.compile(re.escape(first_word), re.IGNORECASE)
    ).first.wait_for()
    return result_links(page)


def result_links(page) -> list[str]:
    links = page.locator("li.md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    # `?h=kimi#section` only highlights the words on arrival; the page is what matters.
    return [urlsplit(link).path.removeprefix("/") for link in links]


def serious_axe_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


def describe_violations(violations: list[dict]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}; on "
        + "; ".join(
            f"{' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1].strip()}"
            for node in v["nodes"][:5]
        )
        for v in violations
    )


def screenshot(page, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # The same page should give the same picture: every transition finished.
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def overflow(page, width: int) -> dict:
    """How the page fits a screen `width` CSS pixels wide: its width (scrollWidth), the width it was
    laid out at (a phone widens its layout viewport, innerWidth, to whatever the page needs, so
    innerWidth is no yardstick: it grows with the page), and the five elements reaching furthest
    past the screen's right edge. Content inside a scroller (a wide table in its
    .md-typeset__scrollwrap) may be wider than the screen, but the scroller itself must fit; the
    closed navigation drawer lies off to the left, and hidden elements take no room."""
    return page.evaluate(
        """(width) => {
        const scrolled = e => {
            for (let box = e.parentElement; box && box !== document.body; box = box.parentElement) {
                if (getComputedStyle(box).overflowX !== 'visible') return true;
            }
            return false;
        };
        const culprits = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > width + 1 && e.offsetParent !== null)
            .filter(e => !scrolled(e) && !e.closest('.md-sidebar, .md-search, [hidden]'))
            .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right)
            .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                             + (e.getAttribute('class') ? '.' + e.getAttribute('class').trim().split(/\\s+/).join('.') : ''));
        return {scrollWidth: document.documentElement.scrollWidth, layoutWidth: window.innerWidth, culprits};
    }""",
        width,
    )
