"""The process that keeps the content loaded for `mkdocs serve` (content.py), and how the server asks it.

It is started beside the server after a build, loads the content as that build did (about 25 s
of one core at 10,000 companies, while the reader looks at the preview), and then waits for
edits. The server never waits for it to load: until it says it is ready, an edit is left to the
build. It holds the content (1.6 GB at 10,000 companies) for as long as the server runs.

It is spawned, not forked: a fork would copy the server's threads' state and its open files
(the listening socket among them, which would stay bound after the server stopped). It ends
when the server stops it, or when it finds that the server has gone.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
import traceback

from roundbook.site.prepare import Request
from roundbook.site.preview.content import LoadedContent, Patched

# The longest the server waits for an answer about an edit before leaving it to the build.
ANSWER_WITHIN_SECONDS = 30.0
# How often the waiting process looks whether the server is still there.
_LOOK_FOR_THE_SERVER_SECONDS = 2.0


class PreviewWorker:
    """The server's handle on the process: `ready`, `patch`, `stop`."""

    def __init__(self, request: Request) -> None:
        """`request`: what the last good build's content work was asked (picklable)."""
        context = multiprocessing.get_context("spawn")
        self._pipe, theirs = context.Pipe(duplex=True)
        self._process = context.Process(target=_serve, args=(theirs, request), daemon=True)
        self._process.start()
        theirs.close()
        self._lock = threading.Lock()  # the pipe is read by the server's builder and by wait_ready's thread
        self.started = time.perf_counter()
        self.loaded: bool | None = None  # None while it loads; then whether the content could be loaded
        self.said = ""  # what it said when it finished loading
        self.seconds = 0.0  # how long it took to load

    def ready(self, wait: float = 0.0) -> bool:
        """Whether it has loaded the content, waiting at most `wait` seconds for it."""
        with self._lock:
            return self._ready(wait)

    def _ready(self, wait: float) -> bool:
        if self.loaded is None:
            try:
                if self._pipe.poll(wait):
                    self.loaded, self.said = self._pipe.recv()
                    self.seconds = time.perf_counter() - self.started
            except (EOFError, OSError):
                self.loaded, self.said = False, "the process ended"
        return bool(self.loaded)

    def patch(self, paths: list[str]) -> Patched:
        """What the edit of `paths` changes; declined when the process is not ready or fails."""
        with self._lock:
            return self._patch(paths)

    def _patch(self, paths: list[str]) -> Patched:
        if not self._ready(0.0):
            return Patched(declined="the content is still loading" if self.loaded is None else self.said)
        try:
            self._pipe.send(paths)
            if not self._pipe.poll(ANSWER_WITHIN_SECONDS):
                self.loaded, self.said = False, "stopped"
                self._process.kill()
                return Patched(declined=f"no answer within {ANSWER_WITHIN_SECONDS:.0f} s")
            answer = self._pipe.recv()
        except (EOFError, OSError):
            self.loaded, self.said = False, "the process ended"
            return Patched(declined=self.said)
        if isinstance(answer, str):  # a bug in the process: it ends, and says why
            self.loaded, self.said = False, answer
            return Patched(declined="the preview's process failed")
        return answer

    def stop(self) -> None:
        with self._lock:
            self.loaded, self.said = False, "stopped"
            self._pipe.close()
        if self._process.is_alive():
            self._process.kill()
        self._process.join()


def _serve(pipe, request: Request) -> None:
    """The process: load, say so, then answer each edit until the server goes."""
    server = os.getppid()
    try:
        content = LoadedContent.load(request)
        said = (False, content) if isinstance(content, str) else (True, "ready")
    except Exception:
        content, said = None, (False, traceback.format_exc())
    try:
        pipe.send(said)
        while isinstance(content, LoadedContent):
            if not pipe.poll(_LOOK_FOR_THE_SERVER_SECONDS):
                if os.getppid() != server:  # stopped without a word (SIGTERM, SIGKILL)
                    return
                continue
            paths = pipe.recv()
            try:
                answer = content.patch(paths)
            except Exception:
                pipe.send(traceback.format_exc())
                return
            pipe.send(answer)
    except (EOFError, OSError):  # the server has gone
        return
