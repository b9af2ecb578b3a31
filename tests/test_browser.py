"""The site as a reader uses it, in a real browser (Debian's Chromium driven by Playwright) over the
built site served on localhost: the home page, search, a profile, the indexes, the timeline, an
investor's portfolio and the downloads. Every test also fails on any console error, uncaught
exception or failed request on the pages it opened (browser_support.PageProblems)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import socket
from urllib.parse import urlsplit

import pytest

from browser_support import SEARCH_INDEX, PageProblems, open_listing, search, serve
from conftest import make_project, mkdocs_build

pytestmark = pytest.mark.browser  # readers' journeys in Chromium

PUBLISHED_AT = "https://roundbook.github.io/roundbook/"  # site_url in mkdocs.yml

# Two fictional companies: their names share characters (a search for one must not find the
# other), and their totals sort differently as numbers and as text. Each has an alias; a person
# whose name in its own script shares a character with theirs joins them.
DECOY = """\
name: {name}
native_name: {native}
aliases: [{alias}]
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

DECOY_PERSON = """\
name: Lin Yue
native_name: 林月
summary: A fictional person for the search test.
sources: [{id: s, url: "https://example.org/lin-yue", publisher: Example}]
"""


@pytest.fixture(scope="module")
def decoy_site_url(tmp_path_factory):
    project = make_project(tmp_path_factory.mktemp("decoys") / "project")
    for slug, name, native, alias, amount in [
        ("dark-moon", "Dark Moon", "月之暗面", "Umbra Labs", "1B"),
        ("moon-river", "Moon River", "月亮之河", "Selene Stream", "300M"),
    ]:
        (project / f"content/companies/{slug}.yml").write_text(
            DECOY.format(name=name, native=native, alias=alias, slug=slug)
        )
        (project / f"content/rounds/{slug}").mkdir()
        (project / f"content/rounds/{slug}/2024-01-seed.yml").write_text(ROUND.format(amount=amount, slug=slug))
    (project / "content/people/lin-yue.yml").write_text(DECOY_PERSON)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(project / "site")
    yield url
    server.shutdown()


# Material wraps each table of a page in a scrolling <div> (md-typeset__scrollwrap).


def test_the_home_page_shows_the_headline_numbers_and_the_latest_rounds(page, site_url):
    page.goto(site_url)
    assert page.locator("h1").inner_text().startswith("Roundbook AI Funding Tracker")
    headline = page.locator(".rb-headline td").all_inner_texts()
    assert headline == ["4", "1", "3", "at least $100M"]
    latest = page.locator("#latest-rounds + .md-typeset__scrollwrap table tbody tr")
    assert latest.count() == 3
    # Newest first: 2024-03-12, 2024-03 (dated by its month), 2021.
    assert [row.locator("td").nth(1).inner_text() for row in latest.all()] == [
        "Acme Robotics",
        "Beta Labs",
        "Acme Robotics",
    ]
    page.locator("#largest-rounds + .md-typeset__scrollwrap table tbody tr").first.get_by_role(
        "link", name="Acme Robotics"
    ).click()
    page.wait_for_url(f"{site_url}companies/acme-robotics/")
    assert page.locator("h1").inner_text().startswith("Acme Robotics")


@pytest.mark.parametrize(
    "query, expected, heading",
    [
        ("Acme", "companies/acme-robotics/", "Acme Robotics"),  # a name
        ("阿克米机器人", "companies/acme-robotics/", "Acme Robotics"),  # the name in its own script
        ("Roadrunner", "companies/acme-robotics/", "Acme Robotics"),  # a product
        ("Gamma", "companies/gamma-ventures/", "Gamma Ventures"),  # an investor's name
        ("Automata", "companies/acme-robotics/", "Acme Robotics"),  # a former name
        ("Jane Roe", "people/jane-roe/", "Jane Roe"),  # a person
    ],
    ids=["name", "own-script", "product", "investor-name", "former-name", "person"],
)
def test_search_finds_the_right_profile_and_opens_it(page, site_url, query, expected, heading):
    results = search(page, site_url, query)
    assert results, f"no results for {query}"
    assert results[0] == expected, results
    page.locator("li.md-search-result__item > a.md-search-result__link").first.click()
    page.wait_for_url(re.compile(re.escape(site_url + expected)))
    assert page.locator("h1").inner_text().startswith(heading)


