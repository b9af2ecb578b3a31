"""The last guard before a hand-written page is written: its HTML passes an allowlist.

Pages under `content/pages/` are Markdown, which lets raw HTML through. Generated pages are safe
as they are written (contributor text escaped, its Markdown sanitized by
roundbook/text_safety/markup.py); tests/test_corpus.py checks that this allowlist would remove
nothing from any of them, with a hostile payload in every text field of the format.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3

_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "input",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "section",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    # Charts are SVG made by roundbook/render/charts.py; no script, link or foreign object in them.
    "svg",
    "g",
    "title",
    "desc",
    "rect",
    "circle",
    "line",
    "polyline",
    "path",
    "text",
    "defs",
    "pattern",  # the hatch of a lower bound (roundbook/render/svg.py)
    # Filter controls of the timeline and index pages, and the links between a listing's pages.
    "nav",
    "select",
    "option",
    "label",
    "form",
    "output",
}
_LOCAL_FILL = re.compile(r"url\(#[A-Za-z][A-Za-z0-9_-]*\)")
_COMMON = {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "role", "hidden"}
# A listing's rows, fetched by its script (roundbook/render/listings.py), which reads only a file
# of the site itself named rows.json (generated: no file of content/ can be one).
_LISTING = {"data-rb-rows", "data-rb-page-size"}
_ATTRIBUTES = {
    "*": _COMMON,
    "a": _COMMON | {"href", "rel", "aria-current"},
    # Sections the built-in search leaves out (SEARCH_META in roundbook/site/search/engine.py).
    "h2": _COMMON | {"data-search-exclude"},
    "h3": _COMMON | {"data-search-exclude"},
    "img": _COMMON | {"src", "alt", "width", "height", "loading"},
    "th": _COMMON | {"style", "scope"},
    "td": _COMMON | {"style", "data-sort", "colspan"},  # colspan: a round's row of details on a profile
    "span": _COMMON | {"data-precision", "data-sort"},
    "input": _COMMON | {"type", "placeholder", "data-rb-filter"},
    "time": _COMMON | {"datetime"},
    "output": _COMMON | {"aria-live"},
    "ol": _COMMON | {"start", "data-rb-body"},
    "table": _COMMON | _LISTING,
    "div": _COMMON | _LISTING,
    "nav": _COMMON | {"data-rb-pager"},
    "li": _COMMON | {"data-kind", "data-country", "data-sectors", "data-stage", "data-usd", "data-year"},
    "tr": _COMMON
    | {
        "data-kind",
        "data-country",
        "data-sectors",
        "data-stage",
        "data-usd",
        "data-year",
        "data-valuation",
        "data-last",
    },
    "section": _COMMON | {"data-rb-group"},
    "select": _COMMON | {"name", "data-rb-filter-key", "data-rb-filter-mode", "data-rb-sort"},
    "option": _COMMON | {"value", "selected"},
    "label": _COMMON | {"for"},
    "form": _COMMON | {"data-rb-filters"},
    "svg": _COMMON | {"viewBox", "aria-labelledby", "width", "height"},
    "rect": _COMMON | {"x", "y", "width", "height", "fill"},  # fill: a pattern of the page only (_attribute)
    "pattern": _COMMON | {"width", "height", "patternUnits", "patternTransform"},
    "circle": _COMMON | {"cx", "cy", "r"},
    "line": _COMMON | {"x1", "y1", "x2", "y2"},
    "polyline": _COMMON | {"points"},
    "path": _COMMON | {"d"},
    "g": _COMMON | {"text-anchor"},
    "text": _COMMON | {"x", "y", "text-anchor"},
}


def _attribute(tag: str, attribute: str, value: str) -> str | None:
    """An image on a page comes from the site itself (content/pages/images/): one from another
    host would be a request from every reader's browser to wherever a contributor chose, a
    tracking pixel for one. Such an <img> keeps its alt text and loses its src. A shape's fill
    may name a pattern of the page (`url(#id)`), never a file elsewhere, nor anything else."""
    if attribute == "fill":
        return value if _LOCAL_FILL.fullmatch(value) else None
    if tag == "img" and attribute == "src":
        # As a browser reads it: tabs and newlines dropped, a backslash taken for a slash.
        seen = value.translate({9: None, 10: None, 13: None}).replace("\\", "/").lstrip("\x00- ")
        if urlsplit(seen).scheme or seen.startswith("//"):
            return None
    return value


def sanitize_page_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
