"""Listings that stay fast at any size: the companies, the investors, and a year of the timeline
split by month.

At 10,000 companies the companies index was one page of 12,500 rows (5.4 MB), and Chromium took
13 seconds to make it usable. A listing's page now holds its first PAGE_SIZE rows, and every row
is also in a JSON file beside it (roundbook/addresses.py: listing_rows): each row as the HTML its
template writes, with the keys the page's script sorts and filters by. With the script
(roundbook/theme/assets/roundbook.js), the page sorts, filters and pages through all of them, and
only the rows shown are in the document. Without it, further pages of PAGE_SIZE rows each
(companies/list/2/) hold the rest, each linking to every other, so that every profile is reached;
a year split by month has its month pages for that instead.

What a listing shows of each record, and in which order, is the template's and views.py's; here
are the pages it is cut into and the keys of each row.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from roundbook import addresses
from roundbook.export.json_files import compact_json
from roundbook.export.site import Spans, joined_spans, profile_itself
from roundbook.model.money import Money, Total
from roundbook.model.records import Organization
from roundbook.model.timeline import TimelineEntry

# Rows on each page of a listing: about 45 KB of HTML for the companies index.
PAGE_SIZE = 100


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing, as its template shows it."""

    listing: str  # the docs path of the listing's own page, its first
    number: int  # this page's, from 1
    rows: Sequence  # the records on this page
    total: int  # rows in the whole listing
    page_count: int
    size: int  # rows on each page
    labels: tuple[tuple[str, str], ...] = ()  # each page's first and last row, as the pager names them

    @property
    def first_row(self) -> int:
        """The place of this page's first row in the listing, from 1."""
        return (self.number - 1) * self.size + 1

    @property
    def rows_file(self) -> str:
        return addresses.listing_rows(self.listing)

    def page_path(self, number: int) -> str:
        return addresses.listing_page(self.listing, number)


