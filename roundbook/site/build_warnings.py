"""Warnings the build prints and goes on: MkDocs counts its own warnings, and `--strict` turns
them into a failure, so these go through a logger of their own that prints like MkDocs' but
that MkDocs does not count. A figure without a dollar rate, or a site near its size limit, is
worth a line in the log, never a failed build."""

from __future__ import annotations

import logging


def build_warnings() -> logging.Logger:
    """A logger that prints like MkDocs' own warnings but that MkDocs does not count."""
    log = logging.getLogger("roundbook.build_warnings")
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("WARNING -  %(message)s"))
        log.addHandler(handler)
        log.propagate = False
    return log
