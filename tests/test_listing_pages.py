"""Listings longer than a page (roundbook/render/listings.py): the pages they are cut into, and the
JSON file of every row that their script sorts, filters and pages through. The fixture's
listings are short: the renderer is given pages of two rows (tests/test_listings.py reads them in
Chromium)."""

from __future__ import annotations

import json

import lxml.html
import pytest

from conftest import REPO, rendered_pages
from roundbook import addresses
from roundbook.render import Renderer
from roundbook.render.listings import COMPANY_FILTERS, PAGE_SIZE, listing_pages, row_tree


@pytest.fixture(scope="module")
def renderer():
    return Renderer(REPO / "templates", listing_page_size=2, month_pages_above=1)


@pytest.fixture(scope="module")
def pages(dataset, renderer):
    return {page.src_uri: page for page in rendered_pages(renderer, dataset)}


@pytest.fixture(scope="module")
def rows_files(dataset, renderer):
    return {
        output.path: json.loads(output.content)
        for output in (renderer.rows_file(listing) for listing in renderer.listings(dataset))
    }


def first_cells(page_html: str, table: str) -> list[str]:
    root = lxml.html.fragment_fromstring(page_html, create_parent="div")
    return [cell.text_content() for cell in root.xpath(f'//table[@id="{table}"]/tbody/tr/td[1]')]


def test_a_listing_is_cut_into_pages_in_its_own_order():
    cut = listing_pages("companies/index.md", list("abcde"), size=2, label=str.upper)
    assert [(page.number, list(page.rows), page.first_row) for page in cut] == [
        (1, ["a", "b"], 1),
        (2, ["c", "d"], 3),
        (3, ["e"], 5),
    ]
    assert {(page.page_count, page.total) for page in cut} == {(3, 5)}
    assert cut[0].labels == (("A", "B"), ("C", "D"), ("E", "E"))
    assert [cut[0].page_path(n) for n in (1, 2, 3)] == [
        "companies/index.md",
        "companies/list/2.md",
        "companies/list/3.md",
    ]
    assert listing_pages("investors/index.md", [], size=2)[0].page_count == 1  # an empty listing is one page
    assert PAGE_SIZE == 100


def test_the_further_pages_hold_the_rest_out_of_the_navigation_and_search(pages):
    assert first_cells(pages["companies/index.md"].html, "rb-companies") == [
        "Acme Robotics (阿克米机器人)",
        "Beta Labs",
    ]
    further = pages["companies/list/2.md"]
    assert first_cells(further.html, "rb-companies") == ["Delta Group", "Gamma Ventures"]
    assert "companies/list/3.md" not in pages
    assert (further.title, further.in_nav, further.searched, further.template) == (
        "Companies, page 2",
        False,
        False,
        "companies.html.j2",
    )
    assert (pages["companies/index.md"].in_nav, pages["companies/index.md"].searched) == (True, True)
    # Each page links to the others, which the build checks, and only the first to the rows.
    assert {"companies/index.md"} <= further.links and "companies/list/2.md" in pages["companies/index.md"].links
    assert "data-rb-rows" not in further.html and "companies/list/rows.json" in pages["companies/index.md"].links
    assert first_cells(pages["investors/list/2.md"].html, "rb-investors") == ["Jane Roe"]


def test_the_rows_file_holds_every_row_as_the_listings_page_writes_it(pages, rows_files):
    assert sorted(rows_files) == [
        addresses.listing_rows("companies/index.md"),
        addresses.listing_rows("investors/index.md"),
        addresses.listing_rows("timeline/2021.md"),
        addresses.listing_rows("timeline/2024.md"),
    ]
    companies = rows_files["companies/list/rows.json"]
    assert companies["filters"] == list(COMPANY_FILTERS)
    assert len(companies["rows"]) == 4
    # The first page's rows, as the page writes them (one a line), with the same page's links.
    page_rows = [line for line in pages["companies/index.md"].html.splitlines() if line.startswith("<tr><td>")]
    assert [nodes for nodes, _, _ in companies["rows"][:2]] == [row_tree(row) for row in page_rows]
    assert companies["rows"][0][0][0][:3] == [
        "tr",
        {},
        ["td", {}, ["a", {"href": "acme-robotics/"}, "Acme Robotics"], " (阿克米机器人)"],
    ]
    acme_sort, acme_filters = companies["rows"][0][1:]
    # The values the filters compare: country, sectors, total raised, year of the last round and
    # latest valuation in dollars, as the page's data attributes held them before.
    assert acme_filters == ["CN", "artificial-intelligence", "102000000", "2024", "694444444"]
    assert acme_sort == [
        "Acme Robotics",
        "startup",
        "CN",
        "Artificial intelligence",
        "2020-05",
        2,
        "2024-03-12",
        102000000,
        694444444,
    ]
    gamma = companies["rows"][3]
    assert gamma[1][7:] == [None, None] and gamma[2][2:] == ["", "", ""]  # nothing raised: unknown, not zero


def test_a_split_years_rows_are_its_entries_newest_first_with_their_sources(pages, rows_files):
    rows = rows_files["timeline/2024/list/rows.json"]
    assert rows["filters"] == ["country", "sectors", "stage", "usd"]
    assert [values for _, _, values in rows["rows"]] == [
        ["CN", "artificial-intelligence", "series-b", "100000000"],
        ["DE", "software", "seed", "1666667"],
    ]
    assert [sort for _, sort, _ in rows["rows"]] == [[100000000], [1666667]]
    year = [line for line in pages["timeline/2024.md"].html.splitlines() if line.startswith("<li data-kind=")]
    assert [nodes for nodes, _, _ in rows["rows"]] == [row_tree(entry) for entry in year]  # one page of two
    # An event's sources are linked from its entry: a listing has no list of sources to number.
    milestone = json.dumps(rows_files["timeline/2021/list/rows.json"]["rows"])
    assert '["sup", {"class": "rb-cite"}, ["a", {"href": "https://' in milestone, milestone
    assert '"#source-' not in milestone


def test_a_row_is_data_its_text_as_text_never_markup():
    """The JSON file holds a row as a tree of elements and strings, which the page's script builds
    with text nodes (roundbook.js: buildNodes): escaped markup in a name is a string, not an element."""
    row = (
        '<tr><td><a href="x/">&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; Co</a> (&lt;b&gt;)</td>'
        ' <td><span class="rb-total" data-sort="5">at least $5</span><br></td></tr>'
    )
    assert row_tree(row) == [
        [
            "tr",
            {},
            ["td", {}, ["a", {"href": "x/"}, '<img src=x onerror="alert(1)"> & Co'], " (<b>)"],
            " ",
            ["td", {}, ["span", {"class": "rb-total", "data-sort": "5"}, "at least $5"], ["br", {}]],
        ]
    ]
    # What is not Roundbook's own markup stays text; a comment goes; an end tag closes what it ends.
    assert row_tree("<li>a <em>b</li> <!-- c -->1 < 2") == [["li", {}, "a ", ["em", {}, "b"]], " ", "1 ", "<", " 2"]