def listing_pages(
    listing: str, records: Sequence, size: int = PAGE_SIZE, label: Callable[[Any], str] | None = None
) -> list[ListingPage]:
    """`records`, in the order the listing shows them, cut into pages of `size`; `label` names a
    record in the pager's titles (the companies' names: the pages run from A to Z)."""
    count = max(1, -(-len(records) // size))
    slices = [records[index * size : (index + 1) * size] for index in range(count)]
    labels = tuple((label(rows[0]), label(rows[-1])) for rows in slices if rows) if label else ()
    return [
        ListingPage(listing, number, rows, len(records), count, size, labels)
        for number, rows in enumerate(slices, start=1)
    ]


def _point(dollars: Money | None) -> float | None:
    return (
        round(dollars.point)
        if dollars is not None and dollars.currency == "USD" and dollars.point is not None
        else None
    )


def _total(total: Total | None) -> float | None:
    return round(total.value) if total is not None else None


def _number(value: float | None) -> str:
    """A filter value as the page's controls compare it (as a data attribute would hold it)."""
    return f"{value:.0f}" if value is not None else ""


def _date(date) -> str | None:
    return str(date) if date is not None else None  # ISO: 2024, 2024-03 or 2024-03-12, which sort as text


# What the script sorts and filters by, for each row: a sort key per column of the listing's
# table (None: not known, last in either order), and the values its filter controls compare,
# named as the controls' data-rb-filter-key (roundbook/templates/_filters.html.j2).
COMPANY_FILTERS = ("country", "sectors", "usd", "year", "valuation")


def company_keys(org: Organization) -> tuple[list, list[str]]:
    last = org.last_round
    valuation = _point(org.latest_valuation.valuation_usd) if org.latest_valuation else None
    raised = _total(org.total_raised)
    sort = [
        org.name,
        org.kind,
        org.country,
        ", ".join(sector.name for sector in org.sectors) or None,
        _date(org.founded),
        org.round_count,
        _date(last.announced) if last else None,
        raised,
        valuation,
    ]
    filters = [
        org.country or "",
        " ".join(sector.slug for sector in org.sectors),
        _number(raised),
        str(last.announced.year) if last else "",
        _number(valuation),
    ]
    return sort, filters


INVESTOR_FILTERS: tuple[str, ...] = ()


def investor_keys(investor) -> tuple[list, list[str]]:
    kind = investor.kind if isinstance(investor, Organization) else "person"
    sort = [
        investor.name,
        kind,
        len(investor.investments),
        investor.lead_count,
        _total(investor.rounds_joined_total),
        _date(investor.first_deal.announced),
        _date(investor.last_deal.announced),
    ]
    return sort, []


TIMELINE_FILTERS = ("country", "sectors", "stage", "usd")


def entry_keys(entry: TimelineEntry) -> tuple[list, list[str]]:
    """A timeline entry sorts by its amount in dollars (the listing's own order is by date)."""
    funding = entry.round
    amount = _point(funding.amount_usd) if funding else None
    organization = entry.organization
    filters = [
        organization.country or "",
        " ".join(sector.slug for sector in organization.sectors),
        funding.stage if funding else "",
        _number(amount),
    ]
    return [amount], filters


# A row in the JSON file is data, never markup: the HTML its macro writes (one home for how a row
# reads) is taken apart here into a tree, each element [tag, {attribute: value}, *children] and
# each piece of text a string, and the page's script builds the row from it with createElement,
# setAttribute and text nodes (roundbook/theme/assets/roundbook.js: buildNodes), keeping only the
# elements and attributes a row has, and links to the site or to http(s). A name from content
# such as `<img onerror=...>` is one string of text in the file, and text on the page: nothing in
# the file is ever parsed as HTML. The macros' output is Roundbook's own (autoescaped, attributes
# in double quotes), which these expressions read exactly; anything else is kept as text.
_TOKEN = re.compile(
    r"<!--.*?-->"  # a comment, dropped
    r"|<(/?)([A-Za-z][A-Za-z0-9]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:=\"[^\"]*\")?)*)\s*/?>"
    r"|([^<]+|<)",
    re.DOTALL,
)
_ATTRIBUTE = re.compile(r'([A-Za-z_:][-A-Za-z0-9_:.]*)(?:="([^"]*)")?')
_VOID = {"br", "wbr", "img", "hr", "input"}


def _text(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def row_tree(row_html: str) -> list:
    """The nodes of a row's HTML, as the JSON file holds them: `<td class="x">A &amp; B</td>` is
    `[["td", {"class": "x"}, "A & B"]]`."""
    top: list = []
    stack: list[list] = [top]
    tags: list[str] = []
    for match in _TOKEN.finditer(row_html.strip()):
        closing, tag, attributes, text = match.groups()
        if text is not None:
            stack[-1].append(_text(text))
        elif tag is None:
            continue  # a comment
        elif closing:
            if tag.lower() in tags:  # an end tag closes what it ends, and what is open inside it
                while tags.pop() != tag.lower():
                    stack.pop()
                stack.pop()
        else:
            element = [tag.lower(), {name: _text(value or "") for name, value in _ATTRIBUTE.findall(attributes)}]
            stack[-1].append(element)
            if tag.lower() not in _VOID:
                stack.append(element)
                tags.append(tag.lower())
    return top


def row_text(row_html: str, keys: tuple[list, list[str]]) -> str:
    """One row as its listing's JSON file holds it: [its nodes (row_tree), its sort keys, its filter values]."""
    sort, values = keys
    return compact_json([row_tree(row_html), sort, values])


def rows_json(rows: Sequence[str], filters: Sequence[str]) -> bytes:
    """The JSON file of a listing: `filters` names the filter values of each row, and `rows` are
    its rows' texts (row_text), in the listing's own order, each standing in the file as it is:
    a later build can take any of them from this file again (row_spans)."""
    return (_rows_head(filters) + ",".join(rows) + "]}").encode("utf-8")


def _rows_head(filters: Sequence[str]) -> str:
    return '{"filters":' + compact_json(list(filters)) + ',"rows":['


def row_spans(filters: Sequence[str]) -> Spans:
    """Where each row stands in a file rows_json made with these `filters` from rows of given
    lengths in bytes, or None when the file is not such a file."""
    return partial(_row_spans, len(_rows_head(filters).encode("utf-8")))


def _row_spans(head: int, content: bytes, lengths: Sequence[int]) -> list[slice] | None:
    return joined_spans(content, head, lengths, b",", b"]}")


@dataclass(frozen=True)
class Listed:
    """An index page that is a listing: which of its view's values it lists, the macro of its
    rows' template that writes one, the keys of each row and the names of its filter values."""

    records: str  # the key of its view (roundbook/render/views.py) that holds the records
    row_template: str
    row_macro: str
    keys: Callable[[Any], tuple[list, list[str]]]
    filters: tuple[str, ...]
    profile: Callable[[Any], Any]  # the profile a row is about, whose page shows all it shows and more
    label: Callable[[Any], str] | None = None  # names a row in the pager, when the listing is in its order


LISTED = {
    "companies.html.j2": Listed(
        "organizations",
        "_listings.html.j2",
        "company_row",
        company_keys,
        COMPANY_FILTERS,
        profile=profile_itself,
        label=lambda org: org.name,
    ),
    "investors.html.j2": Listed(
        "investors",
        "_listings.html.j2",
        "investor_row",
        investor_keys,
        INVESTOR_FILTERS,
        profile=profile_itself,
    ),
}


@dataclass(frozen=True)
class Listing:
    """A listing with a JSON file of its rows: its own page, what it lists, and the records in its order."""

    uri: str
    listed: Listed
    records: Sequence


# A year of the timeline split by month lists its entries so (timeline_year.html.j2).
YEAR_LISTED = Listed(
    "entries",
    "_timeline.html.j2",
    "listed_entry",
    entry_keys,
    TIMELINE_FILTERS,
    profile=lambda entry: entry.organization,
)
