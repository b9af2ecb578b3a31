"""The last guard before a page is written: every page's HTML passes an allowlist.

Generated pages already escape contributor text; this also covers hand-written pages under
`content/pages/` (Markdown lets raw HTML through) and any template a site owner edits.
"""

from __future__ import annotations

import nh3

_TAGS = {
    "a", "abbr", "blockquote", "br", "caption", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "kbd",
    "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
_COMMON = {"class", "id", "title", "lang", "dir", "aria-label", "aria-hidden", "role"}
_ATTRIBUTES = {
    "*": _COMMON,
    "a": _COMMON | {"href", "rel"},
    "img": _COMMON | {"src", "alt", "width", "height", "loading"},
    "th": _COMMON | {"style", "scope"},
    "td": _COMMON | {"style", "data-sort"},
    "span": _COMMON | {"data-precision", "data-sort"},
    "input": _COMMON | {"type", "placeholder", "data-rb-filter"},
    "time": _COMMON | {"datetime"},
    "ol": _COMMON | {"start"},
}


def sanitize_page_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        filter_style_properties={"text-align"},
        strip_comments=True,
    )
