"""Search in a real browser: Debian's Chromium, driven by Playwright, over the built site."""

from __future__ import annotations

import functools
import re
import http.server
import shutil
import threading
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from conftest import make_project, mkdocs_build

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # the test output is for failures, not for requests
        pass


def serve(directory):
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="module")
def site_url(shipped_site):
    server, url = serve(shipped_site)
    yield url
    server.shutdown()


# Two fictional companies: their names share characters (a search for one must not find the
# other), and their totals sort differently as numbers and as text.
DECOY = """\
name: {name}
native_name: {native}
kind: startup
summary: A fictional company for the search test.
sources: [{{id: s, url: "https://example.org/{slug}", publisher: Example}}]
"""


ROUND = """\
announced: 2024-01
stage: seed
amount: {{value: {amount}, currency: USD}}
sources: [{{id: s, url: "https://example.org/{slug}/seed", publisher: Example}}]
"""


@pytest.fixture(scope="module")
def decoy_site_url(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("decoys") / "project")
    for slug, name, native, amount in [("dark-moon", "Dark Moon", "月之暗面", "1B"), ("moon-river", "Moon River", "月亮之河", "300M")]:
        (project / f"content/companies/{slug}.yml").write_text(DECOY.format(name=name, native=native, slug=slug))
        (project / f"content/rounds/{slug}").mkdir()
        (project / f"content/rounds/{slug}/2024-01-seed.yml").write_text(ROUND.format(amount=amount, slug=slug))
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(project / "site")
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def browser_page():
    executable = shutil.which("chromium")
    assert executable, "Chromium is missing: `make test` installs it (scripts/ensure-chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        yield page
        browser.close()


def search(page, site_url: str, query: str) -> list[str]:
    """Type a query into Material's search box and return the result links, best first."""
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.fill(query)
    # Material searches on key-up; fill() types CJK text without key events.
    box.press("End")
    # Wait for results of this query, not a previous one: Material marks the matched words.
    first_word = query.split()[0]
    page.locator("li.md-search-result__item mark", has_text=re.compile(re.escape(first_word), re.IGNORECASE)).first.wait_for()
    links = page.locator("li.md-search-result__item > a.md-search-result__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    # `?h=kimi#section` only highlights the words on arrival; the page is what matters.
    return [urlsplit(link).path.removeprefix("/") for link in links]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Kimi", "companies/moonshot-ai/"),
        ("月之暗面", "companies/moonshot-ai/"),
        ("Hongshan", "companies/hongshan/"),
        ("Yuezhi Anmian", "companies/moonshot-ai/"),
        ("Sequoia", "companies/hongshan/"),  # a former name
        ("蔡崇信", "people/joseph-tsai/"),
    ],
)
def test_search_finds_the_right_profile(browser_page, site_url, query, expected):
    results = search(browser_page, site_url, query)
    assert results, f"no results for {query}"
    assert results[0] == expected, results


def test_a_name_in_chinese_finds_no_profile_that_only_shares_characters(browser_page, decoy_site_url):
    # Without the names registered with jieba, 月之暗面 is indexed as 月 / 之 / 暗面 and the
    # query matches 月亮之河 too.
    results = search(browser_page, decoy_site_url, "月之暗面")
    profiles = {r for r in results if r.count("/") == 2}  # companies/<slug>/ and people/<slug>/
    assert profiles == {"companies/dark-moon/"}, results


def test_a_company_is_found_by_its_investors_names(browser_page, site_url):
    assert "companies/moonshot-ai/" in search(browser_page, site_url, "Monolith Management")


def test_the_companies_index_sorts_by_dollar_figures(browser_page, decoy_site_url):
    browser_page.goto(decoy_site_url + "companies/")
    header = browser_page.locator(".rb-sortable th", has_text="Total raised (US$)")
    header.click()
    order = header.get_attribute("aria-sort")
    names = browser_page.locator(".rb-sortable tbody tr td:first-child a").all_inner_texts()
    ranked = [name for name in names if name in ("Dark Moon", "Moon River")]
    # $300M < $1B as numbers, though "$1B" < "$300M" as text.
    assert ranked == (["Moon River", "Dark Moon"] if order == "ascending" else ["Dark Moon", "Moon River"]), order


def test_the_companies_index_filters_as_you_type(browser_page, site_url):
    browser_page.goto(site_url + "companies/")
    browser_page.locator("input[data-rb-filter]").fill("investment firm")
    visible = browser_page.locator(".rb-sortable tbody tr:visible td:first-child a").all_inner_texts()
    assert set(visible) == {"HongShan", "Long-Z", "Monolith Management", "ZhenFund"}


def visible_companies(page) -> list[str]:
    return page.locator("li.rb-entry:visible > a:first-of-type").all_inner_texts()


def test_timeline_filters_by_country_and_the_url_records_it(browser_page, decoy_site_url):
    page = browser_page
    page.goto(decoy_site_url + "timeline/2024/")
    assert page.locator("li.rb-entry:visible").count() == 4
    page.select_option("select[name=country]", "CN")
    assert visible_companies(page) == ["Acme Robotics"]
    assert urlsplit(page.url).query == "country=CN"
    assert page.locator("section.rb-month:visible h3").all_inner_texts() == ["March 2024¶"]
    assert page.locator(".rb-filter-count").inner_text() == "1 of 4 shown"
    # A shared link opens already filtered.
    page.goto(decoy_site_url + "timeline/2024/?country=DE&stage=seed")
    assert page.locator("select[name=country]").input_value() == "DE"
    assert visible_companies(page) == ["Beta Labs"]
    page.select_option("select[name=country]", "")
    assert urlsplit(page.url).query == "stage=seed"
    assert sorted(visible_companies(page)) == ["Beta Labs", "Dark Moon", "Moon River"]