@pytest.mark.parametrize(
    "query, expected, heading",
    [
        ("Umbra", "companies/dark-moon/", "Dark Moon"),  # an alias
        ("林月", "people/lin-yue/", "Lin Yue"),  # a person's name in its own script
    ],
    ids=["alias", "person-own-script"],
)
def test_search_finds_a_profile_by_alias_and_a_person_by_their_own_script(
    page, decoy_site_url, query, expected, heading
):
    results = search(page, decoy_site_url, query)
    assert results and results[0] == expected, results
    page.locator("li.md-search-result__item > a.md-search-result__link").first.click()
    page.wait_for_url(re.compile(re.escape(decoy_site_url + expected)))
    assert page.locator("h1").inner_text().startswith(heading)


def test_a_name_in_chinese_finds_no_profile_that_only_shares_characters(page, decoy_site_url):
    # Without the names registered with jieba, 月之暗面 is indexed as 月 / 之 / 暗面 and the
    # query matches 月亮之河 too.
    results = search(page, decoy_site_url, "月之暗面")
    profiles = {r for r in results if r.count("/") == 2}  # companies/<slug>/ and people/<slug>/
    assert profiles == {"companies/dark-moon/"}, results


def test_a_company_is_found_by_its_investors_names(page, site_url):
    found = search(page, site_url, "Gamma Ventures")
    assert "companies/acme-robotics/" in found and "companies/beta-labs/" in found, found


def test_a_missing_search_index_fails_the_search_and_says_so(tabs, fixture_site, tmp_path):
    """Break the search as a bad deployment would, and search that site as the search tests do:
    the search fails with the cause, and the page check reports the failed request too."""
    broken = tmp_path / "site"
    shutil.copytree(fixture_site, broken)
    (broken / SEARCH_INDEX).unlink()
    server, url = serve(broken)
    problems = PageProblems()
    try:
        page = tabs.open(problems)
        with pytest.raises(AssertionError) as failure:
            search(page, url, "Roadrunner")
    finally:
        server.shutdown()
    message = (
        "the search index is missing or failed to load: search/search_index.json answered HTTP 404; "
        "search cannot find anything"
    )
    assert str(failure.value) == message
    assert message in problems.problems, problems.report()


def test_a_profile_shows_its_chart_timeline_investors_and_citations(page, site_url):
    page.goto(site_url + "companies/acme-robotics/")
    chart = page.get_by_role("img", name="Acme Robotics: amount raised and valuation over time (US$)")
    assert chart.is_visible()
    assert chart.locator("text.rb-chart-label").all_text_contents() == ["$2M+", "$100M", "~$700M"]
    timeline = page.locator("#timeline + ol.rb-timeline > li")
    assert [entry.inner_text().split(" ")[0] for entry in timeline.locator("time").all()] == [
        "May",
        "May",
        "2021",
        "February",
        "March",
    ]
    assert timeline.filter(has_text="Roadrunner launched").count() == 1
    investors = page.locator("#investors + p")
    assert investors.get_by_role("link").all_inner_texts() == ["Jane Roe", "Delta Group", "Gamma Ventures"]
    assert investors.inner_text() == "Jane Roe (2 rounds), Delta Group (lead), Gamma Ventures."
    # A round's stable anchor, then a citation marker that leads to its source.
    page.locator("#funding-rounds + .md-typeset__scrollwrap table").get_by_role("link", name="Series B").click()
    assert urlsplit(page.url).fragment == "round-2024-03-series-b"
    assert page.locator("#round-2024-03-series-b").is_visible()
    page.locator("#round-2024-03-series-b .rb-cite a", has_text="[4]").click()
    assert urlsplit(page.url).fragment == "source-4"
    source = page.locator("ol.rb-sources li:target")
    assert source.get_attribute("id") == "source-4"
    assert source.locator("a").get_attribute("href").startswith("https://")
    investors.get_by_role("link", name="Delta Group").click()
    page.wait_for_url(f"{site_url}companies/delta-group/")


def test_an_investors_profile_lists_its_portfolio_and_deals(page, site_url):
    page.goto(site_url + "companies/delta-group/")
    portfolio = page.locator("#portfolio + p")
    assert portfolio.inner_text() == "Delta Group invested in 2 companies through 2 rounds, leading 1."
    deals = page.locator("#deals + .md-typeset__scrollwrap table tbody tr")
    assert [row.locator("td").nth(4).inner_text() for row in deals.all()] == ["Lead", "Participant"]
    deals.get_by_role("link", name="Acme Robotics", exact=True).first.click()
    page.wait_for_url(f"{site_url}companies/acme-robotics/")


