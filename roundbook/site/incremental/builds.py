"""The cache's part in one build: what SiteBuild (roundbook/site/build.py) asks of it, step by step.

1. Before the content work (`open`): scan the content folder, digest the settings, and find the
   last manifest with those settings. When nothing changed at all (`unchanged`), the content work
   is skipped: every page and file comes from the cache (`prepared`).
2. Otherwise the content work runs with the manifest (`inputs`): it makes only the pages and
   files whose fingerprint changed (plan.py), and `take` puts the rest back in their places.
3. While MkDocs writes, the build tells it what was written (`page_written`, `article_of`).
4. When the site is whole (`keep_outputs`, `search_files`, `commit`), what was made goes into the
   cache, linked rather than copied, with the manifest that says what it was made from.
"""

from __future__ import annotations

import gzip
import logging
import os
import shutil
import sys
import zlib
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from mkdocs import utils as mkdocs_utils

from roundbook.render import GeneratedPage
from roundbook.shipped import SITE_THEME
from roundbook.site.incremental.files import CachedPageFile, all_pages, cached_page_file, sitemap_pages
from roundbook.site.incremental.inputs import Digest, history_key, scan_content, settings_key
from roundbook.site.incremental.manifest import FileParts, FileRecord, Manifest, PageRecord, SearchFiles
from roundbook.site.incremental.plan import Inputs, Outcome
from roundbook.site.incremental.store import CACHE_FOLDER, Blob, Cache, digest_of, digest_of_file
from roundbook.site.memory import PageStore, RenderedPage, SpooledFile
from roundbook.site.open_data import link_into_site
from roundbook.site.prepare import Prepared
from roundbook.site.search import SearchEngine

log = logging.getLogger("mkdocs.plugins.roundbook")

SCAN_FILE = "scan"  # the last scan's file stats, whatever the settings


