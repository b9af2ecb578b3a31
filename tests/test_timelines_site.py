"""Timelines, charts, investors, facets and money on the built fixture site."""

from __future__ import annotations

import re

from test_site import article, page


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    following = html.find("<h2", start)
    return html[start : following if following != -1 else len(html)]


def test_a_profile_timeline_tells_its_story_in_order(fixture_site):
    timeline = section(article(page(fixture_site, "companies/acme-robotics")), "timeline")
    entries = re.findall(r'<li data-kind="(\w+)"[^>]*>(.*?)</li>', timeline)
    kinds = [kind for kind, _ in entries]
    assert kinds == ["founded", "milestone", "round", "product", "round"]
    texts = [re.sub(r"<[^>]+>", "", text) for _, text in entries]
    assert texts[0].startswith("May 2020")
    # A round in one line: its title, linking to its row of the rounds table, the amount and the lead.
    assert texts[2] == "2021 Funding Seed: $2M+ raised"
    assert "Roadrunner launched" in texts[3]
    assert texts[4] == "March 12, 2024 Funding Series B: CN¥720M raised, led by Delta Group disputed"
    assert '<a href="./#round-2024-03-series-b">' in entries[4][1]
    # Other events cite their sources; a round's are in its row.
    assert all(re.search(r'href="#source-\d+"', text) for kind, text in entries if kind != "round")


def test_a_profile_chart_draws_approximate_and_at_least_figures_as_such(fixture_site):
    chart = section(article(page(fixture_site, "companies/acme-robotics")), "funding-over-time")
    svg = chart[chart.index("<svg") : chart.index("</svg>")]
    assert re.search(
        r'<svg class="rb-chart"[^>]*role="img"[^>]*aria-labelledby="rb-chart-acme-robotics-title rb-chart-acme-robotics-caption"',
        svg,
    )
    assert (
        '<title id="rb-chart-acme-robotics-title">Acme Robotics: amount raised and valuation over time (US$)</title>'
        in svg
    )
    assert (
        '<figcaption id="rb-chart-acme-robotics-caption">3 figures from 2 rounds, 2021\u2009–\u2009March 12, 2024.'
        in chart
    )
    circles = re.findall(
        r'<circle class="rb-chart-valuation ?([\w-]*)"[^>]*/><text class="rb-chart-label"[^>]*>([^<]+)</text>', svg
    )
    assert circles == [("rb-precision-approximate", "~$700M")]
    amounts = re.findall(r'<rect class="rb-chart-amount ?([\w-]*)"', svg)
    assert amounts == ["rb-precision-at-least", ""]  # exact: drawn solid, no precision class
    assert "rb-chart-arrow" in svg  # "at least" points the way the true figure may lie
    assert "1 reported figure undisclosed or without a dollar value is counted but not drawn." in chart
    # The key above the chart, drawn by the stylesheet, is left to the caption for screen readers.
    assert chart.count('<p class="rb-chart-key" aria-hidden="true">') == 1 and "hollow)</span></p><svg" in chart
    # Its figures are in the rounds table, where the caption sends readers.
    assert "<table" not in chart
    assert 'in the <a href="#funding-rounds">funding rounds</a> table.</figcaption>' in chart


def test_year_page_lists_the_round_under_its_month(fixture_site):
    html = article(page(fixture_site, "timeline/2024"))
    march = html[html.index('id="month-2024-03"') :]
    march = march[: march.index("</section>")]
    assert '<a href="../../companies/acme-robotics/#round-2024-03-series-b">Series B</a>' in march
    assert '<a href="../../companies/beta-labs/#round-2024-03-seed">Seed (extension)</a>' in march
    assert 'data-country="CN"' in march and 'data-country="DE"' in march
    assert (
        '<select name="country" data-rb-filter-key="country" data-rb-filter-mode="equal"><option value="">Any</option>'
        '<option value="CN">China</option><option value="DE">Germany</option></select>'
    ) in html


def test_investors_are_ranked_by_deals_then_by_leads(fixture_site):
    html = article(page(fixture_site, "investors"))
    ranked = re.findall(r'<td><a href="../(companies|people)/([a-z0-9-]+)/">', html)
    assert [slug for _, slug in ranked] == ["delta-group", "gamma-ventures", "jane-roe"]
    assert "<td>Corporation</td> <td>2</td> <td>1</td>" in html  # Delta Group: 2 deals, 1 led
    assert "<td>Person</td> <td>2</td> <td>0</td>" in html  # Jane Roe: 2 deals, none led


def test_an_investor_lists_portfolio_deals_and_co_investors(fixture_site):
    html = article(page(fixture_site, "companies/delta-group"))
    portfolio = section(html, "portfolio")
    assert "<p>Delta Group invested in 2 companies through 2 rounds, leading 1.</p>" in portfolio
    deals = portfolio[portfolio.index('id="deals"') : portfolio.index("</table>")]
    assert re.findall(r'<td><a href="../([a-z0-9-]+)/">', deals) == ["acme-robotics", "beta-labs"]
    co_investors = portfolio[portfolio.index('id="most-frequent-co-investors"') :]
    assert re.findall(r'<li><a href="../(?:../people/)?([a-z0-9-]+)/">', co_investors) == ["gamma-ventures", "jane-roe"]
    assert "Gamma Ventures</a>: 2 shared rounds" in co_investors


def test_a_cny_round_shows_yuan_and_dollars(fixture_site):
    html = article(page(fixture_site, "companies/acme-robotics"))
    assert ('CN¥720M <span class="rb-usd" title="at 7.2 CNY per US dollar, 2024-03">(≈ $100M;') in html


def test_facet_pages_are_linked_from_profiles(fixture_site):
    html = article(page(fixture_site, "companies/acme-robotics"))
    assert '<a href="../../sectors/artificial-intelligence/">Artificial intelligence</a>' in html
    assert 'Shenzhen, <a href="../../countries/cn/">China</a>' in html
    china = article(page(fixture_site, "countries/cn"))
    assert '<a href="../../companies/acme-robotics/">Acme Robotics</a>' in china
    assert '<a href="../../companies/acme-robotics/#round-2024-03-series-b">' in china
    assert "beta-labs" not in china  # a German company
    sector = article(page(fixture_site, "sectors/software"))
    assert '<a href="../../companies/beta-labs/">Beta Labs</a>' in sector


def test_stats_charts_count_undisclosed_rounds_without_drawing_them(fixture_site):
    html = article(page(fixture_site, "stats"))
    country = section(html, "by-country")
    # Beta Labs' only round is "up to" €1.5M: counted, never drawn as a bar.
    germany = country[country.index(">Germany</text>") :]
    assert re.match(
        r'>Germany</text><text class="rb-chart-label" text-anchor="end" x="\d+(\.\d+)?" y="\d+(\.\d+)?">'
        r"amount not known · 1 round</text></svg>",
        germany,
    )
    assert "1 reported only as “up to”" in country
    # Acme's 2021 seed was "at least $2M": a hatched bar.
    assert 'class="rb-bar-minimum" fill="url(#rb-chart-per-year-hatch)"' in section(html, "per-year")
    assert "1 round dated only by the year is left out." in section(html, "per-month")