def test_the_companies_index_sorts_by_dollar_figures(page, decoy_site_url):
    open_listing(page, decoy_site_url + "companies/")
    header = page.locator(".rb-sortable th", has_text="Total raised (US$)")
    header.click()
    order = header.get_attribute("aria-sort")
    names = page.locator(".rb-sortable tbody tr td:first-child a").all_inner_texts()
    ranked = [name for name in names if name in ("Dark Moon", "Moon River")]
    # $300M < $1B as numbers, though "$1B" < "$300M" as text.
    assert ranked == (["Moon River", "Dark Moon"] if order == "ascending" else ["Dark Moon", "Moon River"]), order


def test_the_companies_index_filters_as_you_type(page, site_url):
    open_listing(page, site_url + "companies/")
    page.locator("input[data-rb-filter]").fill("investment firm")
    visible = page.locator(".rb-sortable tbody tr:visible td:first-child a").all_inner_texts()
    assert set(visible) == {"Gamma Ventures"}


def visible_companies(page) -> list[str]:
    return page.locator(".rb-timeline > li:visible > a:first-of-type").all_inner_texts()


def test_timeline_filters_by_country_and_the_url_records_it(page, decoy_site_url):
    page.goto(decoy_site_url + "timeline/2024/")
    assert page.locator(".rb-timeline > li:visible").count() == 4
    page.select_option("select[name=country]", "CN")
    assert visible_companies(page) == ["Acme Robotics"]
    assert urlsplit(page.url).query == "country=CN"
    assert page.locator("section.rb-month:visible h2").all_inner_texts() == ["March 2024¶"]
    assert page.locator(".rb-filter-count").inner_text() == "1 of 4 shown"
    # A shared link opens already filtered.
    page.goto(decoy_site_url + "timeline/2024/?country=DE&stage=seed")
    assert page.locator("select[name=country]").input_value() == "DE"
    assert visible_companies(page) == ["Beta Labs"]
    page.select_option("select[name=country]", "")
    assert urlsplit(page.url).query == "stage=seed"
    assert sorted(visible_companies(page)) == ["Beta Labs", "Dark Moon", "Moon River"]


def test_timeline_filtered_by_country_and_stage_is_restored_on_reload(page, decoy_site_url):
    page.goto(decoy_site_url + "timeline/2024/")
    page.select_option("select[name=stage]", "seed")
    page.select_option("select[name=country]", "DE")
    assert urlsplit(page.url).query == "stage=seed&country=DE"
    page.reload()
    assert page.locator("select[name=stage]").input_value() == "seed"
    assert page.locator("select[name=country]").input_value() == "DE"
    assert visible_companies(page) == ["Beta Labs"]
    assert page.locator(".rb-filter-count").inner_text() == "1 of 4 shown"


def test_timeline_filters_by_amount(page, decoy_site_url):
    page.goto(decoy_site_url + "timeline/2024/?amount=100000000")
    assert sorted(visible_companies(page)) == ["Acme Robotics", "Dark Moon", "Moon River"]  # $100M, $1B, $300M


def test_companies_index_filters_by_country_sector_and_money(page, site_url):
    open_listing(page, site_url + "companies/?country=CN")
    rows = page.locator("#rb-companies tbody tr:visible td:first-child a")
    assert sorted(rows.all_inner_texts()) == ["Acme Robotics", "Delta Group"]  # Gamma Ventures: no headquarters
    open_listing(page, site_url + "companies/?valuation=100000000")
    assert sorted(rows.all_inner_texts()) == ["Acme Robotics"]  # $694.44M: filters compare the figure unrounded
    open_listing(page, site_url + "companies/?sector=venture-capital&last=2024")
    assert sorted(rows.all_inner_texts()) == []  # Gamma Ventures raised no round
    open_listing(page, site_url + "companies/?sector=venture-capital")
    assert sorted(rows.all_inner_texts()) == ["Gamma Ventures"]
    open_listing(page, site_url + "companies/?raised=100000000")
    # Acme: $102M, shown "at least $100M"; Beta Labs' "up to" is not added.
    assert sorted(rows.all_inner_texts()) == ["Acme Robotics"]


def fetch(page, url: str):
    """A download as the browser gets it (with its cookies and cache rules), checked to be served."""
    response = page.request.get(url)
    assert response.status == 200, f"{url} answered HTTP {response.status}"
    return response


