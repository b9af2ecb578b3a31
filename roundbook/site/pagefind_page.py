"""Mark a page's HTML for Pagefind: what to index, and the filters a profile carries.

Pagefind indexes only elements marked `data-pagefind-body` once any page has one, so marking
is also how a page is left out. The top-level elements of the article (the page title and its
sections) are marked, except the sections the templates mark `data-search-exclude` for the
built-in search (chart, timeline, rounds, deals, sources): a section starts at its heading and
ends at the next heading of any level, as Material's search reads them. Pages the built-in
search leaves out (a year of the timeline, a sector, a country) get no mark at all. Filters go
in a hidden element outside the marked ones, so their words are not indexed as page text.

This runs after roundbook.site.sanitize: the attributes added here never come from content.
"""

from __future__ import annotations

from html import escape
from html.parser import HTMLParser

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BODY = " data-pagefind-body"


class _TopLevelTags(HTMLParser):
    """Offsets just after the tag name of each top-level element in indexed sections."""

    def __init__(self, title_only: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.title_only = title_only
        self.depth = 0
        self.excluded = False
        self.marks: list[tuple[int, int]] = []  # (line, offset in line) after `<tag`

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            if tag in _HEADINGS:
                self.excluded = any(name == "data-search-exclude" for name, _ in attrs)
            if self.title_only:
                self.excluded = tag != "h1" or bool(self.marks)
            if not self.excluded:
                line, column = self.getpos()
                self.marks.append((line, column + 1 + len(tag)))
        if tag not in _VOID:
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0 and not self.excluded:
            line, column = self.getpos()
            self.marks.append((line, column + 1 + len(tag)))

    def handle_endtag(self, tag):
        if tag not in _VOID:
            self.depth = max(0, self.depth - 1)


def mark_indexed_sections(html: str, title_only: bool = False) -> str:
    """`html` with `data-pagefind-body` on each top-level element outside excluded sections, or
    with `title_only` on the page's first `<h1>` alone."""
    parser = _TopLevelTags(title_only)
    parser.feed(html)
    parser.close()
    if not parser.marks:
        return html
    # HTMLParser counts lines by "\n" alone (str.splitlines would also split on \r, \x0c, \u2028...).
    line_starts = [0]
    newline = html.find("\n")
    while newline != -1:
        line_starts.append(newline + 1)
        newline = html.find("\n", newline + 1)
    offsets = [line_starts[line - 1] + column for line, column in parser.marks]
    pieces, previous = [], 0
    for offset in offsets:
        pieces.append(html[previous:offset])
        pieces.append(BODY)
        previous = offset
    pieces.append(html[previous:])
    return "".join(pieces)


def filter_markup(filters: dict[str, list[str]]) -> str:
    """A hidden element that gives Pagefind a profile's filter values (`country`, `sector`, `stage`)."""
    spans = "".join(f'<span data-pagefind-filter="{name}">{escape(value, quote=False)}</span>'
                    for name, values in filters.items() for value in values)
    return f'<div hidden class="rb-search-filters">{spans}</div>\n' if spans else ""


def mark_for_pagefind(html: str, indexed: bool, filters: dict[str, list[str]] | None = None,
                      title_only: bool = False) -> str:
    """The page's article HTML as Pagefind should read it: indexed or not, all of it or its title."""
    marked = mark_indexed_sections(html, title_only) if indexed else html
    return filter_markup(filters or {}) + marked
