"""What a reader downloads before the first search result, for whichever search a built site uses.

    .venv/bin/python benchmarks/search_payload.py SITE_DIR [--query NAME]

- Material's built-in search (`search/search_index.json` in the site): the whole index and the
  search worker, gzipped, since both download before any result.
- Pagefind (`pagefind/` in the site): measured in Chromium, as a reader meets it: the site is
  served on localhost, a profile page opens, a company's name is typed into the header's search
  box, and every request the page and Pagefind's worker started before the first results showed
  is counted (roundbook-search.js marks that moment), at the size a server sends it: Pagefind's
  index chunks, fragments and WebAssembly are gzip files already, its scripts and JSON are
  counted gzipped. The filters, fetched after the first results, are reported apart.

Chromium is Debian's (`make test` installs it), driven by Playwright from the test dependencies.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import shutil
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def gzipped(path: Path) -> int:
    data = path.read_bytes()
    return len(data) if data[:2] == b"\x1f\x8b" else len(gzip.compress(data, 6))


def builtin_payload(site: Path) -> int:
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js"))
    return sum(gzipped(path) for path in (site / "search/search_index.json", worker))


def typical_query(site: Path) -> tuple[str, str]:
    """A company's name and its profile's address: the middle startup profile, by address."""
    profiles = sorted(path.parent for path in site.glob("companies/*/index.html"))
    for folder in profiles[len(profiles) // 2 :] + profiles:
        heading = re.search(r"<h1[^>]*>([^<]+)<", (folder / "index.html").read_text(encoding="utf-8"))
        if heading and "Startup" in (folder / "index.html").read_text(encoding="utf-8"):
            return heading.group(1).strip(), f"companies/{folder.name}/"
    raise SystemExit(f"no company profile in {site}")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextmanager
def site_in_chromium(site: Path):
    """The built site served on localhost and a headless Chromium: (browser, the site's base URL)."""
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
            )
            try:
                yield browser, f"http://127.0.0.1:{server.server_address[1]}/"
            finally:
                browser.close()
    finally:
        server.shutdown()


def pagefind_payload(site: Path, query: str | None = None) -> dict:
    """Bytes (as sent) and files fetched before the first result of `query`, and after it for the filters."""
    name, profile = typical_query(site)
    query = query or name
    with site_in_chromium(site) as (browser, base):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests = []
        page.on("request", lambda request: requests.append(request))
        page.goto(base + profile)
        page.wait_for_load_state("networkidle")
        opened = len(requests)
        started = time.perf_counter()
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(query)  # one query; typed slower than the search's 120 ms pause, each prefix would run too
        page.locator("li.md-search-result__item").first.wait_for(timeout=120_000)
        seconds = time.perf_counter() - started
        shown = page.evaluate(
            "performance.timeOrigin + performance.getEntriesByName('roundbook-search-results')[0].startTime"
        )
        page.locator(".rb-search-facets:not([hidden])").wait_for(timeout=120_000)
        page.wait_for_load_state("networkidle")
        first = page.locator("li.md-search-result__item a").first.get_attribute("href")
        before, after = [], []
        for request in requests[opened:]:
            path = unquote(urlsplit(request.url).path)
            if request.url.startswith(base) and path.startswith("/pagefind/"):
                (before if 0 < request.timing["startTime"] <= shown else after).append(path)
    size = lambda paths: sum(gzipped(site / path.lstrip("/")) for path in paths)  # noqa: E731
    return {
        "query": query,
        "first result": first,
        "expected": profile,
        "seconds": seconds,
        "bytes": size(before),
        "files": [(path, gzipped(site / path.lstrip("/"))) for path in before],
        "filters bytes": size([path for path in after if "/filter/" in path]),
    }


def uses_pagefind(site: Path) -> bool:
    """Whether the built site searches with Pagefind: its pages carry the Pagefind search box."""
    return 'data-rb-search="pagefind"' in (site / "index.html").read_text(encoding="utf-8")


def search_payload(site: Path) -> int:
    """The compressed bytes a reader downloads before the first result, for the search the site uses."""
    if uses_pagefind(site):
        return pagefind_payload(site)["bytes"]
    return builtin_payload(site)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--query", help="what to type (default: a company's name)")
    arguments = parser.parse_args()
    if not uses_pagefind(arguments.site):
        print(f"built-in search: {builtin_payload(arguments.site) / 1024:.1f} KB before the first result (gzip)")
        return
    found = pagefind_payload(arguments.site, arguments.query)
    for path, size in found["files"]:
        print(f"{size / 1024:8.1f} KB  {path}")
    print(
        f"Pagefind, query {found['query']!r}: {found['bytes'] / 1024:.1f} KB before the first result "
        f"({len(found['files'])} files, {found['seconds']:.2f} s), first result {found['first result']} "
        f"(its profile: /{found['expected']}); the filters then fetch {found['filters bytes'] / 1024:.1f} KB"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
