"""Fifty builds in one process, as `mkdocs serve` makes them, hold no more memory than five.

`mkdocs serve` builds again in the same process at every change: it reads mkdocs.yml again each
time and keeps the plugin object itself (MkDocs keeps a plugin that has on_shutdown). Whatever one
build leaves behind (a page store, a spool, a frozen heap, a cache of the last content) piles up
there, build after build. Here the fixture site is built fifty times that way, and the process's
resident memory after a full collection is read after build 5 (once the imports and what lives
for the whole process, such as the connection to jieba's dictionary, are made) and after build 50. The resident
size, not tracemalloc: tracing every allocation made the fifty builds four times as slow.
"""

from __future__ import annotations

import gc
import logging
import os

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import make_project

pytestmark = [pytest.mark.build, pytest.mark.slow]  # fifty builds of a site in one process, as mkdocs serve makes them

BUILDS = 50
WARM = 5  # builds before the count starts
SERVE_URL = "http://127.0.0.1:8000/roundbook/"
# Measured on 2026-12-07 (2 cores): builds 6 to 50 grew the process by about 1.0 MB, what MkDocs,
# Material and Jinja keep of their own; with every build's SiteBuild kept alive (a leak made on
# purpose to see this test fail), by 7.7 MB.
MARGIN = 3_000_000  # bytes


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def test_fifty_rebuilds_under_serve_do_not_grow_memory(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = make_project(tmp_path / "project")

    def serve_config():
        """What `mkdocs serve` builds with, read again for each build."""
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
        config.site_url = SERVE_URL
        return config

    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)  # fifty builds' INFO lines, kept by pytest, would be counted too
    config = serve_config()
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["roundbook"]
    held = {}
    try:
        for number in range(1, BUILDS + 1):
            config = serve_config()
            assert config.plugins["roundbook"] is plugin  # one plugin object for every build
            build(config, serve_url=SERVE_URL)
            gc.collect()
            if number in (WARM, BUILDS):
                held[number] = resident_bytes()
        assert gc.get_freeze_count() == 0  # the heap frozen during each build is let go after it
        assert not list(tmp_path.glob(".roundbook-open-data-*"))  # and each build's spool
    finally:
        config.plugins.on_shutdown()
        mkdocs_log.setLevel(level)
    grown = held[BUILDS] - held[WARM]
    print(f"resident after build {WARM}: {held[WARM]:,} bytes; after build {BUILDS}: {held[BUILDS]:,} bytes")
    assert grown < MARGIN, f"{BUILDS - WARM} more builds under serve grew the process by {grown:,} bytes"
