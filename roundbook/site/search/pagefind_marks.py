"""Mark a page's HTML for Pagefind: what to index, and the filters a profile carries.

Pagefind indexes only elements marked `data-pagefind-body` once any page has one, so marking
is also how a page is left out. The top-level elements of the article (the page title and its
sections) are marked, except the sections the templates mark `data-search-exclude` for the
built-in search (chart, timeline, rounds, deals, sources): a section starts at its heading and
ends at the next heading of any level, as Material's search reads them. Pages the built-in
search leaves out (a year of the timeline, a sector, a country) get no mark at all. Filters go
in a hidden element outside the marked ones, so their words are not indexed as page text.

This runs after roundbook.text_safety.page_html: the attributes added here never come from content.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
BODY = " data-pagefind-body"


# A start or end tag: its slash, its name, and its attributes, quoted values taken whole (a value
# may hold `>`). Text never holds `<`: contributor text is escaped, and the sanitizer's output too.
_TAG = re.compile(r"""<(/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_EXCLUDE = re.compile(r"(?:^|\s)data-search-exclude(?=[\s=/]|$)")


def _top_level_tag_ends(html: str, title_only: bool) -> list[int]:
    """Offsets just after the tag name of each top-level element in indexed sections.

    Only the top-level tags are visited: from each element's start tag, the search jumps to its
    matching end tag, found by counting the tags of its own name only. The page is parsed once
    already (by the sanitizer or by the templates), and is balanced; Python's HTMLParser took a
    fifth of a 10,000-company build to find the same offsets, and a regular expression that
    visited every tag 8 s of it."""
    offsets: list[int] = []
    excluded = False
    position = 0
    while (match := _TAG.search(html, position)) is not None:
        closing, name, attributes = match.groups()
        position = match.end()
        if closing:  # an end tag without its start tag: nothing to mark, and still at the top level
            continue
        tag = name.lower()
        self_closing = attributes.endswith("/")
        if tag in _HEADINGS and not self_closing:
            excluded = _EXCLUDE.search(_QUOTED.sub("", attributes)) is not None
        if title_only:
            excluded = tag != "h1" or bool(offsets)
        if not excluded:
            offsets.append(match.start(2) + len(name))
        if tag not in _VOID and not self_closing:
            position = _end_of_element(html, tag, position)
    return offsets


@lru_cache(maxsize=64)
def _same_name(tag: str) -> re.Pattern[str]:
    """Start and end tags named `tag`, quoted attribute values taken whole, as _TAG reads them."""
    return re.compile(rf"""<(/?){re.escape(tag)}(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""", re.IGNORECASE)


def _end_of_element(html: str, tag: str, position: int) -> int:
    """The offset after the end tag that closes the element of name `tag` open at `position`
    (the end of the page when none does)."""
    pattern = _same_name(tag)
    depth = 1
    while (match := pattern.search(html, position)) is not None:
        position = match.end()
        if match.group(1):
            depth -= 1
            if not depth:
                return position
        elif not match.group(2).endswith("/"):
            depth += 1
    return len(html)


def mark_indexed_sections(html: str, title_only: bool = False) -> str:
    """`html` with `data-pagefind-body` on each top-level element outside excluded sections, or
    with `title_only` on the page's first `<h1>` alone."""
    offsets = _top_level_tag_ends(html, title_only)
    if not offsets:
        return html
    pieces, previous = [], 0
    for offset in offsets:
        pieces.append(html[previous:offset])
        pieces.append(BODY)
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
    html: str, indexed: bool, filters: dict[str, list[str]] | None = None, title_only: bool = False
) -> str:
    """The page's article HTML as Pagefind should read it: indexed or not, all of it or its title."""
    marked = mark_indexed_sections(html, title_only) if indexed else html
    return filter_markup(filters or {}) + marked
