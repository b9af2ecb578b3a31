"""Render: the HTML generated for a fixed dataset matches golden files, and is escaped."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, FIXTURE_HISTORY, REPO, TODAY, rendered_pages
from roundbook.export import SiteInfo
from roundbook.export.licence import Citation
from roundbook.history import Freshness, History
from roundbook.pipeline import load_dataset
from roundbook.render import Renderer
from roundbook.text_safety.markup import escape_text, markdown_to_safe_html

GOLDEN = Path(__file__).resolve().parent / "golden"
# ROUNDBOOK_UPDATE_GOLDENS=1 pytest tests/test_render.py rewrites them; review the diff before committing.
UPDATE = os.environ.get("ROUNDBOOK_UPDATE_GOLDENS") == "1"


@pytest.fixture(scope="module")
def pages():
    dataset, problems = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    assert not problems
    site = SiteInfo(
        url="https://example.org/tracker/",
        name="Test Tracker",
        citation=Citation(
            "Test contributors. Test Tracker [data set]. https://example.org/tracker/. Data licensed CC BY 4.0.",
            "CITATION.cff",
        ),
    )
    renderer = Renderer(REPO / "templates", site_name="Test Tracker", home_text="A test dataset.", site=site)
    return {page.src_uri: page for page in rendered_pages(renderer, dataset, Freshness(dataset, FIXTURE_HISTORY))}


@pytest.mark.parametrize(
    "src_uri",
    [
        "index.md",
        "companies/index.md",
        "people/index.md",
        "companies/acme-robotics.md",
        "companies/delta-group.md",
        "people/jane-roe.md",
        "investors/index.md",
        "timeline/index.md",
        "timeline/2024.md",
        "stats/index.md",
        "sectors/index.md",
        "countries/cn.md",
        "data.md",
        "changes.md",
    ],
)
def test_generated_html_matches_golden(pages, src_uri):
    golden = GOLDEN / Path(src_uri).with_suffix(".html")
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[src_uri].html, encoding="utf-8")
    assert pages[src_uri].html == golden.read_text(encoding="utf-8")


def test_every_profile_gets_a_page_out_of_the_nav_with_its_source_file(pages):
    acme = pages["companies/acme-robotics.md"]
    assert (acme.in_nav, acme.source_path, acme.title) == (
        False,
        "content/companies/acme-robotics.yml",
        "Acme Robotics",
    )
    assert pages["companies/index.md"].in_nav
    assert sorted(uri for uri, page in pages.items() if page.in_nav) == [
        "changes.md",
        "companies/index.md",
        "countries/index.md",
        "data.md",
        "index.md",
        "investors/index.md",
        "people/index.md",
        "sectors/index.md",
        "stats/index.md",
        "timeline/index.md",
    ]
    assert sorted(
        uri for uri, page in pages.items() if not page.in_nav and uri.startswith(("companies", "people"))
    ) == [
        "companies/acme-robotics.md",
        "companies/beta-labs.md",
        "companies/delta-group.md",
        "companies/gamma-ventures.md",
        "people/jane-roe.md",
    ]
    assert sorted(uri for uri in pages if uri.startswith("timeline/")) == [
        "timeline/2020.md",
        "timeline/2021.md",
        "timeline/2024.md",
        "timeline/index.md",
    ]


def test_plain_text_cannot_become_markup():
    hostile = "<script>alert(1)</script> [x](javascript:alert(1)) {: onclick=\"x\"} ' onmouseover='x *bold*"
    escaped = escape_text(hostile)
    for forbidden in ("<", ">", '"', "'"):
        assert forbidden not in escaped
    assert escaped == (
        "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1)) {: onclick=&#34;x&#34;} "
        "&#39; onmouseover=&#39;x *bold*"
    )


def test_markdown_descriptions_are_sanitized():
    html = markdown_to_safe_html(
        "# Title\n\nHi <script>alert(1)</script> [a](javascript:alert(1)) "
        "<img src=x onerror=alert(1)> [ok](https://ok.example)"
    )
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html and "<img" not in html
    assert '<a href="https://ok.example" rel="nofollow noopener">ok</a>' in html
    assert "<h3>Title</h3>" in html


def test_without_history_the_changes_page_says_so_and_profiles_show_no_date():
    dataset, _ = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    unread = Freshness(dataset, History.unavailable("the project is not in a Git repository"))
    pages = {p.src_uri: p for p in rendered_pages(Renderer(REPO / "templates"), dataset, unread)}
    assert (
        "This copy of the site was built without the repository's history (the project is not in a Git "
        "repository), so\nits changes cannot be listed here."
    ) in pages["changes.md"].html.replace("&#39;", "'")
    assert "last changed" not in pages["companies/acme-robotics.md"].html


def test_a_profile_changed_when_its_file_or_one_of_its_rounds_did(pages):
    assert (
        'last changed <time datetime="2024-05-06T12:30:00+00:00">2024-05-06</time>'
        in pages["companies/acme-robotics.md"].html
    )
    assert (
        'last changed <time datetime="2024-03-20T08:00:00+00:00">2024-03-20</time>' in pages["people/jane-roe.md"].html
    )
    assert "last changed" not in pages["companies/delta-group.md"].html  # no history for its file


def test_a_facet_page_lists_only_the_latest_rounds_and_says_where_the_rest_are():
    dataset, _ = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    renderer = Renderer(REPO / "templates")
    renderer.site["latest_count"] = 1
    page = {p.src_uri: p for p in rendered_pages(renderer, dataset)}["countries/cn.md"].html
    rounds = page.split('id="funding-rounds"', 1)[1]
    assert rounds.count("<tr><td>") == 1
    assert (
        'The latest 1 of 2. The <a href="../../timeline/">timeline</a>\'s\npages list every round by year and month'
        in rounds
    )


def _elements(page_html: str, xpath: str) -> list:
    import lxml.html

    return lxml.html.fragment_fromstring(page_html, create_parent="div").xpath(xpath)


MONEY = "//span[contains(concat(' ', @class, ' '), ' rb-money ')]"


def test_an_exact_figure_is_plain_and_one_that_is_not_says_so(pages):
    """An exact figure needs no words, nor a span but where a sortable table sorts it; every other
    kind keeps its data-precision and its title."""
    seen = set()
    for uri, page in pages.items():
        for span in _elements(page.html, MONEY):
            precision, title, text = span.get("data-precision"), span.get("title"), span.text_content()
            seen.add(precision)
            if precision is None:  # exact in a sortable table, or not known at all
                assert title is None, (uri, text)
                assert not text.startswith(("~", "up to")) and not text.endswith("+") and "–" not in text, (uri, text)
                assert span.get("data-sort") or span.get("class") == "rb-money rb-unknown", (uri, text)
            elif precision == "undisclosed":
                assert (text, title) == ("undisclosed", None), uri
            else:
                assert (
                    title
                    == {
                        "approximate": "approximate figure",
                        "at-least": "at least this figure",
                        "up-to": "up to this figure",
                        "range": "a reported range",
                    }[precision]
                ), (uri, text)
    assert seen == {None, "undisclosed", "approximate", "at-least", "up-to", "range"}  # the fixtures have each kind
    acme = pages["companies/acme-robotics.md"].html
    assert (
        '<td>CN¥720M <span class="rb-usd" title="at 7.2 CNY per US dollar, 2024-03">(≈ $100M; '
        '<span class="rb-usd-source" title="the source&#39;s own conversion, as it gives it">the source converts '
        "it to $101.5M</span>)</span>"
    ) in acme


def test_a_dollar_equivalent_keeps_the_rate_it_was_derived_with(pages):
    equivalents = [span for page in pages.values() for span in _elements(page.html, "//span[@class='rb-usd']")]
    assert equivalents
    for span in equivalents:
        assert re.fullmatch(r"at [0-9.,]+ [A-Z]{3} per US dollar, \d{4}-\d{2}", span.get("title") or ""), (
            span.text_content()
        )


def test_figures_carry_a_sort_key_in_sortable_tables_and_nowhere_else(pages):
    """roundbook.js sorts `.rb-sortable` tables by data-sort; elsewhere (an investor's deals, a
    profile, the timeline) the attribute would be thousands of numbers nothing reads."""
    sortable_figures = set()
    for uri, page in pages.items():
        for element in _elements(page.html, "//*[@data-sort]"):
            assert element.xpath("ancestor::div[contains(concat(' ', @class, ' '), ' rb-sortable ')]"), (
                uri,
                element.text_content(),
            )
        for cell in _elements(
            page.html,
            "//div[contains(concat(' ', @class, ' '), ' rb-sortable ')]//td[.//span[@class='rb-total' or @class='rb-money']]",
        ):
            assert cell.xpath(".//*[@data-sort]"), (uri, cell.text_content())
            sortable_figures.add(cell.xpath(".//span/@class")[0])
    assert sortable_figures == {"rb-total", "rb-money"}  # totals on the indexes, valuations on the companies index
