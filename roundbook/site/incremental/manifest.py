"""What a build leaves in the cache for the next one: every page and file it made, from what.

One Manifest per settings key (store.py). It holds, for each page and open data file, the
fingerprint of what it was made from (graph.py) and the blob of its bytes, with what MkDocs
and the search need of a page that is not built again (its title, links and anchors, its search
entries); and what a build with no change at all needs to skip the content work entirely.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from roundbook.history import History
from roundbook.render import GeneratedPage
from roundbook.site.incremental.store import Blob
from roundbook.site.search import SearchEngine
from roundbook.validate.pages import CheckedPages


@dataclass
class PageRecord:
    fingerprint: str
    page: GeneratedPage  # without its HTML
    anchors: frozenset[str]  # the ids on it, which links from other pages may point at
    output: Blob | None = None  # the page as written: a page outside the nav, copied as it is
    html: Blob | None = None  # its article: a page in the nav, which the theme writes again each build
    toc: Any = None  # with its table of contents
    search: Any = None  # what the search engine keeps of the page (the built-in search: its entries)
    article_view: str | None = None  # what the engine may read of its article (SearchEngine.article_view)
    page_view: str | None = None  # ... and of the page as written (SearchEngine.page_view)

    @property
    def blob(self) -> Blob | None:
        return self.output if self.output is not None else self.html


@dataclass
class FileRecord:
    fingerprint: str
    file: Blob
    bulk: bool = False

    @property
    def blob(self) -> Blob:
        return self.file


@dataclass
class FileParts:
    """A file made of parts (parts.py), as one build made it: the blob they are parts of, and
    each part's fingerprint and length. Kept beside the manifest (store.py), since only a build
    with changes reads them: hundreds of thousands at 10,000 companies."""

    digest: str  # of the file's blob
    keys: tuple[str, ...]
    lengths: tuple[int, ...]


@dataclass
class SearchFiles:
    """The files a search engine wrote over the whole site (Pagefind's bundle), and what they were made from."""

    key: str
    files: dict[str, Blob]  # by path under the site folder


@dataclass
class Manifest:
    settings: str  # inputs.settings_key
    everything: str  # the settings, every record file and the history: equal, nothing changed
    history_key: str
    history: History | None
    pages: dict[str, PageRecord] = field(default_factory=dict)  # by docs path, in the order MkDocs gets them
    files: dict[str, FileRecord] = field(default_factory=dict)  # by path in the site
    search: SearchEngine | None = None  # with what it needs of the dataset
    search_files: SearchFiles | None = None
    hand_written: CheckedPages = field(default_factory=CheckedPages)
    summary: str = ""
    warnings: list[str] = field(default_factory=list)  # what the content work said and went on
    link_problems: list[str] = field(default_factory=list)  # the generated pages' broken links, as logged
    scan: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)  # inputs.ContentScan.stats

    def blob_digests(self) -> Iterator[str]:
        return (blob.digest for blob in self.blobs())

    def blobs(self) -> Iterator[Blob]:
        for page in self.pages.values():
            if page.blob is not None:
                yield page.blob
        for file in self.files.values():
            yield file.blob
        if self.search_files is not None:
            yield from self.search_files.files.values()
