"""What keeps a build's memory in check, behind one boundary: BuildMemory.

At 10,000 companies a build once peaked at 2.75 GB. What brought it down, each for a reason
measured then (docs/pages/run/scale-log.md):

- The content work (load, validate, model, render, export) runs in a forked child process:
  Python reaches about 1.5 GB there and keeps most of what it frees (its small-object arenas stay
  mapped while any object in them lives); when the child ends, all of it goes back to the system,
  so MkDocs writes the pages, and Pagefind (a separate program, about 1.1 GB at that size) indexes
  them, beside a lean process. Where `fork` does not exist (Windows), the same work runs here.
- In the child, the dataset is frozen out of the cyclic collector's sight while pages are
  rendered: rendering makes cyclic garbage, so the collector must run, but without walking the
  millions of objects of the dataset at each of its full collections.
- Generated pages wait compressed (PageStore, about a sixth of 350 MB of HTML) until MkDocs takes
  each one, and the open data files wait on disk (OutputSpool, about 400 MB), not in memory.
- The child forks workers that render beside it (roundbook/site/workers.py), while the dataset is
  frozen out of the collector's sight: a worker shares the child's memory until it writes to it,
  and the collector, which would write to every object it walks, leaves the dataset alone.
- Once the content is let go, what stays (MkDocs' configuration, the page table) is collected once
  and frozen, so that the collector stops walking it while MkDocs builds the pages; and each
  page's content is let go once the page is written.
- Caches that live for one build (roundbook/build_caches.py) are emptied when it ends.
- What only the next build needs (the checked records an incremental build keeps) the child
  writes after it has answered (AndThen), once its workers are gone, while MkDocs writes the
  pages; the build waits for it (`wait_for_child`) before it lets go of the cache.

Each build opens a BuildMemory and closes it when the build ends, whichever way: after the last
plugin's on_post_build, on on_build_error, on on_shutdown. `close` can be called any number of
times; after it, nothing the build held is held here, so `mkdocs serve`'s next build starts from
nothing and a failed build leaves neither a frozen heap nor a spool folder behind.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import sys
import tempfile
import traceback
import zlib
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from mkdocs.structure.toc import TableOfContents

from roundbook.build_caches import forget_per_build_caches
from roundbook.export import OutputFile
from roundbook.render import GeneratedPage
from roundbook.site.prerendered import anchor_ids, table_of_contents

T = TypeVar("T")


class _CarriesStore(Protocol):
    @property
    def store(self) -> PageStore: ...


WithStore = TypeVar("WithStore", bound=_CarriesStore)


@dataclass(frozen=True)
class RenderedPage:
    """A page as the process that rendered it hands it over: what the build needs of its HTML,
    worked out there, and the HTML compressed (fast, and still a sixth)."""

    page: GeneratedPage  # without its HTML
    article: bytes  # the HTML as the search engine reads it (SearchEngine.generated_article), compressed
    anchors: set[str]  # the ids on it, for the link check
    toc: TableOfContents  # its headings, read before the search engine marks them
    view: str | None = None  # what the search engine may read of the article (SearchEngine.article_view)


def rendered_page(page: GeneratedPage, article: str, view: str | None = None) -> RenderedPage:
    """`page`, rendered, with `article`: its HTML as the search engine reads it, and `view`, a
    digest of what it may read of it."""
    return RenderedPage(
        replace(page, html=""),
        zlib.compress(article.encode("utf-8"), 1),
        anchor_ids(page.html),
        table_of_contents(page.html),
        view,
    )


class PageStore:
    """Generated pages, each kept compressed with the ids its links can point at, until MkDocs takes it.

    The plugin renders every page before MkDocs touches the site folder (a template error must stop
    the build with nothing written). At 10,000 companies that is 350 MB of HTML, held while MkDocs
    builds its own copy of each page."""

    def __init__(self) -> None:
        self._pages: dict[str, tuple[bytes, TableOfContents]] = {}
        self.anchors: dict[str, set[str]] = {}  # page -> the ids on it, for the link check
        self.views: dict[str, str | None] = {}  # page -> RenderedPage.view

    def add(self, rendered: RenderedPage) -> GeneratedPage:
        """Keep the page's article and table of contents; the page is returned without its HTML."""
        self._pages[rendered.page.src_uri] = (rendered.article, rendered.toc)
        self.anchors[rendered.page.src_uri] = rendered.anchors
        self.views[rendered.page.src_uri] = rendered.view
        return rendered.page

    def take(self, src_uri: str) -> tuple[str, TableOfContents]:
        """The page's article and its table of contents, which leave the store."""
        article, toc = self._pages.pop(src_uri)
        return zlib.decompress(article).decode("utf-8"), toc


