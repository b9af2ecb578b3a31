"""What MkDocs would have learnt from parsing a generated page's Markdown, read from its HTML.

Generated pages reach MkDocs as finished HTML (see roundbook/render), so MkDocs' Markdown pass does
not see them: their table of contents, their anchors and the check that every link lands on a
page (strict mode's job for hand-written pages) are done here instead.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import TypedDict

from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

# The templates write every heading of the table of contents with _macros.html.j2's `heading`:
# an id, the text, then the permanent link; the page's title (h1) has none and is not listed.
# Contributor text inside is escaped, so no `<h2` or `<a class="headerlink"` can come from it.
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>((?:(?!</h[1-6]>).)*?)<a class="headerlink"', re.S)
# `id="` alone: a pattern that starts with text the regular expression engine can search for as
# such, 25 times faster than one that starts with `\b` (10 s of a 10,000-company build); the
# attribute is an element's id only after white space, which anchor_ids checks for each match.
_ID = re.compile(r'id="([^"]+)"')
_TAG = re.compile(r"<[^>]+>")


class _Heading(TypedDict):
    """One entry of the table of contents, in the shape mkdocs' get_toc reads (its own _TocToken)."""

    level: int
    id: str
    name: str
    children: list[_Heading]


def table_of_contents(page_html: str) -> TableOfContents:
    """The page's headings, nested by level as Python-Markdown's toc extension nests them."""
    root: list[_Heading] = []
    open_levels: list[_Heading] = []
    for level, anchor, inner in _HEADING.findall(page_html):
        # MkDocs' themes write a toc title as HTML, so it stays escaped text.
        title = html.escape(html.unescape(_TAG.sub("", inner)).strip(), quote=False)
        token: _Heading = {"level": int(level), "id": anchor, "name": title, "children": []}
        while open_levels and open_levels[-1]["level"] >= token["level"]:
            open_levels.pop()
        (open_levels[-1]["children"] if open_levels else root).append(token)
        open_levels.append(token)
    return get_toc(root)


def anchor_ids(page_html: str) -> set[str]:
    """The ids of the page's elements: what a link's #anchor can land on (not `data-id` and the like)."""
    return {
        match.group(1) for match in _ID.finditer(page_html) if page_html[match.start() - 1 : match.start()].isspace()
    }


def broken_links(pages: Iterable, known_paths: set[str], anchors: dict[str, set[str]]) -> list[str]:
    """Every link of a generated page to a page or file that is not on the site, or to an anchor
    that is not on a generated page (`anchors`: the ids on each), in MkDocs' own words so strict
    mode reads them alike."""
    problems = []
    for page in pages:
        for link in sorted(page.links):
            path, _, anchor = link.partition("#")
            if path not in known_paths:
                problems.append(
                    f"Doc file '{page.src_uri}' contains a link to '{link}', "
                    f"which is not found among documentation files."
                )
                continue
            if anchor and path in anchors:
                if anchor not in anchors[path]:
                    problems.append(
                        f"Doc file '{page.src_uri}' contains a link to '{link}', "
                        f"but the doc '{path}' does not contain an anchor '#{anchor}'."
                    )
    return problems


class PrerenderedPage(Page):
    """A generated page as MkDocs sees it: MkDocs would set up a Python-Markdown converter with
    every extension for each page (about 6 s of a 10,000-company build) only to convert an
    empty text. The plugin gives each page its HTML, table of contents and anchors instead
    (on_page_content), and MkDocs lets a plugin put its own Page on a file."""

    def render(self, config, files) -> None:
        self.content = ""
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}
