"""Pagefind: the search box is Roundbook's, the index is made from the built pages.

Each page's article is marked for it as MkDocs builds (pagefind_marks.py, with a company's
filters from pagefind_filters.py), and Pagefind indexes the site once MkDocs has written every page.
The binary comes inside the `pagefind_bin` wheel pinned in requirements/build.lock, and runs through
the `pagefind` package's own launcher (`python -m pagefind`, which finds it): nothing is
downloaded at build time. It reads the pages pagefind_marks.py marked and writes its
bundle (script, worker, WebAssembly, index chunks, fragments, filters) into `<site>/pagefind/`.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import Abort

from roundbook.site.search import pagefind_view
from roundbook.site.search.engine import SearchEngine
from roundbook.site.search.pagefind_marks import mark_for_pagefind
from roundbook.site.theme import install_theme

log = logging.getLogger("mkdocs.plugins.roundbook")

BUNDLE_DIR = "pagefind"
# Heading permalinks (the pilcrow after each heading) are not words of the page.
EXCLUDE_SELECTORS = [".headerlink"]
# Pagefind sends the whole text of each page it shows in the results (its fragment, for the
# excerpt). The lists of every company, investor and person grow with the data (the companies
# index is a 25 KB fragment at 1,000 companies, so about 250 KB at 10,000): Pagefind indexes only
# their title, and finds the names on the profiles.
PAGEFIND_TITLE_ONLY = {"companies.html.j2", "investors.html.j2", "people.html.j2"}


@dataclass
class PagefindSearch(SearchEngine):
    """Pagefind behind Material's search box: pages marked as MkDocs builds them, indexed after."""

    name = "pagefind"
    index_folder = BUNDLE_DIR
    filters: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # page -> its filters (pagefind_filters.py)

    def configure(self, config, site_templates: Path) -> None:
        install_theme(config, site_templates, pagefind=True)
        hand_search_to_pagefind(config)

    def article(self, page_html: str, page, generated) -> str:
        indexed = not (page.meta.get("search") or {}).get("exclude")
        title_only = generated is not None and generated.template in PAGEFIND_TITLE_ONLY
        return mark_for_pagefind(
            page_html, indexed, self.filters.get(page.file.src_uri), title_only, prose_only=generated is not None
        )

    def generated_article(self, page_html: str, generated) -> str:
        # A generated page's `search` front matter is its template's (SearchEngine.page_meta).
        indexed = not (self.page_meta(generated.template, generated.searched) or {}).get("exclude")
        title_only = generated.template in PAGEFIND_TITLE_ONLY
        return mark_for_pagefind(page_html, indexed, self.filters.get(generated.src_uri), title_only, prose_only=True)

    def article_view(self, article: str) -> str | None:
        return pagefind_view.article_view(article)

    def page_view(self, output: str, article: str, view: str | None) -> str | None:
        return pagefind_view.page_view(output, article, view)

    def index_inputs(self, pages: list[tuple[str, str | None, str | None]]) -> list[tuple[str, str | None]]:
        return pagefind_view.index_inputs(pages)

    def reads_file(self, path: str) -> bool:
        return path.endswith(".html")  # Pagefind's own default: **/*.{html}

    def after_build(self, site_dir: Path) -> None:
        seconds = index_site(site_dir)
        log.info(f"Roundbook: Pagefind indexed the site in {seconds:.1f} s")

    def after_build_later(self, site_dir: Path) -> IndexingLater:
        log.info("Roundbook: Pagefind indexes the preview in the background; search shows the last index until then")
        return IndexingLater(site_dir)


class IndexingLater:
    """Pagefind over the served site, in the background: its bundle is written beside the site
    and takes the place of the one there only when it is whole, and only if no build started
    since (stop, which the next build calls first, ends the run and drops what it wrote)."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.output = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.pagefind-", dir=site_dir.parent))
        self._stopped = False
        self._lock = threading.Lock()
        command = pagefind_command(site_dir, self.output / BUNDLE_DIR)
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self._thread = threading.Thread(target=self._finish, daemon=True)
        self._thread.start()

    def _finish(self) -> None:
        started = time.perf_counter()
        _, errors = self._process.communicate()
        with self._lock:
            made = self.output / BUNDLE_DIR
            if not self._stopped and self._process.returncode == 0 and (made / "pagefind-entry.json").is_file():
                target, old = self.site_dir / BUNDLE_DIR, self.output / "old"
                if target.exists():
                    target.rename(old)
                made.rename(target)
                log.info(f"Roundbook: Pagefind indexed the preview in {time.perf_counter() - started:.1f} s")
            elif not self._stopped:
                log.info(f"Roundbook: Pagefind could not index the preview: {errors.decode(errors='replace').strip()}")
            shutil.rmtree(self.output, ignore_errors=True)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
        if self._process.poll() is None:
            self._process.terminate()
        self._thread.join()


def pagefind_command(site_dir: Path, output: Path | None = None) -> list[str]:
    """Pagefind over `site_dir`, writing its bundle into the site's pagefind/ folder, or into `output`."""
    where = ["--output-path", str(output)] if output is not None else ["--output-subdir", BUNDLE_DIR]
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), *where, "--quiet"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index_site(site_dir: Path) -> float:
    """Run Pagefind over `site_dir`; the seconds it took. Abort, with its own words, when it fails."""
    started = time.perf_counter()
    result = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
    if result.returncode != 0 or not (site_dir / BUNDLE_DIR / "pagefind-entry.json").is_file():
        output = (result.stderr or result.stdout).strip()
        raise Abort(f"Roundbook: Pagefind could not index {site_dir} (exit status {result.returncode}): {output}")
    return time.perf_counter() - started


def hand_search_to_pagefind(config) -> None:
    """Keep Material's search box in the header, but not its index: Pagefind answers instead.

    Material's header draws the search box only while its search plugin is enabled, and the
    plugin's `enabled` switch also stops its indexing: the two cannot be told apart through
    options. So the plugin stays enabled (the header keeps the box) and only the two events
    that build and write `search/search_index.json` are taken out of MkDocs' event lists
    (`PluginCollection.events`, MkDocs' own dispatch table, frozen with MkDocs 1.6.1): no
    index is built, none is written, and the build saves the time it took. A theme folder goes in
    front of Material's templates with our own `partials/search.html`: only the box's
    root, in which roundbook-search.js builds the same markup and classes, but without the
    `name="search"` form and `data-md-component="search"` that make Material's script fetch the
    index and start its worker, and runs Pagefind behind that box (the theme's with-pagefind
    folder, roundbook/shipped.py). tests/test_pagefind.py fails if the index is written or requested.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        for event in ("page_context", "post_build"):
            handler = getattr(search, f"on_{event}")
            config.plugins.events[event] = [h for h in config.plugins.events[event] if h != handler]
    # The box itself: roundbook/site/theme.py puts the theme's with-pagefind folder first.