class IncrementalBuild:
    """The cache's side of one build (see the module's docstring)."""

    def __init__(self, root: Path, cache: Cache, content_dir: str, templates_dir: str, git_history: bool, config):
        self.root = root
        self.cache = cache
        self.last_scan = self._last_scan()
        self.scan = scan_content(root, content_dir, self.last_scan)
        self.settings = settings_key(config, root, templates_dir, self.scan.others)
        self.history_key = history_key(root, git_history)
        everything = Digest("everything", self.settings, sorted(self.scan.records.items()), self.history_key)
        self.everything_key = everything.hexdigest()  # equal to the last build's: nothing changed
        self.previous: Manifest | None = cache.load(self.settings)
        if self.previous is not None:
            cache.trust_stored(self.previous.blobs())
        self.by_record = not overrides_page_templates(root / templates_dir)
        self.unchanged = (
            self.previous is not None and self.previous.everything == self.everything_key and self._whole(self.previous)
        )
        self.outcome = Outcome()
        self.cached: dict[str, PageRecord] = {}  # pages given to MkDocs as files: outside the nav, unchanged
        self.written: dict[str, tuple[str, str]] = {}  # docs path -> (digest, file) of each page MkDocs wrote
        self.nav_articles: dict[str, tuple[str, Any]] = {}  # of the pages in the nav: article, table of contents
        self.searched: dict[str, Any] = {}  # docs path -> what the search engine kept of the page
        self.views: dict[str, tuple[str | None, str | None]] = {}  # docs path -> page_view, article_view
        self.link_problems: list[str] = []
        self.kept_outputs: dict[str, FileRecord] = {}
        self.kept_parts: dict[str, FileParts] = {}  # of the files made of parts made now (parts.py)
        self.search_kept: SearchFiles | None = None
        self.site_kept: set[str] = set()  # files of the site folder kept from the last build (site_folder.py)
        self.broken = False  # the cache could not be written: nothing of this build is committed

    @classmethod
    def open(
        cls, root: Path, content_dir: str, templates_dir: str, git_history: bool, config
    ) -> IncrementalBuild | None:
        """The cache's side of this build, or None when it cannot have one (another build holds the
        cache, or it cannot be written): then it builds everything, as without the cache."""
        if others := other_plugins(config):
            log.info(
                f"Roundbook: {', '.join(others)} may need every page as MkDocs builds it; "
                "this build makes everything, without the cache"
            )
            return None
        cache = Cache(root)
        if (why := cache.lock()) is not None:
            log.info(f"Roundbook: {why}; this build makes everything without it")
            return None
        try:
            return cls(root, cache, content_dir, templates_dir, git_history, config)
        except BaseException:
            cache.unlock()
            raise

    def close(self) -> None:
        self.cache.unlock()

    def _last_scan(self) -> dict:
        found = self.cache.read_signed(self.cache.folder / SCAN_FILE)
        return found if isinstance(found, dict) else {}  # none yet: every file is hashed

    def _whole(self, manifest: Manifest) -> bool:
        """Whether every page and file of the manifest is still in the cache as it was stored."""
        if manifest.search is None:
            return False
        blobs = [*(page.blob for page in manifest.pages.values()), *(file.blob for file in manifest.files.values())]
        return all(blob is not None and self.cache.intact(blob) for blob in blobs)

    # --- 1 and 2: the content work, or none -------------------------------------------------------

    def inputs(self) -> Inputs:
        """What the process that renders needs to choose what to make again."""
        known = self.previous.history if self.previous and self.previous.history_key == self.history_key else None
        return Inputs(
            self.root,
            self.settings,
            self.everything_key,
            self.scan.records,
            self.previous,
            self.by_record,
            history=known,
            # Read only now: a build with nothing changed has no use for them.
            parts=self.cache.load_parts(self.settings) if self.previous is not None else {},
        )

    def prepared(self) -> Prepared:
        """The last build's pages and files, when nothing changed since: no content is read."""
        manifest = self.previous
        assert manifest is not None and manifest.search is not None  # `unchanged` says so
        outcome = Outcome(
            pages=list(manifest.pages),
            files=list(manifest.files),
            reused={*manifest.pages, *manifest.files},
            fingerprints={
                **{uri: record.fingerprint for uri, record in manifest.pages.items()},
                **{path: record.fingerprint for path, record in manifest.files.items()},
            },
        )
        return Prepared(
            pages={},
            store=PageStore(),
            outputs=[],
            history=manifest.history,
            search=manifest.search,
            hand_written=manifest.hand_written,
            summary=manifest.summary,
            stages="none: nothing changed since the last build",
            warnings=list(manifest.warnings),
            outcome=outcome,
        )

    def take(self, prepared: Prepared, store: PageStore) -> tuple[dict[str, GeneratedPage], list[SpooledFile]]:
        """Every page, in the order of a cold build, and every open data file: those made now and
        those the cache gives. A cached page in the nav goes into `store`, as made now."""
        assert prepared.outcome is not None
        self.outcome = prepared.outcome
        previous = self.previous
        pages: dict[str, GeneratedPage] = {}
        for uri in self.outcome.pages:
            if uri not in self.outcome.reused:
                pages[uri] = prepared.pages[uri]
                continue
            assert previous is not None
            record = previous.pages[uri]
            if record.html is not None:  # in the nav: MkDocs writes it again, with the nav of this build
                article = Path(self.cache.blob_path(record.html.digest)).read_bytes()
                pages[uri] = store.add(
                    RenderedPage(
                        record.page, zlib.compress(article, 1), set(record.anchors), record.toc, record.article_view
                    )
                )
            else:
                pages[uri] = record.page
                self.cached[uri] = record
        for uri, page in prepared.pages.items():  # none left, unless the renderer made a page it was not asked about
            pages.setdefault(uri, page)
        outputs = list(prepared.outputs)
        for path in self.outcome.files:
            if path in self.outcome.reused:
                assert previous is not None
                file = previous.files[path]
                blob = file.blob
                outputs.append(SpooledFile(path, self.cache.blob_path(blob.digest), blob.size, file.bulk, blob.digest))
        if self.unchanged:
            log.info(
                f"Roundbook: nothing changed since the last build: {len(pages)} pages and {len(outputs)} files "
                f"from {CACHE_FOLDER}/"
            )
        elif previous is not None:
            made = sum(1 for uri in pages if uri not in self.outcome.reused)
            read = ""
            if prepared.records_read is not None:
                read = f", {prepared.records_read[0]} of {prepared.records_read[1]} record files read"
            log.info(
                f"Roundbook: incremental build: {made} of {len(pages)} pages and {len(prepared.outputs)} of "
                f"{len(outputs)} files made again{read}, the rest from {CACHE_FOLDER}/"
            )
        return pages, outputs

    # --- 3: MkDocs writes ------------------------------------------------------------------------

    def page_file(self, config, uri: str):
        """The file MkDocs is given for a cached page outside the nav, or None for a page it builds."""
        record = self.cached.get(uri)
        if record is None or record.output is None:
            return None
        return cached_page_file(config, uri, self.cache.blob_path(record.output.digest), record.anchors)

    def previous_link_problems(self) -> list[str]:
        return list(self.previous.link_problems) if self.previous else []

    def sitemap_pages(self, files, pages: list) -> list:
        """The sitemap's pages with the cached ones in their places (files.py)."""
        return sitemap_pages(files, pages) if self.cached else pages

    def anchors(self) -> dict[str, set[str]]:
        return {uri: set(record.anchors) for uri, record in self.cached.items()}

    def article_of(self, uri: str, article: str, toc) -> None:
        """What the theme writes of a page in the nav, which the cache keeps: the theme writes it
        again at each build, with that build's nav."""
        self.nav_articles[uri] = (article, toc)

    def page_viewed(self, uri: str, page_view: str | None, article_view: str | None) -> None:
        """What the search engine may read of a generated page MkDocs is writing, and of its article."""
        self.views[uri] = (page_view, article_view)

    def page_written(self, page, output: str, search_record: Any) -> None:
        """MkDocs is about to write `output` for `page` (after every plugin's post_page), as MkDocs encodes it."""
        digest = digest_of(output.encode("utf-8", errors="xmlcharrefreplace"))
        self.written[page.file.src_uri] = (digest, page.file.abs_dest_path)
        self.searched[page.file.src_uri] = search_record

    def search_records(self, files) -> list[tuple[str, Any]]:
        """What the search engine kept of every page, in the order a cold build indexes them."""
        order = []
        for file in files:
            if isinstance(file, CachedPageFile):
                order.append((file.src_uri, self.cached[file.src_uri].search))
            elif file.src_uri in self.searched:
                order.append((file.src_uri, self.searched[file.src_uri]))
        return order

    # --- 4: the site is whole --------------------------------------------------------------------

    def fix_sitemap(self, site_dir: Path, files, doc_pages: list) -> None:
        """MkDocs gzipped the sitemap with the newest date of the pages it built; a cold build's
        is the newest of every page."""
        if not self.cached:
            return
        sitemap = site_dir / "sitemap.xml"
        if not sitemap.is_file():
            return
        gz_filename = f"{sitemap}.gz"
        timestamp = mkdocs_utils.get_build_timestamp(pages=all_pages(files, doc_pages))
        with open(gz_filename, "wb") as handle:
            with gzip.GzipFile(fileobj=handle, filename=gz_filename, mode="wb", mtime=timestamp) as gz_buf:
                gz_buf.write(sitemap.read_bytes())

    def _keep(self, work: Callable[[], None]) -> None:
        """Keeping what a build made is a nicety: a cache that cannot be written (a full disk, a
        folder made read-only) never fails the build; it is then not committed."""
        if self.broken:
            return
        try:
            work()
        except OSError as error:
            self.broken = True
            log.info(f"Roundbook: {CACHE_FOLDER}/ could not keep this build ({error}); the next one makes it again")

    def keep_outputs(self, outputs: list[SpooledFile]) -> None:
        """Link the open data files made now into the cache, while their spool is still there."""
        self._keep(lambda: self._keep_outputs(outputs))

    def _keep_outputs(self, outputs: list[SpooledFile]) -> None:
        fresh = [output for output in outputs if output.path not in self.outcome.reused]
        if fresh:
            self.cache.mark_pending()
        for output in fresh:
            digest = output.digest or digest_of_file(output.abs_src_path)
            fingerprint = self.outcome.fingerprints.get(output.path, self.everything_key)
            self.kept_outputs[output.path] = FileRecord(
                fingerprint, self.cache.keep_file(output.abs_src_path, digest), output.bulk
            )
            if output.parts:
                keys, lengths = zip(*output.parts, strict=True)
                self.kept_parts[output.path] = FileParts(digest, keys, lengths)

    def search_files(
        self, search: SearchEngine, site_dir: Path, pages: dict[str, GeneratedPage], outputs, later: bool = False
    ) -> bool:
        """The search engine's files over the whole site: from the cache when every page and file is
        what it was when the cache's were made, else made by the engine and kept. `later` (under
        `mkdocs serve`): the last ones made go into the preview at once, and the answer says that
        the engine is to make them again in the background (after_build_later, where the site is
        served)."""
        folder = search.index_folder
        if folder is None:
            search.after_build(site_dir)
            return False
        # Every page, by its path, with what the engine may read of it and the digest of its bytes;
        # the files it reads, with theirs. A page's view is the engine's word on what changes its index.
        viewed: list[tuple[str, str | None, str | None]] = []
        for uri in pages:
            record = self.cached.get(uri)
            written = self.written.get(uri)
            digest = record.output.digest if record and record.output else written[0] if written else None
            view = record.page_view if record is not None else self.views.get(uri, (None, None))[0]
            viewed.append((uri, view, digest))
        made_from = search.index_inputs(viewed)
        for output in outputs:
            if search.reads_file(output.path):
                kept = self.kept_outputs.get(output.path)
                made_from.append((output.path, kept.blob.digest if kept else output.digest))
        search_key = Digest("search files", self.settings, sorted(made_from, key=str)).hexdigest()
        stored = self.previous.search_files if self.previous else None
        if stored is None or not all(map(self.cache.intact, stored.files.values())):
            stored = None
        if stored is not None and (stored.key == search_key or later):
            for path, blob in stored.files.items():
                target = site_dir / path
                if str(target) in self.site_kept:
                    continue  # still there from the last build (site_folder.py)
                link_or_copy(Path(self.cache.blob_path(blob.digest)), target)
            self.search_kept = stored  # with its own key: a later build sees that it is not this site's
            if stored.key != search_key:
                return True
            log.info(f"Roundbook: the search index of the last build, from {CACHE_FOLDER}/ (nothing it reads changed)")
            return False
        # The last index, where the site folder was kept (site_folder.py), is linked into the cache:
        # the engine writes a new one, never over those files.
        shutil.rmtree(site_dir / folder, ignore_errors=True)
        search.after_build(site_dir)
        self._keep(lambda: self._keep_search_files(site_dir / folder, site_dir, search_key))
        return False

    def search_links(self, site_dir: str) -> dict[str, str]:
        """The last build's search files, by where they go in the site folder, to their copies in
        the cache: kept in the site folder while this build may link them again (site_folder.py)."""
        stored = self.previous.search_files if self.previous else None
        if stored is None:
            return {}
        return {os.path.join(site_dir, path): self.cache.blob_path(blob.digest) for path, blob in stored.files.items()}

    def _keep_search_files(self, folder: Path, site_dir: Path, search_key: str) -> None:
        self.cache.mark_pending()
        made: dict[str, Blob] = {}
        for index_file in sorted(folder.rglob("*")):
            if index_file.is_file():
                made[index_file.relative_to(site_dir).as_posix()] = self.cache.keep_file(
                    index_file, digest_of_file(index_file)
                )
        self.search_kept = SearchFiles(search_key, made)

    def commit(
        self,
        pages: dict[str, GeneratedPage],
        anchors: dict[str, set[str]],
        search: SearchEngine,
        prepared: Prepared,
    ) -> None:
        """Keep what this build made, and the manifest that says what from."""
        if self.unchanged and self.search_kept is (self.previous.search_files if self.previous else None):
            # The cache holds all of it already. Files changed just before the last scan were hashed
            # again by this one (inputs.py); their stats, now old enough to trust, spare the next
            # scan that: after a pull or a checkout, every build would otherwise hash them again.
            if self.scan.stats != self.last_scan:
                self._keep(self._keep_scan)
            return
        self._keep(lambda: self._commit(pages, anchors, search, prepared))

    def _commit(
        self, pages: dict[str, GeneratedPage], anchors: dict[str, set[str]], search: SearchEngine, prepared: Prepared
    ) -> None:
        self.cache.mark_pending()
        records: dict[str, PageRecord] = {}
        for uri, page in pages.items():
            if uri in self.cached:
                records[uri] = self.cached[uri]
                continue
            if uri not in self.written:  # not written (an empty page): made again next time
                continue
            digest, dest = self.written[uri]
            fingerprint = self.outcome.fingerprints.get(uri) or ""
            record = PageRecord(fingerprint, page, frozenset(anchors.get(uri, ())), search=self.searched.get(uri))
            record.page_view, record.article_view = self.views.get(uri, (None, None))
            if uri in self.nav_articles:
                article, record.toc = self.nav_articles[uri]
                record.html = self.cache.keep_bytes(article.encode("utf-8"))
            else:
                record.output = self.cache.keep_file(dest, digest)
            records[uri] = record
        _share_strings(records)
        files = {}
        previous_files = self.previous.files if self.previous else {}
        for path in self.outcome.files:
            if path in self.outcome.reused:
                files[path] = previous_files[path]
        files.update(self.kept_outputs)
        manifest = Manifest(
            settings=self.settings,
            everything=self.everything_key,
            history_key=self.history_key,
            history=prepared.history,
            pages=records,
            files=files,
            search=search,
            search_files=self.search_kept,
            hand_written=prepared.hand_written,
            summary=prepared.summary,
            warnings=prepared.warnings,
            link_problems=self.link_problems,
        )
        replaced = list(self.previous.blob_digests()) if self.previous else []
        self.cache.write_parts(self.settings, self.kept_parts)
        self.cache.commit(self.settings, manifest, manifest.blob_digests(), replaced)
        self._keep_scan()

    def _keep_scan(self) -> None:
        self.cache.write_signed(self.cache.folder / SCAN_FILE, self.scan.stats)


