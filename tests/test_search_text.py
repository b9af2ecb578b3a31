"""What search reads of a page (roundbook/site/search/prose.py): a generated page's sentences, and
not its tables, charts, forms or chrome, whose text runs together in a result's snippet; and the
sentences a profile gives search (roundbook/render/summaries.py)."""

from __future__ import annotations

import json
import re

from roundbook.render.summaries import profile_summary
from roundbook.site.search.builtin import NOT_PROSE_MARK
from roundbook.site.search.pagefind_marks import mark_for_pagefind
from roundbook.site.search.prose import mark_not_prose

ARTICLE = """<h1 id="top">Acme</h1>
<p>A robotics startup.</p>
<div class="rb-facts"><table><tr><td>Kind</td> <td>Startup</td></tr></table></div>
<p class="rb-facts-sources">Profile sources: <sup class="rb-cite"><a href="#source-1">[1]</a></sup></p>
<p class="rb-data-links">Data: <a href="x.json">JSON</a></p>
<p>Acme builds robots. <sup class="rb-cite"><a href="#source-1">[1]</a></sup></p>
<table><tr><td>2024</td></tr></table>
<form class="rb-filters"><select><option>Any</option></select></form>
<figure class="rb-figure"><p class="rb-chart-key" aria-hidden="true">Amount raised</p><svg><text>$1B</text></svg>\
<figcaption>Funding per year.</figcaption><details class="rb-chart-data"><summary>Chart data</summary></details></figure>
<p data-search-exclude>Marked by its template.</p>
<h2 id="rounds" data-search-exclude>Rounds</h2>
<table><tr><td>Seed</td></tr></table>
<h2 id="investors">Investors</h2>
<p>Gamma.</p>"""


def opened(html: str, mark: str) -> list[str]:
    """The start tags that carry `mark`, as `tag.class` or `tag`."""
    tags = re.findall(r"<(\w+)([^>]*)>", html)
    return [
        tag + ("." + re.search(r'class="([^"]*)"', attributes).group(1).split()[0] if "class=" in attributes else "")
        for tag, attributes in tags
        if mark in attributes
    ]


def test_the_builtin_search_is_told_to_skip_tables_charts_forms_and_chrome():
    marked = mark_not_prose(ARTICLE, NOT_PROSE_MARK)
    assert opened(marked, NOT_PROSE_MARK.strip()) == [
        "table",
        "p.rb-facts-sources",
        "sup.rb-cite",
        "p.rb-data-links",
        "sup.rb-cite",
        "table",
        "form.rb-filters",
        "p.rb-chart-key",
        "svg",
        "details.rb-chart-data",
        "table",  # in an excluded section already: marked all the same, which costs nothing
    ]
    # A template's own mark stands as it is; the headings' marks leave out their sections.
    assert "<p data-search-exclude>Marked" in marked and '<h2 id="rounds" data-search-exclude>' in marked


def test_pagefind_indexes_the_prose_of_a_generated_page_only():
    marked = mark_for_pagefind(ARTICLE, indexed=True, prose_only=True)
    # Top-level elements: marked to be indexed, except those that are not prose.
    assert [tag for tag, _ in re.findall(r"<(\w+)([^>]*data-pagefind-body)", marked)] == [
        "h1",
        "p",
        "div",
        "p",
        "figure",
        "h2",
        "p",
    ]
    # Within them, what is not prose is ignored: the facts table, a citation mark, the chart's parts.
    assert opened(marked, "data-pagefind-ignore") == [
        "table",
        "sup.rb-cite",
        "p.rb-chart-key",
        "svg",
        "details.rb-chart-data",
    ]


def test_a_hand_written_page_keeps_its_tables():
    assert "data-pagefind-ignore" not in mark_for_pagefind(ARTICLE, indexed=True)
    assert "<table data-pagefind-body><tr><td>2024" in mark_for_pagefind(ARTICLE, indexed=True)


def test_a_profile_tells_search_its_facts_in_sentences(dataset):
    assert profile_summary(dataset.organizations["acme-robotics"]) == (
        "Acme Robotics is a startup based in Shenzhen, China, founded in May 2020. Sector: Artificial "
        "intelligence. Also known as Acme; formerly Acme Automata. 2 funding rounds, at least $100M raised; "
        "latest valuation ~CN¥5B (March 12, 2024)."
    )
    assert profile_summary(dataset.organizations["gamma-ventures"]) == (
        "Gamma Ventures is an investment firm. Sector: Venture capital. Part of Delta Group. "
        "Invested in 2 companies through 2 rounds, leading 1."
    )
    assert profile_summary(dataset.organizations["beta-labs"]).endswith("1 funding round, total raised unknown.")
    assert profile_summary(dataset.people["jane-roe"]) == (
        "Jane Roe: Chair, Delta Group. Invested in 1 company through 2 rounds."
    )


# Text of a table read as prose: header cells and values run together.
RUN_ONS = ("Fact Kind", "Kind Startup", "Profile sources", "Data: JSON", "[1]", "Total raised")
ACME_SNIPPET = "A fictional robotics startup. Acme Robotics is a startup based in Shenzhen, China, founded in May 2020."


def test_the_builtin_index_holds_a_profiles_sentences_and_none_of_its_tables(fixture_site):
    index = json.loads((fixture_site / "search/search_index.json").read_text(encoding="utf-8"))
    acme = next(doc for doc in index["docs"] if doc["location"] == "companies/acme-robotics/")
    text = re.sub(r"</?\w+>", "", acme["text"])  # Material keeps <p> and <li> in its text
    assert text.startswith("\u200b阿克米机器人\u200b " + ACME_SNIPPET), text
    for run_on in RUN_ONS:
        assert run_on not in text
    sectors = next(doc for doc in index["docs"] if doc["location"] == "sectors/")
    assert (
        sectors["text"]
        == "<p>7 sectors, each with its companies, their funding rounds and the money raised in them.</p>"
    )
    # Material takes its marks out once it has read them: readers get the page as it was made.
    page = (fixture_site / "companies/acme-robotics/index.html").read_text(encoding="utf-8")
    assert NOT_PROSE_MARK.strip() not in page and "<table>\n<thead><tr><th>Fact</th>" in page
