"""A page the cache holds as it was written, as MkDocs sees it.

MkDocs reads, renders and writes every page it is given, which costs seconds per thousand pages
even when a page has nothing to do. A page the cache holds is given as a plain file instead: MkDocs
copies it (a hard link to its blob), and never reads or renders it. It still knows it as a page
where it matters: a link from a hand-written page finds it and its anchors, and the sitemap lists
it where a cold build lists it (sitemap_pages).
"""

from __future__ import annotations

from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from roundbook.addresses import page_file
from roundbook.site.open_data import SpooledSiteFile


class CachedPageFile(SpooledSiteFile):
    """A generated page outside the nav, copied from the cache as it was written."""

    def is_documentation_page(self) -> bool:
        return False


def cached_page_file(config, src_uri: str, blob_path: str, anchors: frozenset[str]) -> CachedPageFile:
    """The file, with a Page on it that answers for it: its address and its anchors."""
    file = CachedPageFile(src_uri, None, config.site_dir, config.use_directory_urls)
    file.abs_src_path = blob_path
    file.dest_uri = page_file(src_uri, config.use_directory_urls)  # where MkDocs writes a page, as a page
    file.inclusion = InclusionLevel.NOT_IN_NAV
    page = Page(None, file, config)
    page.present_anchor_ids = set(anchors)
    return file


def sitemap_pages(files: Files, pages: list) -> list:
    """MkDocs' list of the pages for the sitemap (`pages`), with the cached pages put where a cold
    build has them: in the order of the files."""
    listed = {id(file) for file in pages}
    return [file for file in files if id(file) in listed or isinstance(file, CachedPageFile)]


def all_pages(files: Files, pages: list) -> list[Page]:
    """The Page of each of those files."""
    return [file.page for file in sitemap_pages(files, pages) if file.page is not None]
