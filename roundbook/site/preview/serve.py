"""The quick preview in MkDocs' preview server: what changed, the patched pages first, then the build.

The server is told of changes under the content folder by the operating system's file events
(watchdog's native observer), which name the files, rather than by MkDocs' own watcher, which
looks at every file twice a second (65,000 at 10,000 companies) and names nothing. Each build
then starts with the files changed since the last one: the content's process (worker.py) patches
the pages they change into the served site (splice.py), and the server publishes it, so the open
pages reload; then the whole build runs as before, into a folder of its own (staging.py), and the
pages reload again when it is published. Only an edit the process could take entirely keeps it
in step with the content; after any other build it loads the content again.

MkDocs 1.6.1 is pinned: its LiveReloadServer's builder, its rebuild condition and its epochs
(the version of the site a page was served from, which its live reload script compares) are
what this drives, as serve_errors.py does; tests/test_serve.py runs the real server.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from mkdocs.livereload import _timestamp
from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from roundbook.site.prepare import Request
from roundbook.site.preview.splice import apply_splices
from roundbook.site.preview.worker import PreviewWorker

log = logging.getLogger("mkdocs.plugins.roundbook")

# What a file event can mean for the content: read, opened or closed unwritten, nothing changed.
_CHANGES = {"created", "modified", "deleted", "moved", "closed", "attrib"}
# Only these are asked of the operating system: a build reads every content file, and the events
# of those reads (65,000 at 10,000 companies) overflowed inotify's queue.
_ASKED = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileAttribEvent,
    FileDeletedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class ChangedFiles(FileSystemEventHandler):
    """The files changed under the content folder since the last build, and the server told of each."""

    def __init__(self, server) -> None:
        self.server = server
        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._unknown = False  # a folder came, went or moved: which files it holds is not said

    def on_any_event(self, event) -> None:
        if event.event_type not in _CHANGES:
            return
        with self._lock:
            if event.is_directory:
                self._unknown = self._unknown or event.event_type != "modified"  # a file in it changed: said apart
            else:
                self._paths.add(str(event.src_path))
                if getattr(event, "dest_path", ""):
                    self._paths.add(str(event.dest_path))
        if event.is_directory and event.event_type == "modified":
            return
        with self.server._rebuild_cond:  # as MkDocs' own watcher does
            self.server._want_rebuild = True
            self.server._rebuild_cond.notify_all()

    def take(self) -> list[str] | None:
        """The files changed since the last call; None when that cannot be said."""
        with self._lock:
            paths, unknown = sorted(self._paths), self._unknown
            self._paths, self._unknown = set(), False
        return None if unknown or not paths else paths


class QuickPreview:
    """The server's builder, wrapped: patched pages first, then the build (see the module's docstring)."""

    def __init__(self, server, served: Path, last_request: Callable[[], Request | None]) -> None:
        self.server = server
        self.served = served
        self.last_request = last_request
        self.changes = ChangedFiles(server)
        self.observer = Observer()
        self.worker: PreviewWorker | None = None

    @classmethod
    def start(
        cls, server, content: Path, served: Path, last_request: Callable[[], Request | None]
    ) -> QuickPreview | None:
        """Watching `content` and wrapping the server's builder; None where the operating system
        cannot say which files change (the server then watches it as MkDocs does)."""
        preview = cls(server, served, last_request)
        try:
            preview.observer.schedule(preview.changes, str(content), recursive=True, event_filter=_ASKED)
            preview.observer.start()
        except OSError as error:  # too few inotify watches for the folders, say
            log.info(f"Roundbook: no quick preview ({error}); every edit waits for the whole build")
            return None
        builder = server.builder
        server.builder = partial(preview.build, builder)
        preview.load()
        return preview

    def load(self) -> None:
        """A new process loads the content as the last good build saw it."""
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
        request = self.last_request()
        if request is None:
            return
        self.worker = PreviewWorker(request)
        threading.Thread(target=self._announce, args=(self.worker,), daemon=True).start()

    @staticmethod
    def _announce(worker: PreviewWorker) -> None:
        """Say in the log when edits start to show before the build (or why they do not)."""
        while worker.loaded is None:
            worker.ready(wait=0.25)  # in steps: the builder may ask the worker meanwhile
        if worker.loaded:
            log.info(f"Roundbook: quick preview ready: the content was loaded in {worker.seconds:.1f} s")
        elif worker.said != "stopped":
            why = (worker.said.strip().splitlines() or ["its process said nothing"])[-1]  # a traceback's last line
            log.info(f"Roundbook: no quick preview until the next build ({why})")

    def build(self, builder: Callable[..., None], *args, **kwargs) -> None:
        changed = self.changes.take()
        patched: list[str] = []
        in_step = False
        if changed is not None and self.worker is not None:
            started = time.perf_counter()
            answer = self.worker.patch(changed)
            in_step = answer.declined is None
            if answer.declined is not None:
                log.info(f"Roundbook: the whole build shows this edit ({answer.declined})")
            elif answer.splices:
                patched = apply_splices(self.served, answer.splices)
            if patched:
                self._publish()
                log.info(
                    f"Roundbook: {len(patched)} of the {answer.profiles} pages the edit reaches patched into "
                    f"the preview in {time.perf_counter() - started:.2f} s ({answer.records} records modelled); "
                    "the whole site follows"
                )
        try:
            builder(*args, **kwargs)
        finally:
            if patched:
                # A version newer than the patched one, which the server publishes when the build
                # ends (or fails, with its problems shown): the open pages reload once more.
                with self.server._epoch_cond:
                    self.server._wanted_epoch = _timestamp()
            if not in_step:
                self.load()

    def _publish(self) -> None:
        """The served site as it is now is the latest: requests stop waiting, open pages reload."""
        with self.server._epoch_cond:
            self.server._wanted_epoch = self.server._visible_epoch = _timestamp()
            self.server._epoch_cond.notify_all()

    def stop(self) -> None:
        if self.observer.is_alive():
            self.observer.stop()
            self.observer.join()
        if self.worker is not None:
            self.worker.stop()
            self.worker = None
