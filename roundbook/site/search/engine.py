"""What a build asks of the site's search, whichever engine answers (roundbook/site/search/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

# Material's search ranks a page's matches by `boost` (1 when not set). Every reader downloads the
# whole index before the first result, so pages that only list what profiles already say (a year
# or a month of the timeline, a sector, a country) stay out of it; a profile's long sections
# (chart, timeline, rounds, deals, sources) are marked `data-search-exclude` in the templates for
# the same reason. With Pagefind the same marks decide what it indexes: `exclude` leaves a page
# out, `data-search-exclude` a section.
SEARCH_META: dict[str, dict[str, float | bool]] = {
    "organization.html.j2": {"boost": 2},
    "person.html.j2": {"boost": 2},
    "timeline.html.j2": {"boost": 0.5},
    "timeline_year.html.j2": {"exclude": True},
    "timeline_month.html.j2": {"exclude": True},
    "facet.html.j2": {"exclude": True},
    "facets.html.j2": {"boost": 0.5},
}


class Later(Protocol):
    """Work going on after a build: stopped before the next build starts, or when serve stops."""

    def stop(self) -> None: ...


class SearchEngine:
    """One engine's part in a build. Made in the process that reads the content, with what it needs
    of the dataset, then handed (pickled) to the plugin's process, which calls the rest."""

    name: str  # as the plugin's `search` option and the build's log name it
    # The folder of the site that after_build writes from the whole built site (Pagefind's bundle),
    # which an incremental build takes from its cache when nothing the engine reads of the pages
    # changed (article_view, page_view below); None: the engine has none.
    index_folder: str | None = None

    def page_meta(self, template: str, searched: bool = True) -> dict | None:
        """The `search` front matter of a page made from `template`: the same marks for both engines.
        searched=False: a further page of a listing (companies/list/2/), whose rows are found on
        their profiles."""
        if not searched:
            return {"exclude": True}
        search = SEARCH_META.get(template)
        return dict(search) if search is not None else None

    def configure(self, config, site_templates: Path) -> None:
        """In on_config: the theme folders and MkDocs' search plugin as this engine needs them."""
        raise NotImplementedError

    def article(self, page_html: str, page, generated) -> str:
        """The article's HTML as the engine should read it (after the sanitizer: what is added here
        is never the content's). `generated`: the page Roundbook made, None for a hand-written one."""
        return page_html

    def generated_article(self, page_html: str, generated) -> str:
        """What `article` gives for a page Roundbook generated, worked out from the page alone (its
        template and address), so that the process that rendered it can do it."""
        return page_html

    def served_article(self, article: str) -> str:
        """What of `article` (generated_article's) the site's page holds, once the engine has
        indexed it: what a page patched under `mkdocs serve` must hold (roundbook/site/preview/)."""
        return article

    def after_build(self, site_dir: Path) -> None:
        """Once MkDocs has written every page."""

    # What of each page the engine's index_folder is made from: it is made again only when that
    # changed (roundbook/site/incremental/builds.py). None: not known, and the page's bytes count.

    def article_view(self, article: str) -> str | None:
        """Where the page was rendered: a digest of what the engine may read of `article`."""
        return None

    def page_view(self, output: str, article: str, view: str | None) -> str | None:
        """Once the page is written: a digest of what the engine may read of it, from `view` (its
        article's) and the page around it."""
        return None

    def index_inputs(self, pages: list[tuple[str, str | None, str | None]]) -> list[tuple[str, str | None]]:
        """From (address, page_view, digest of its bytes) of each page: what keys the index."""
        return [(uri, digest) for uri, _, digest in pages]

    def reads_file(self, path: str) -> bool:
        """Whether the engine reads this file of the site (an open data file) to make its index."""
        return True

    def after_build_later(self, site_dir: Path) -> Later | None:
        """For `mkdocs serve`: after_build's work started in the background, the preview already
        holding the last index made (roundbook/site/incremental/); None when the engine has none."""
        return None

    # An incremental build gives MkDocs only the pages that changed; the rest are copied as they
    # were written (roundbook/site/incremental/). What an engine learns from each page as MkDocs
    # builds it, it keeps for the next build and is given back in their place.

    def cache_key(self) -> str:
        """What of the engine and of the whole dataset it knows shows in each page or its search
        entries: an incremental build makes every page again when it changes."""
        return self.name

    def before_index(self, page, config) -> None:
        """Before the engine reads the page (in on_page_context, ahead of MkDocs' search plugin)."""

    def indexed(self, page, config) -> Any:
        """What the engine learnt from the page since before_index (picklable), once it is written."""
        return None

    def put_back(self, learnt: list[Any], config) -> None:
        """Before the engine writes its index: what it learnt from every page, in the order of a
        cold build, from this build's pages and the cache's."""
