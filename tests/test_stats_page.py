"""The statistics page: its text against a golden file, read for what a reader would trip on (a
wrong plural, a one-month range written twice, a label that runs out of its chart), and its
lower bounds drawn with a hatch pattern. tests/fixtures/stats is a dataset made for it: one
company with a single round in a single month, a minimum, an approximate figure in yuan, an amount
without a dollar rate, an "up to" amount, an investor with a long name and valuation steps."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest

from browser_support import DESKTOP, PHONE, serve
from conftest import FIXTURES, REPO, TODAY, assert_golden, make_project, mkdocs_build, rendered_pages
from roundbook.pipeline import load_dataset
from roundbook.render import Renderer
from roundbook.render.stat_charts import FONT, INSET
from roundbook.render.text_width import text_width

STATS_FIXTURE = FIXTURES / "stats"


@pytest.fixture(scope="module")
def pages():
    dataset, problems = load_dataset(STATS_FIXTURE, today=TODAY)
    assert not problems, problems
    renderer = Renderer(REPO / "templates", site_name="Stats Fixture", home_text="Stats.")
    return {page.src_uri: page.html for page in rendered_pages(renderer, dataset, None)}


@pytest.fixture(scope="module")
def stats_page(pages) -> str:
    return pages["stats/index.md"]


def visible_text(html: str) -> str:
    """The words a reader sees or hears, tags dropped, in one line."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_stats_page_is_the_golden_one(stats_page):
    assert_golden("stats-fixture/stats.html", stats_page)


def test_the_single_round_profile_is_the_golden_one(pages):
    assert_golden("stats-fixture/solo-systems.html", pages["companies/solo-systems.md"])


# Counted words that must agree with their count, in the singular.
COUNTED = r"round|group|figure|month|step|compan|investor|amount|stage|sector|countr|year"


@pytest.mark.parametrize("page", ["stats/index.md", "companies/solo-systems.md", "companies/lotus-dynamics.md"])
def test_a_count_of_one_takes_the_singular(pages, page):
    text = visible_text(pages[page])
    assert not re.findall(rf"(?<![\d.,$])1 (?:other )?(?:{COUNTED})\w*s\b", text)
    assert "(1 of them)" not in text


@pytest.mark.parametrize("page", ["stats/index.md", "companies/solo-systems.md", "companies/lotus-dynamics.md"])
def test_a_period_is_written_once_not_as_a_range_to_itself(pages, page):
    text = visible_text(pages[page])
    assert not re.findall(r"\b((?:[A-Z][a-z]+ )?\d{4}) (?:to|–|\u2009–\u2009) \1\b", text)


def test_a_single_round_in_a_single_month_reads_so(pages):
    assert "2 figures from 1 round, December 2024." in visible_text(pages["companies/solo-systems.md"])


def test_lower_bounds_are_hatched_with_a_pattern_and_the_key_says_so(stats_page):
    for chart in ("per-year", "per-month", "largest-rounds", "per-stage", "per-country", "per-sector"):
        svg = _svg(stats_page, chart)
        pattern = f'<pattern id="rb-chart-{chart}-hatch"'
        assert pattern in svg, chart
        hatched = re.findall(rf'<rect class="rb-bar-minimum" fill="url\(#rb-chart-{chart}-hatch\)"', svg)
        swatch, bars = hatched[0], hatched[1:]
        assert swatch and bars, f"{chart}: the key's swatch and at least one hatched bar"
        assert ">At least: a reported minimum</text>" in svg
    # The Series B's "at least $100M" is its own hatched bar among the largest rounds.
    assert "Lotus Dynamics, Series B</text>" in _svg(stats_page, "largest-rounds")


def test_what_is_not_added_is_counted_and_said(stats_page):
    text = visible_text(stats_page)
    year = visible_text(_figure(stats_page, "per-year"))
    assert (
        "Of 7 amounts, 4 are added (1 exact, 1 approximate, 2 reported minimums) and 3 are not "
        "(1 undisclosed, 1 reported only as “up to”, 1 without a dollar rate)." in year
    )
    assert "1 round dated only by the year is left out." in text
    assert "2 rounds of companies with no sector are in none." in text


def test_sums_are_as_precise_as_the_figures_added(stats_page):
    # Lotus Dynamics' Series A is ~CN¥500M at 7 yuan a dollar: $71.43M to the cent, but its source
    # vouches for one digit, so every sum that adds it stops at that digit.
    text = visible_text(stats_page)
    assert "71.43" not in text and "83.43" not in text and "171.43" not in text
    assert "at least ~$70M · 2 rounds" in visible_text(_figure(stats_page, "per-year"))
    assert "2 rounds · ~$80M" in visible_text(_figure(stats_page, "per-stage"))


def test_valuation_steps_say_what_makes_them_inexact(stats_page):
    caption = visible_text(_figure(stats_page, "valuation-steps"))
    assert "2 steps between consecutive valued rounds of 1 company: 2 up, 0 down" in caption
    assert "2 steps compare a pre-money valuation with a post-money one." in caption
    assert "1 step passes over rounds that report no valuation." in caption
    table = _figure(stats_page, "valuation-steps")
    assert "post-money to pre-money; 1 round between without a valuation" in table
    assert "pre-money to post-money; in US dollars, at each round&#39;s rate" in table


