"""A build stopped by what it found wrong: the located problems, and the line that ends them."""

from __future__ import annotations

import sys

from mkdocs.exceptions import Abort


class BuildStopped(Abort):
    """MkDocs' Abort (it prints `summary`, with no traceback), carrying the `path:line:col: message`
    lines printed above it, for `mkdocs serve` to show in the browser (serve_errors.py)."""

    def __init__(self, summary: str, lines: list[str]) -> None:
        super().__init__(summary)
        self.summary = summary
        self.lines = lines


def stop(lines: list[str], summary: str) -> BuildStopped:
    """Print the problems, then the error to raise: `raise stop(lines, summary)`."""
    for line in lines:
        print(line, file=sys.stderr)
    return BuildStopped(summary, lines)
