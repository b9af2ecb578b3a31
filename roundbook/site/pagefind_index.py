"""Index the built site with Pagefind, once MkDocs has written every page.

The binary comes inside the `pagefind_bin` wheel pinned in requirements/build.lock, and runs through
the `pagefind` package's own launcher (`python -m pagefind`, which finds it): nothing is
downloaded at build time. It reads the pages roundbook.site.pagefind_page marked and writes its
bundle (script, worker, WebAssembly, index chunks, fragments, filters) into `<site>/pagefind/`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from mkdocs.exceptions import Abort

BUNDLE_DIR = "pagefind"
# Heading permalinks (the pilcrow after each heading) are not words of the page.
EXCLUDE_SELECTORS = [".headerlink"]


def pagefind_command(site_dir: Path) -> list[str]:
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR, "--quiet"]
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