class _Texts(HTMLParser):
    """Every chart's viewBox width and each <text> in it: where it is anchored, how, and its words."""

    def __init__(self):
        super().__init__()
        self.charts: list[tuple[str, float, list[dict]]] = []
        self._text: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg" and "rb-stat-chart" in (attributes.get("class") or ""):
            width = float(attributes["viewbox"].split()[2])
            self.charts.append((attributes["aria-labelledby"].split()[0], width, []))
        elif tag == "text" and self.charts:
            self._text = {**attributes, "words": ""}

    def handle_data(self, data):
        if self._text is not None:
            self._text["words"] += data

    def handle_endtag(self, tag):
        if tag == "text" and self._text is not None:
            self.charts[-1][2].append(self._text)
            self._text = None


def test_no_label_runs_out_of_its_chart(stats_page):
    """Each <text>, measured as the site's widest font draws it, lies inside its chart's viewBox."""
    parser = _Texts()
    parser.feed(stats_page)
    assert len(parser.charts) == 8
    for chart, width, texts in parser.charts:
        assert texts, chart
        for text in texts:
            length = text_width(text["words"], FONT, bold="rb-chart-label" in (text.get("class") or ""))
            start = (
                float(text["x"]) - {"start": 0, "middle": length / 2, "end": length}[text.get("text-anchor", "start")]
            )
            assert 0 <= start and start + length <= width, (
                f"{chart}: {text['words']!r} spans {start:.1f} to {start + length:.1f} of {width}"
            )
    # The long investor's name is wrapped onto lines of its own, not cut.
    leads = next(texts for chart, _, texts in parser.charts if "lead-investors" in chart)
    lines = [text["words"] for text in leads if text["words"] in "Hangzhou City Investment Group Industrial Fund"]
    assert " ".join(lines) == "Hangzhou City Investment Group Industrial Fund"


def _figure(html: str, chart: str) -> str:
    start = html.index('<svg class="rb-chart rb-stat-chart" viewBox="0 0 ')
    start = html.index(f'id="rb-chart-{chart}-title"', start)
    return html[html.rindex("<figure", 0, start) : html.index("</figure>", start)]


def _svg(html: str, chart: str) -> str:
    figure = _figure(html, chart)
    return figure[figure.index("<svg") : figure.index("</svg>")]


@pytest.fixture(scope="module")
def stats_site_url(tmp_path_factory):
    """tests/fixtures/stats built as a site of its own and served, for Chromium to measure."""
    project = make_project(tmp_path_factory.mktemp("stats-site") / "project", STATS_FIXTURE / "content")
    shutil.copy(REPO / "CITATION.cff", project / "CITATION.cff")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    server, url = serve(project / "site")
    yield url
    server.shutdown()


# Each chart text's box as Chromium draws it, in the chart's own units, beside the chart's width.
MEASURE = """() => [...document.querySelectorAll('svg.rb-stat-chart')].flatMap(svg =>
    [...svg.querySelectorAll('text')].map(text => {
        const box = text.getBBox();
        return {chart: svg.querySelector('title').textContent, text: text.textContent,
                bold: text.classList.contains('rb-chart-label'), left: box.x, right: box.x + box.width,
                width: svg.viewBox.baseVal.width};
    }))"""

# What the hatch is drawn with: the lower bounds' fill, and the colour of the pattern's lines.
HATCH = """() => {
    const bar = document.querySelector('svg.rb-stat-chart rect.rb-bar-minimum:not(:first-of-type)')
        || document.querySelectorAll('svg.rb-stat-chart rect.rb-bar-minimum')[1];
    const line = document.querySelector('svg.rb-stat-chart pattern line.rb-hatch');
    return {fill: bar.getAttribute('fill'), pattern: !!document.querySelector(bar.getAttribute('fill').slice(4, -1)),
            stroke: getComputedStyle(line).stroke, background: getComputedStyle(document.body).backgroundColor};
}"""


@pytest.mark.build
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE, {"width": 320, "height": 640}], ids=["1280", "390", "320"])
def test_chromium_draws_every_chart_label_inside_its_chart(new_page, stats_site_url, viewport):
    page = new_page(viewport=viewport)
    page.goto(stats_site_url + "stats/")
    boxes = page.evaluate(MEASURE)
    assert len({box["chart"] for box in boxes}) == 8
    # A hundredth of a unit for the float arithmetic of a label that ends at the edge.
    outside = [box for box in boxes if box["left"] < -0.01 or box["right"] > box["width"] + 0.01]
    assert not outside, outside
    # The table of widths the charts are laid out by is never narrower than what Chromium draws,
    # but for the ink a glyph puts past its advance (a J's hook), which the charts' inset leaves room for.
    wider = [box for box in boxes if box["right"] - box["left"] > text_width(box["text"], FONT, box["bold"]) + INSET]
    assert not wider, wider


@pytest.mark.build
def test_the_hatch_is_a_pattern_in_the_theme_s_colours(new_page, stats_site_url):
    strokes = {}
    for theme in ("light", "dark"):
        page = new_page(color_scheme=theme)
        page.goto(stats_site_url + "stats/")
        hatch = page.evaluate(HATCH)
        assert hatch["fill"].startswith("url(#rb-chart-") and hatch["pattern"], hatch
        assert hatch["stroke"] != hatch["background"], hatch
        strokes[theme] = hatch["stroke"]
    assert strokes["light"] != strokes["dark"]  # the lines follow the theme: pale blue on dark
    # Material prints a dark page on white, and the hatch with it in the light theme's blue.
    page.emulate_media(media="print")
    assert page.evaluate(HATCH)["stroke"] == strokes["light"]