@dataclass(frozen=True)
class SpooledFile:
    path: str  # under the site folder
    abs_src_path: str  # where it waits until MkDocs copies it into the site
    size: int = 0  # in bytes
    bulk: bool = False  # a CSV download or one of the API's lists (roundbook/export/bulk.py)
    digest: str = ""  # the SHA-256 of its bytes, which an incremental build's cache names it by
    parts: tuple[tuple[str, int], ...] = ()  # a file made of parts: OutputFile.parts


class OutputSpool:
    """A temporary folder the open data files wait in, written as they are made, so a large site's
    hundreds of megabytes of JSON, CSV and feeds are not held in memory while MkDocs builds pages."""

    def __init__(self, beside: str | None = None) -> None:
        """`beside`: the site folder, whose parent holds the spool when it can, so that each file
        reaches the site as a hard link (roundbook.site.open_data.SpooledSiteFile), not a copy."""
        folder: tempfile.TemporaryDirectory[str] | None = None
        if beside:
            try:
                parent = Path(beside).resolve().parent
                parent.mkdir(parents=True, exist_ok=True)
                folder = tempfile.TemporaryDirectory(prefix=".roundbook-open-data-", dir=parent)
            except OSError:
                folder = None
        if folder is None:
            folder = tempfile.TemporaryDirectory(prefix="roundbook-open-data-")
        self._folder = folder

    @property
    def folder(self) -> str:
        return self._folder.name

    def close(self) -> None:
        self._folder.cleanup()


def spool_files(folder: str, outputs: Iterable[OutputFile]) -> list[SpooledFile]:
    """Write each file under `folder` as it is made; where each one waits."""
    spooled = []
    for output in outputs:
        target = Path(folder, output.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output.content)
        digest = hashlib.sha256(output.content).hexdigest()
        spooled.append(SpooledFile(output.path, str(target), len(output.content), output.bulk, digest, output.parts))
    return spooled


