"""Under `mkdocs serve`: a failed rebuild is shown in the browser, and the page comes back by itself.

MkDocs' preview server, when a rebuild raises, keeps the version of the site the browser waits for
unpublished: every request for a page waits for it, so the browser hangs with no word, and only
the terminal says why. Here the server's builder is wrapped (`show_failed_builds`, from the
plugin's on_serve): a failed rebuild is kept with what it said, and the server is told the build
is over, so MkDocs' live reload reloads the open pages; while the failure lasts, every HTML page
the server sends carries a panel with the located problems. A content problem stops the build
before MkDocs cleans the site folder, so the panel lies over the last good preview. The next
build that succeeds clears it, and the pages reload again.

The panel quotes contributor text (a problem quotes the value it refuses): every line is escaped
as text. It names files as the project does (`content/...`), never the server's temporary folder.
MkDocs 1.6.1 is pinned and frozen: `LiveReloadServer.builder` and its WSGI application are what
this wraps, and tests/test_serve.py runs the real server.
"""

from __future__ import annotations

import html
import logging
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import MkDocsException

from roundbook.site.stopped import BuildStopped

log = logging.getLogger("mkdocs.plugins.roundbook")

PANEL_ID = "roundbook-build-error"
# Inline styles (the page's own may be the failed build's), readable in light and dark schemes,
# above Material's header, and scrolling within itself when the list is long.
_PANEL_STYLE = (
    "position:fixed;top:0;left:0;right:0;z-index:10000;max-height:60vh;overflow:auto;margin:0;"
    "padding:.6rem 1rem;background:#fff4f4;color:#1a1a1a;border-bottom:3px solid #b00020;"
    "font:14px/1.45 system-ui,sans-serif;box-shadow:0 2px 8px rgba(0,0,0,.3)"
)
_LINES_STYLE = "margin:.5rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere;font:13px/1.45 ui-monospace,monospace"
_HEADING = (
    "Roundbook: the last build failed. This page is the last good preview; it reloads when the problems are fixed."
)


class FailedBuild:
    """What the last rebuild said when it failed; `lines` is empty while builds succeed."""

    def __init__(self, root: Path, site_dir: str) -> None:
        self.root = root
        self.site_dir = site_dir
        self.lines: tuple[str, ...] = ()

    def shown(self, line: str) -> str:
        """A line as the project names its files: no absolute path, no temporary folder."""
        # The folder a build writes into before it is served (roundbook/site/preview/staging.py) first.
        line = line.replace(f"{self.site_dir}.next", "the preview").replace(self.site_dir, "the preview")
        return line.replace(f"{self.root.as_posix()}/", "").replace(f"{self.root}/", "")

    def record(self, error: Exception, logged: list[str]) -> None:
        if isinstance(error, BuildStopped):
            said = [*error.lines, error.summary]
        elif isinstance(error, MkDocsException):  # MkDocs' own: strict warnings, mkdocs.yml, a plugin
            said = [*logged, error.format_message()]
        else:  # a bug of Roundbook's, MkDocs' or a theme's: its traceback is in the terminal
            said = [*logged, f"The build stopped on an unexpected {type(error).__name__}; the terminal shows where."]
        self.lines = tuple(self.shown(line) for line in said)

    def panel(self) -> bytes:
        items = "\n".join(html.escape(line, quote=True) for line in self.lines)
        return (
            f'<details id="{PANEL_ID}" role="alert" open style="{_PANEL_STYLE}">'
            f'<summary style="cursor:pointer;font-weight:600">{html.escape(_HEADING)}</summary>'
            f'<pre style="{_LINES_STYLE}">{items}</pre></details>'
        ).encode()

    def into_page(self, page: bytes) -> bytes:
        """The page with the panel at the end of its body (it is fixed at the top of the window)."""
        end = page.rfind(b"</body>")
        if end < 0:
            return page + self.panel()
        return page[:end] + self.panel() + page[end:]


@contextmanager
def warnings_logged() -> Iterator[list[str]]:
    """The warnings and errors MkDocs and its plugins log during a build: with `strict`, they are
    why it fails. The server's own lines (a request answered 404) are not the build's."""
    said: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if not record.name.startswith("mkdocs.livereload"):
                said.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield said
    finally:
        logger.removeHandler(handler)


def show_failed_builds(server, root: Path, site_dir: str) -> FailedBuild:
    """Wrap `server`'s builder and its WSGI application (see the module's docstring)."""
    failed = FailedBuild(root, site_dir)
    builder: Callable[..., None] = server.builder
    application = server.get_app()

    def build(*args, **kwargs) -> None:
        with warnings_logged() as logged:
            try:
                builder(*args, **kwargs)
            except Exception as error:  # every failure is shown; none stops the server
                if isinstance(error, SystemExit):  # MkDocs' Abort: its message, no traceback
                    print(error, file=sys.stderr)
                else:
                    traceback.print_exc()
                failed.record(error, logged)
                log.error("Roundbook: the browser shows these problems on every page until a build succeeds.")
                return  # so that the server publishes this build: open pages reload and show them
        failed.lines = ()

    def serve(environ, start_response) -> Iterable[bytes]:
        if not failed.lines:
            return application(environ, start_response)
        answered: list = []

        def hold(status, headers, _exc_info=None):
            answered[:] = [status, headers]
            return lambda data: None  # the server's application returns its body; it never writes

        body = b"".join(application(environ, hold))
        status, headers = answered
        if any(name.lower() == "content-type" and value.startswith("text/html") for name, value in headers):
            body = failed.into_page(body)
            headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]

    server.builder = build
    server.set_app(serve)
    return failed
