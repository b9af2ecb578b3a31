"""Generated pages kept small while MkDocs works through them.

The plugin renders every page before MkDocs touches the site folder (a template error must stop
the build with nothing written). At 10,000 companies that is 350 MB of HTML, held while MkDocs
builds its own copy of each page: each one waits here compressed (about a sixth of its size),
with the ids its links can point at, and leaves the store when MkDocs takes it.
"""

from __future__ import annotations

import zlib
from dataclasses import replace

from roundbook.render import GeneratedPage
from roundbook.site.prerendered import anchor_ids


class PageStore:
    def __init__(self) -> None:
        self._html: dict[str, bytes] = {}
        self.anchors: dict[str, set[str]] = {}  # page -> the ids on it, for the link check

    def add(self, page: GeneratedPage) -> GeneratedPage:
        """Keep the page's HTML; the page is returned without it."""
        self._html[page.src_uri] = zlib.compress(page.html.encode("utf-8"), 1)  # fast, and still a sixth
        self.anchors[page.src_uri] = anchor_ids(page.html)
        return replace(page, html="")

    def take(self, src_uri: str) -> str:
        """The page's HTML, which leaves the store."""
        return zlib.decompress(self._html.pop(src_uri)).decode("utf-8")
