"""Contributor text reaches readers as text, never as markup or script.

Plain fields (names, summaries, notes) are escaped for HTML: `<`, `>`, `&` and both quotes become
character references, so `<script>` or `" onclick="` stay visible text, in element text and in
attribute values alike. Pages are written as HTML and never parsed as Markdown, so Markdown syntax
in a name (`[x](javascript:…)`, `{: onclick=… }`) is only text. Markdown fields (descriptions) are
rendered, then sanitized with nh3 (the Rust ammonia sanitizer) against a short list of tags and URL
schemes.
"""

from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup, escape


def escape_text(value) -> Markup:
    """Escape any value for use in a generated page; Markup built by Roundbook itself passes as is.
    (Templates escape by autoescaping; this is for the Python helpers that build markup.)"""
    return escape(value)


ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


# One converter for every description, reset before each: making one (its extensions, patterns
# and processors) for each call was most of the cost of a description, 2.8 s of a 10,000-company
# build. reset() leaves nothing of the text before (references, stashed HTML), so each
# conversion is what a new converter gives.
_CONVERTER = markdown.Markdown(extensions=["tables"], output_format="html")


def markdown_to_safe_html(text: str) -> Markup:
    """Render a contributor's Markdown and keep only harmless HTML; links get rel=nofollow."""
    html = _CONVERTER.reset().convert(text)
    # Headings inside a description start at h3, below the page's own sections.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
    )
    return Markup(clean)