# The plugins whose part in a build is known to survive pages the cache gives: Roundbook's own,
# and the search, whose entries for those pages are kept (roundbook/site/search/builtin.py).
# Another plugin (or a hook) may read or make something from every page as MkDocs builds it,
# such as Material's social cards or tags: with one of those on, every build makes everything.
KNOWN_PLUGINS = {"roundbook", "search", "material/search"}


def other_plugins(config) -> list[str]:
    """The plugins of the build, switched on, that the cache knows nothing of."""
    return [
        name
        for name, plugin in config.plugins.items()
        if name not in KNOWN_PLUGINS and plugin.config.get("enabled", True) is not False
    ]


def _share_strings(records: dict[str, PageRecord]) -> None:
    """The same link or anchor on many pages as one string: the manifest stores each once, which
    halved it and the time to read it (1,000 companies: 4.7 MB, 0.46 s; shared, 2.4 MB, 0.22 s)."""
    for record in records.values():
        record.page = replace(record.page, links=frozenset(map(sys.intern, record.page.links)))
        record.anchors = frozenset(map(sys.intern, record.anchors))


def overrides_page_templates(templates: Path) -> bool:
    """Whether the site's own templates folder replaces a page template (not only theme files)."""
    if not templates.is_dir():
        return False
    return any(
        path.suffix == ".j2" and path.relative_to(templates).parts[0] != SITE_THEME for path in templates.rglob("*")
    )


def link_or_copy(source: Path, target: Path) -> None:
    try:
        link_into_site(str(source), str(target))
    except OSError:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