@contextmanager
def dataset_out_of_collectors_sight():
    """Rendering makes cyclic garbage (about 200 objects a page, in Jinja's contexts), so the
    collector has to run while pages are made; but each of its full collections would also walk
    the whole dataset, millions of objects that live until the end. Freezing what exists now
    keeps it out of those walks; unfrozen afterwards, it can go when nothing holds it."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass
class AndThen(Generic[T]):
    """What forked work answers, and what its child goes on with once the answer is sent, while
    the build goes on without waiting: work only a later build needs (the checked records that
    roundbook/site/incremental/kept_records.py writes). Done there, in the child that made what it
    writes, after its workers are gone, it copies no memory page of theirs and waits for nothing."""

    answer: T
    then: list[Callable[[], None]] = field(default_factory=list)


def in_forked_child(
    work: Callable[..., T | AndThen[T]], *args, expected: tuple[type[BaseException], ...] = ()
) -> tuple[T, multiprocessing.process.BaseProcess | None]:
    """`work(*args)` in a forked child process, whose memory goes back to the system when it ends:
    its answer, and the child, to join once this process needs the work that comes after the
    answer (AndThen) done; None for the child when there is none to wait for.

    The answer comes back pickled. An exception of an `expected` type is raised here as it was
    there (it must pickle); any other is a bug, raised here with the child's traceback; a child
    that dies without answering is an error, not a hang. Without `fork`, `work` runs here, and what
    comes after its answer too."""
    if "fork" not in multiprocessing.get_all_start_methods():
        done = work(*args)
        if isinstance(done, AndThen):
            for call in done.then:
                call()
            return done.answer, None
        return done, None
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_work_and_send, args=(sending, work, args, expected), daemon=True)
    child.start()
    sending.close()  # the child holds the only writing end: its death ends the wait below
    try:
        outcome, value = receiving.recv()
    except EOFError:
        child.join()
        raise RuntimeError(
            f"the process that renders the site ended without an answer (exit code {child.exitcode}); "
            "it may have run out of memory"
        ) from None
    finally:
        receiving.close()
    if outcome == "raised":
        child.join()
        raise value
    if outcome == "crashed":
        child.join()
        raise RuntimeError(f"rendering the site failed:\n{value}")
    return value, child


def _work_and_send(sending, work: Callable, args: tuple, expected: tuple[type[BaseException], ...]) -> None:
    then: list[Callable[[], None]] = []
    try:
        done = work(*args)
        if isinstance(done, AndThen):
            done, then = done.answer, done.then
        answer = ("done", done)
    except expected as error:
        answer = ("raised", error)
    except BaseException:  # a bug: the parent shows it with its traceback
        answer = ("crashed", traceback.format_exc())
    sending.send(answer)
    sending.close()
    sys.stdout.flush()
    for call in then:  # a failure here is a bug, shown with its traceback on the child's way out
        call()


class BuildMemory:
    """The memory tricks of one build, from on_config to its end (see the module's docstring)."""

    def __init__(self, site_dir: str) -> None:
        forget_per_build_caches()  # whatever a build before this one left, in this process
        self.spool: OutputSpool | None = OutputSpool(beside=site_dir)  # None once closed
        self.store = PageStore()
        self._frozen = False
        self._child: multiprocessing.process.BaseProcess | None = None  # still at its AndThen's work

    def reuse(self, prepared: WithStore) -> WithStore:
        """What an earlier build made, which the cache gives (roundbook/site/incremental/): no child."""
        self.store = prepared.store
        return prepared

    def prepare(
        self, work: Callable[..., WithStore | AndThen[WithStore]], *args, expected: tuple[type[BaseException], ...] = ()
    ) -> WithStore:
        """`work(*args, spool_folder)` in a forked child. What it returns must carry its PageStore
        as `.store`: the build's pages wait there."""
        if self.spool is None:
            raise RuntimeError("Roundbook: this build's memory is closed already")
        prepared, self._child = in_forked_child(work, *args, self.spool.folder, expected=expected)
        self.store = prepared.store
        return prepared

    def wait_for_child(self) -> None:
        """Wait for the child's further work (AndThen), if it is not done: before the build lets
        go of the cache that work writes into. Safe to repeat."""
        if self._child is not None:
            self._child.join()
            self._child = None

    @property
    def anchors(self) -> dict[str, set[str]]:
        return self.store.anchors

    def take_page(self, src_uri: str) -> tuple[str, TableOfContents]:
        """A generated page's article, as the search engine reads it, and its table of contents."""
        return self.store.take(src_uri)

    def settle(self) -> None:
        """The content is loaded, rendered and let go (on_files): collect it once, then keep the
        cyclic collector from walking what stays at each of its collections while MkDocs builds the
        pages: that walk grew with the site."""
        gc.collect()
        gc.freeze()
        self._frozen = True

    @staticmethod
    def page_written(page) -> None:
        """The search index took its text from the page already and MkDocs needs only the output
        from here: letting the content go keeps a large site's build from holding every page."""
        page.content = None

    def close(self) -> None:
        """Let go of everything: the frozen heap, the spool folder (MkDocs has copied its files, or
        the build failed), the pages left in the store, the per-build caches. Safe to repeat."""
        if self._frozen:
            gc.unfreeze()
            self._frozen = False
        if self.spool is not None:
            self.spool.close()
            self.spool = None
        self.store = PageStore()
        forget_per_build_caches()
