"""Timelines, charts, investors, facets and money on the built shipped site."""

from __future__ import annotations

import re

from test_site import article, page


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    following = html.find("<h2", start)
    return html[start:following if following != -1 else len(html)]


def test_moonshot_timeline_tells_its_story_in_order(shipped_site):
    timeline = section(article(page(shipped_site, "companies/moonshot-ai")), "timeline")
    entries = re.findall(r'<li data-kind="(\w+)"[^>]*>(.*?)</li>', timeline)
    kinds = [kind for kind, _ in entries]
    assert kinds == ["founded", "round", "product", "milestone", "round"]
    texts = [re.sub(r"<[^>]+>", "", text) for _, text in entries]
    assert texts[0].startswith("March 2023")
    # A round in one line: its title, linking to its row of the rounds table, the amount and the lead.
    assert texts[1] == "June 2023 Funding Seed: $60M raised"
    assert "Kimi launched" in texts[2]
    assert texts[4] == "February 2024 Funding Venture, stage not disclosed: $1B raised, led by Alibaba Group"
    assert '<a href="./#round-2024-02-alibaba-led">' in entries[4][1]
    # Other events cite their sources; a round's are in its row.
    assert all(re.search(r'href="#source-\d+"', text) for kind, text in entries if kind != "round")


def test_moonshot_chart_draws_the_approximate_valuation_as_approximate(shipped_site):
    chart = section(article(page(shipped_site, "companies/moonshot-ai")), "funding-over-time")
    svg = chart[chart.index("<svg"):chart.index("</svg>")]
    assert re.search(r'<svg class="rb-chart"[^>]*role="img"[^>]*aria-labelledby="rb-chart-moonshot-ai-title rb-chart-moonshot-ai-caption"', svg)
    assert '<title id="rb-chart-moonshot-ai-title">Moonshot AI: amount raised and valuation over time (US$)</title>' in svg
    assert '<figcaption id="rb-chart-moonshot-ai-caption">4 figures from 2 rounds, June 2023 to February 2024.' in chart
    circles = re.findall(r'<circle class="rb-chart-valuation ?([\w-]*)"[^>]*/><text class="rb-chart-label"[^>]*>([^<]+)</text>', svg)
    assert ("rb-precision-approximate", "~$2.5B") in circles
    assert ("", "$300M") in circles  # exact: drawn solid, no precision class
    # The key above the chart, drawn by the stylesheet, is left to the caption for screen readers.
    assert chart.count('<p class="rb-chart-key" aria-hidden="true">') == 1 and "hollow)</span></p><svg" in chart
    # Its figures are in the rounds table, where the caption sends readers.
    assert "<table" not in chart
    assert 'in the <a href="#funding-rounds">funding rounds</a> table.</figcaption>' in chart


def test_year_page_lists_the_round_under_its_month(shipped_site):
    html = article(page(shipped_site, "timeline/2024"))
    february = html[html.index('id="month-2024-02"'):]
    february = february[:february.index("</section>")]
    assert '<a href="../../companies/moonshot-ai/#round-2024-02-alibaba-led">Venture, stage not disclosed</a>' in february
    assert 'data-country="CN"' in february
    assert '<select name="country" data-rb-filter-key="country" data-rb-filter-mode="equal"><option value="">Any</option><option value="CN">China</option></select>' in html


def test_investors_are_ranked_by_deals(shipped_site):
    html = article(page(shipped_site, "investors"))
    ranked = re.findall(r'<td><a href="../companies/([a-z0-9-]+)/">', html)
    assert ranked[:3] == ["alibaba", "hongshan", "tencent"]
    assert "<td>3</td> <td>1</td>" in html  # Alibaba: 3 deals, 1 led


def test_alibaba_lists_portfolio_deals_and_co_investors(shipped_site):
    html = article(page(shipped_site, "companies/alibaba"))
    portfolio = section(html, "portfolio")
    assert "<p>Alibaba Group invested in 2 companies through 3 rounds, leading 1.</p>" in portfolio
    deals = portfolio[portfolio.index('id="deals"'):portfolio.index("</table>")]
    assert re.findall(r'<td><a href="../([a-z0-9-]+)/">', deals) == ["baichuan", "moonshot-ai", "baichuan"]
    co_investors = portfolio[portfolio.index('id="most-frequent-co-investors"'):]
    assert re.findall(r'<li><a href="../([a-z0-9-]+)/">', co_investors)[0] == "tencent"
    assert "2 shared rounds" in co_investors


def test_a_cny_round_shows_yuan_and_dollars(shipped_site):
    html = article(page(shipped_site, "companies/baichuan"))
    assert ('CN¥5B '
            '<span class="rb-usd" title="at 7.262 CNY per US dollar, 2024-07">(≈ $688.52M)</span>') in html


def test_facet_pages_are_linked_from_profiles(shipped_site):
    html = article(page(shipped_site, "companies/moonshot-ai"))
    assert '<a href="../../sectors/artificial-intelligence/">Artificial intelligence</a>' in html
    assert 'Beijing, <a href="../../countries/cn/">China</a>' in html
    china = article(page(shipped_site, "countries/cn"))
    assert '<a href="../../companies/moonshot-ai/">Moonshot AI</a>' in china
    assert '<a href="../../companies/moonshot-ai/#round-2024-02-alibaba-led">' in china
    sector = article(page(shipped_site, "sectors/artificial-intelligence"))
    assert '<a href="../../companies/baichuan/">Baichuan Intelligence</a>' in sector


def test_stats_charts_count_undisclosed_rounds_without_drawing_them(shipped_site):
    html = article(page(shipped_site, "stats"))
    quarter = section(html, "per-quarter")
    assert '<text class="rb-chart-label" x="154" y="104">undisclosed (1 round)</text>' in quarter
    assert "rb-chart-bar-partial" in section(html, "per-year")