def test_the_downloads_are_linked_and_served(page, site_url):
    page.goto(site_url + "data/")
    downloads = page.locator("#downloads ~ .md-typeset__scrollwrap table").first.locator("a")
    hrefs = [
        urlsplit(page.url)._replace(path=urlsplit(page.url).path + href).geturl()
        for href in downloads.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]
    assert [href.rsplit("/", 1)[1] for href in hrefs] == ["rounds.csv", "investments.csv", "companies.csv"]
    for href in hrefs:
        response = fetch(page, href)
        assert response.headers["content-type"].startswith("text/csv"), href
        rows = list(csv.DictReader(io.StringIO(response.text())))
        assert rows, f"{href} has no rows"
    rounds = list(csv.DictReader(io.StringIO(fetch(page, hrefs[0]).text())))
    assert {row["company_slug"] for row in rounds} == {"acme-robotics", "beta-labs"}

    # The JSON API: the index names every endpoint at the published address; each is served here.
    index = fetch(page, site_url + "api/v2/index.json").json()
    for name, endpoint in index["endpoints"].items():
        document = json.loads(fetch(page, endpoint.replace(PUBLISHED_AT, site_url)).text())
        assert document["document"] == name
    for name, slug in (("company_document", "acme-robotics"), ("person_document", "jane-roe")):
        assert fetch(page, site_url + index["addresses"][name].format(slug=slug)).json()["slug"] == slug
    # A profile links its own JSON document, and the home page the rounds as CSV and JSON.
    page.goto(site_url + "companies/acme-robotics/")
    profile_json = page.locator(".rb-data-links").get_by_role("link", name="JSON")
    assert fetch(page, profile_json.evaluate("a => a.href")).json()["slug"] == "acme-robotics"
    page.goto(site_url)
    for name in ("rounds.csv", "JSON"):
        fetch(page, page.locator(".rb-data-links").get_by_role("link", name=name, exact=True).evaluate("a => a.href"))