def test_timeline_filters_by_amount(browser_page, decoy_site_url):
    page = browser_page
    page.goto(decoy_site_url + "timeline/2024/?amount=100000000")
    assert sorted(visible_companies(page)) == ["Acme Robotics", "Dark Moon", "Moon River"]  # $100M, $1B, $300M


def test_companies_index_filters_by_country_sector_and_money(browser_page, site_url):
    page = browser_page
    page.goto(site_url + "companies/?country=US")
    rows = page.locator("#rb-companies tbody tr:visible td:first-child a")
    assert sorted(rows.all_inner_texts()) == ["Google", "Microsoft", "OpenAI"]  # Nvidia: headquarters not sourced
    page.goto(site_url + "companies/?valuation=1000000000")
    assert sorted(rows.all_inner_texts()) == ["Baichuan Intelligence", "Moonshot AI", "Zhipu AI"]
    page.goto(site_url + "companies/?sector=venture-capital&last=2024")
    assert sorted(rows.all_inner_texts()) == []
    page.goto(site_url + "companies/?raised=1000000000")
    assert sorted(rows.all_inner_texts()) == ["Baichuan Intelligence", "Moonshot AI"]


@pytest.fixture(scope="module")
def injection_url(injection_site, tmp_path_factory):
    # Served under the path of site_url, as GitHub Pages serves it: 404.html links its assets there.
    root = tmp_path_factory.mktemp("served")
    (root / "roundbook").symlink_to(injection_site, target_is_directory=True)
    server, url = serve(root)
    yield url + "roundbook/"
    server.shutdown()


# What Material itself asks other sites for (its web font, the repository's star count): answered
# here with nothing, since tests never use the internet. Any other request off the site fails the test.
THEME_HOSTS = {"https://fonts.googleapis.com/": ("text/css", ""), "https://api.github.com/": ("application/json", "{}")}


def harmless_missing(response, site_url: str) -> bool:
    """Two requests on the site that find nothing, and run nothing:
    - an image a hand-written page names (the allowlist keeps <img src>, without its onerror);
    - sitemap.xml beside a feed: Material takes every <link rel="alternate"> for a translation
      of the site and looks for its sitemap (see templates/theme/main.html)."""
    url = response.url
    if not url.startswith(site_url):
        return False
    if response.request.resource_type == "image":
        return True
    return url.startswith(site_url + "feeds/") and url.endswith("/sitemap.xml")


def test_no_injected_script_runs_on_any_page(browser_page, injection_site, injection_url):
    """Every built page of the injection corpus, in Chromium: no dialog, no console error, no
    script of the payloads (they set window.__pwned), no navigation, no request off the site."""
    pages = sorted(path.relative_to(injection_site).as_posix() for path in injection_site.rglob("*.html"))
    assert len(pages) > 100
    incidents: list[str] = []
    # A page of its own in the module's browser (one Playwright per process): its own routes and listeners.
    page = browser_page.context.browser.new_page()
    try:
        current = {"url": ""}

        def refuse_off_site(route):
            for prefix, (content_type, body) in THEME_HOSTS.items():
                if route.request.url.startswith(prefix):
                    return route.fulfill(status=200, content_type=content_type, body=body)
            incidents.append(f"{current['url']}: request to {route.request.url}")
            return route.abort()

        page.route(lambda url: not url.startswith(injection_url), refuse_off_site)
        page.on("dialog", lambda dialog: (incidents.append(f"{current['url']}: dialog {dialog.message!r}"), dialog.dismiss()))
        missing: set[str] = set()  # on-site files that are missing for a known, harmless reason

        def on_response(response):
            if response.status < 400:
                return
            if harmless_missing(response, injection_url):
                missing.add(response.url)
            else:
                incidents.append(f"{current['url']}: {response.status} {response.url}")

        console_errors: list[tuple[str, str, str]] = []  # judged at the end: events come in any order

        def on_console(message):
            if message.type == "error":
                console_errors.append((current["url"], message.location.get("url", ""), message.text))

        page.on("response", on_response)
        page.on("console", on_console)
        page.on("pageerror", lambda error: incidents.append(f"{current['url']}: page error {error}"))
        for relative in pages:
            url = injection_url + relative.removesuffix("index.html")
            current["url"] = url
            page.goto(url, wait_until="load")
            # Let the tasks the load queued run (autofocus, ontoggle, timers of 0 ms) before looking.
            ran = page.evaluate("() => new Promise(done => setTimeout(() => done(window.__pwned ?? null), 0))")
            if ran is not None:
                incidents.append(f"{url}: a payload ran (window.__pwned = {ran})")
            if page.url.split("#")[0] != url:
                incidents.append(f"{url}: navigated to {page.url}")
    finally:
        page.close()
    incidents += [f"{url}: console error {text!r}" for url, source, text in console_errors if source not in missing]
    assert not incidents, "\n".join(incidents[:20])
