"""Mark a page's HTML for Pagefind: what to index, and the filters a profile carries.

Pagefind indexes only elements marked `data-pagefind-body` once any page has one, so marking
is also how a page is left out. The top-level elements of the article (the page title and its
sections) are marked, except the sections the templates mark `data-search-exclude` for the
built-in search (chart, timeline, rounds, deals, sources): a section starts at its heading and
ends at the next heading of any level, as Material's search reads them. Pages the built-in
search leaves out (a year of the timeline, a sector, a country) get no mark at all. On a generated
page, what is not prose (prose.py: tables, charts, forms, the chrome) is marked
`data-pagefind-ignore`, or left unmarked at the top level, so that a result's excerpt is the
page's sentences. Filters go in a hidden element outside the marked ones, so their words are
not indexed as page text.

This runs after roundbook.text_safety.page_html: the attributes added here never come from content.
"""

from __future__ import annotations

from html import escape

from roundbook.site.search.prose import HEADINGS, TAG, VOID, marked_excluded, not_prose

BODY = " data-pagefind-body"
IGNORE = " data-pagefind-ignore"


def _marks(html: str, title_only: bool, prose_only: bool) -> list[tuple[int, str]]:
    """Where each mark goes, just after a tag's name, and which: BODY on each top-level element
    in indexed sections, IGNORE on what is not prose within them when `prose_only` (prose.py; a
    top-level element that is not prose is simply not marked BODY).

    One regular expression over the tags, counting depth: the page is parsed once already (by
    the sanitizer or by the templates), and Python's HTMLParser took a fifth of a 10,000-company
    build to find the same offsets."""
    marks: list[tuple[int, str]] = []
    depth = 0
    excluded = False
    ignored_depth: int | None = None  # the depth of the element being ignored, while inside it
    for match in TAG.finditer(html):
        closing, name, attributes = match.groups()
        tag = name.lower()
        if closing:
            if tag not in VOID and depth:
                depth -= 1
                if ignored_depth is not None and depth <= ignored_depth:
                    ignored_depth = None
            continue
        self_closing = attributes.endswith("/")
        offset = match.start(2) + len(name)
        if depth == 0:
            if tag in HEADINGS and not self_closing:
                excluded = marked_excluded(attributes)
            if title_only:
                excluded = tag != "h1" or bool(marks)  # only BODY marks: no prose_only with title_only
            if prose_only and not_prose(tag, attributes):  # left unmarked, and what it holds with it
                ignored_depth = 0 if tag not in VOID and not self_closing else None
            elif not excluded:
                marks.append((offset, BODY))
        elif prose_only and not excluded and ignored_depth is None and not_prose(tag, attributes):
            marks.append((offset, IGNORE))
            ignored_depth = depth if tag not in VOID and not self_closing else None
        if tag not in VOID and not self_closing:
            depth += 1
    return marks


def mark_indexed_sections(html: str, title_only: bool = False, prose_only: bool = False) -> str:
    """`html` with `data-pagefind-body` on each top-level element outside excluded sections, or
    with `title_only` on the page's first `<h1>` alone; with `prose_only` (a generated page),
    tables, charts, forms and chrome within them marked `data-pagefind-ignore` (prose.py)."""
    marks = _marks(html, title_only, prose_only and not title_only)
    if not marks:
        return html
    pieces, previous = [], 0
    for offset, mark in marks:
        pieces.append(html[previous:offset])
        pieces.append(mark)
        previous = offset
    pieces.append(html[previous:])
    return "".join(pieces)


def filter_markup(filters: dict[str, list[str]]) -> str:
    """A hidden element that gives Pagefind a profile's filter values (`country`, `sector`, `stage`)."""
    spans = "".join(
        f'<span data-pagefind-filter="{name}">{escape(value, quote=False)}</span>'
        for name, values in filters.items()
        for value in values
    )
    return f'<div hidden class="rb-search-filters">{spans}</div>\n' if spans else ""


def mark_for_pagefind(
    html: str,
    indexed: bool,
    filters: dict[str, list[str]] | None = None,
    title_only: bool = False,
    prose_only: bool = False,
) -> str:
    """The page's article HTML as Pagefind should read it: indexed or not, all of it, its prose
    only (a generated page) or its title."""
    marked = mark_indexed_sections(html, title_only, prose_only) if indexed else html
    return filter_markup(filters or {}) + marked