def test_the_page_check_reports_console_errors_exceptions_and_failed_requests(tabs, tmp_path):
    """The check every browser test ends with, on a page that does everything it must catch."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><title>t</title><img src="missing.png" alt="">'
        '<script>console.error("boom"); fetch("https://tracker.example/x"); throw new Error("oops")</script>'
    )
    server, url = serve(tmp_path)
    problems = PageProblems()
    page = tabs.open(problems)
    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
    finally:
        page.close()
        server.shutdown()
    report = problems.report()
    assert report.startswith("5 problem(s) on the pages this test opened:\n"), report
    for expected in [
        "- console error: boom",
        f"- uncaught exception on {url}: oops",
        f"- {url}missing.png answered HTTP 404",
        "- request to an unexpected host: https://tracker.example/x",
    ]:
        assert expected in report.splitlines(), report


@pytest.fixture(scope="module")
def injection_url(injection_site, tmp_path_factory):
    # Served under the path of site_url, as GitHub Pages serves it: 404.html links its assets there.
    root = tmp_path_factory.mktemp("served")
    (root / "roundbook").symlink_to(injection_site, target_is_directory=True)
    server, url = serve(root)
    yield url + "roundbook/"
    server.shutdown()


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


def test_a_popup_is_watched_as_the_page_that_opened_it(tabs, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><title>opener</title>")
    (tmp_path / "popup.html").write_text(
        "<!doctype html><title>popup</title><button onclick=\"console.error('from the popup');"
        "fetch('https://tracker.example/popup')\">Go</button>"
    )
    server, url = serve(tmp_path)
    problems = PageProblems()
    try:
        page = tabs.open(problems)
        page.goto(url)
        with page.expect_popup() as opened:
            page.evaluate("() => { window.open('popup.html'); }")
        popup = opened.value
        with popup.expect_response("https://tracker.example/popup"):
            popup.get_by_role("button", name="Go").click()
    finally:
        server.shutdown()
    assert sorted(problems.problems) == [
        "console error: from the popup",
        "request to an unexpected host: https://tracker.example/popup",
    ], problems.report()


def test_what_a_test_leaves_in_the_browser_is_gone_for_the_next(browser_contexts, tmp_path):
    """The kept contexts (browser_support.BrowserContexts) after `forget`, as the next test finds
    them: no page of the last test, no cookie, no stored data. (Their route keeps Chromium's HTTP
    cache out of use: Playwright turns it off where a route is set.)"""
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>")
    server, url = serve(tmp_path)
    stored = """() => Promise.all([localStorage.getItem('theme'), sessionStorage.getItem('query'), document.cookie,
        indexedDB.databases().then(all => all.map(db => db.name))])"""
    try:
        for options in ({}, {"is_mobile": True, "viewport": {"width": 390, "height": 844}}):  # two kept contexts
            page = browser_contexts.open(PageProblems(), **options)
            page.goto(url)
            page.evaluate("""() => { localStorage.setItem('theme', 'dark'); sessionStorage.setItem('query', 'x');
                document.cookie = 'seen=1; max-age=3600'; indexedDB.open('kept-db'); }""")
            page.wait_for_function("() => indexedDB.databases().then(all => all.length === 1)")
            assert page.evaluate(stored) == ["dark", "x", "seen=1", ["kept-db"]]
            browser_contexts.forget()
            assert page.is_closed()
            page = browser_contexts.open(PageProblems(), **options)
            page.goto(url)
            assert page.evaluate(stored) == [None, None, "", []]
            browser_contexts.forget()
        page.context.close()  # as a test may: the next page is in a new context
        browser_contexts.forget()
        assert not browser_contexts.open(PageProblems(), **options).is_closed()
        browser_contexts.forget()
    finally:
        server.shutdown()


@pytest.mark.slow  # more than a hundred pages, one after the other
def test_no_injected_script_runs_on_any_page(chromium, injection_site, injection_url):
    """Every built page of the injection corpus, in Chromium: no dialog, no console error, no
    script of the payloads (they set window.__pwned), no navigation, no request off the site."""
    pages = sorted(path.relative_to(injection_site).as_posix() for path in injection_site.rglob("*.html"))
    assert len(pages) > 100
    incidents: list[str] = []
    current = {"url": ""}
    # A context of its own in the session's browser whose requests off the site go to a proxy that
    # refuses them: nothing leaves the machine, and the test sees each request go. (Routing every
    # request through the test, as page.route does, turns the browser's cache off and made the
    # hundred pages a third slower.)
    nowhere = socket.socket()  # bound and never listening: a connection to it is refused
    nowhere.bind(("127.0.0.1", 0))
    proxy = {"server": f"http://127.0.0.1:{nowhere.getsockname()[1]}", "bypass": "127.0.0.1,localhost"}
    context = chromium.new_context(proxy=proxy)
    try:
        page = context.new_page()

        def off_site(request):  # the theme asks no other site for anything either
            if not request.url.startswith((injection_url, "data:", "blob:")):
                incidents.append(f"{current['url']}: request to {request.url}")

        page.on("request", off_site)
        page.on(
            "dialog",
            lambda dialog: (incidents.append(f"{current['url']}: dialog {dialog.message!r}"), dialog.dismiss()),
        )
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
        context.close()
        nowhere.close()
    incidents += [f"{url}: console error {text!r}" for url, source, text in console_errors if source not in missing]
    assert not incidents, "\n".join(incidents[:20])


def test_a_listings_rows_from_its_json_file_show_hostile_names_as_text(page, injection_url):
    """The companies and investors listings build their rows from their JSON files (data, never
    markup: roundbook/render/listings.py): every payload of the injection corpus is a name there,
    shown as its own text, and none runs, sorted, filtered or paged."""
    from injection import PAYLOADS

    fired: list[str] = []
    page.on("dialog", lambda dialog: (fired.append(dialog.message), dialog.dismiss()))
    for path, table in (("companies/", "#rb-companies"), ("investors/", "#rb-investors")):
        open_listing(page, injection_url + path)
        heading = page.locator(f"{table} th").first
        heading.click()  # sorted by name: every row rebuilt from the file
        heading.click()
        names = page.locator(f"{table}[data-rb-live] tbody tr td:first-child a").all_inner_texts()
        assert names and heading.get_attribute("aria-sort") == "descending"
        page.locator("input[data-rb-filter]").fill("")
        # The script's own elements in the table: the rows and what the template writes in them.
        tags = page.locator(table).evaluate(
            "t => [...new Set([...t.tBodies[0].querySelectorAll('*')].map(e => e.localName))]"
        )
        assert set(tags) <= {"tr", "td", "a", "span"}, tags
        assert page.evaluate("() => window.__pwned ?? null") is None
    # The companies named by each payload: the name cell reads as the payload itself.
    open_listing(page, injection_url + "companies/")
    for n in (1, 2, 3, 5, len(PAYLOADS)):
        page.locator("input[data-rb-filter]").fill(PAYLOADS[n - 1])
        shown = page.locator("#rb-companies[data-rb-live] tbody tr td:first-child a").all_inner_texts()
        assert PAYLOADS[n - 1] in shown, (PAYLOADS[n - 1], shown)
    assert page.evaluate("() => window.__pwned ?? null") is None and not fired
