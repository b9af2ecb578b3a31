"""How heavy a profile page is and how soon it is usable, measured in Chromium: prints, asserts nothing.

    .venv/bin/python benchmarks/page_speed.py [--site build] [--page companies/moonshot-ai/] [--runs 5]

Without --site it builds the shipped site into a temporary folder first (`mkdocs build --strict`).
The site is served on localhost the way GitHub Pages serves it: text files gzip-compressed when
the browser accepts it, with a Last-Modified date. Each run is a first visit: a fresh browser
context with an empty cache. It prints, for the page:

- HTML weight: the page's HTML as written to disk and as sent compressed;
- total transfer: every request the first visit makes, by kind (HTML, CSS, JavaScript, the search
  index and its worker, fonts and images), as counted by Chromium (compressed bodies and headers),
  with the requests to other hosts (Google Fonts, GitHub's API) listed apart: they are blocked
  here, so they are not counted;
- time until usable, from the Navigation and Paint Timing APIs: first contentful paint,
  DOMContentLoaded (the HTML parsed and the scripts that sort and filter run), load (every
  stylesheet, script and image in), and when the search index has arrived (search works);
  as medians of --runs, on this machine's loopback and on an emulated phone on slow 4G
  (Lighthouse's mobile profile: 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x slower).

Timings vary from run to run and machine to machine; compare figures from the same machine.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv"}  # as GitHub Pages does
SLOW_4G = {"latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8, "cpu": 4}
SEARCH_INDEX = "search/search_index.json"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text compressed with gzip when the browser accepts it."""

    def log_message(self, format, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlsplit(self.path).path.endswith("/"):
            path = path / "index.html"
        # Anything else (a folder without its slash, a binary file) is served as SimpleHTTPRequestHandler does.
        if not (path.is_file() and path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = self.compressed(path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(path.stat().st_mtime)))
        self.end_headers()
        return _Body(body)

    def compressed(self, path: Path) -> bytes:
        return gzip.compress(path.read_bytes(), compresslevel=6)


class _Body:
    """What send_head returns: a file-like object that do_GET copies to the client."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(directory: Path, handler_class=GzipHandler):
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def kind_of(url: str, resource_type: str) -> str:
    path = urlsplit(url).path
    if path.endswith(SEARCH_INDEX) or "/workers/search" in path:
        return "search index and worker"
    if path.endswith((".png", ".svg", ".ico")):  # Chromium fetches the favicon as "other"
        return "images"
    return {"document": "HTML", "stylesheet": "CSS", "script": "JavaScript", "font": "fonts", "image": "images"}.get(
        resource_type, resource_type
    )


def first_visit(browser, url: str, throttle: dict | None) -> dict:
    """One visit with an empty cache: bytes per kind, timings in ms, and the blocked hosts."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844} if throttle else {"width": 1280, "height": 900}
    )
    blocked, finished = [], []
    site = urlsplit(url).netloc

    def route(route):
        if urlsplit(route.request.url).netloc == site:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", route)
    page = context.new_page()
    if throttle:
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions", {"offline": False, **{k: v for k, v in throttle.items() if k != "cpu"}}
        )
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle["cpu"]})
    page.on("requestfinished", lambda request: finished.append(request))
    with page.expect_response(lambda response: response.url.endswith(SEARCH_INDEX)) as index:
        page.goto(url, wait_until="load")
    index.value.finished()
    # When the index had arrived (search works), on the page's clock like the timings below.
    request_timing = index.value.request.timing
    search_ready = (
        request_timing["startTime"] + request_timing["responseEnd"] - page.evaluate("() => performance.timeOrigin")
    )
    page.wait_for_load_state("networkidle")
    timing = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return {fcp: paint ? paint.startTime : null, dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
                html_transfer: nav.transferSize, html_decoded: nav.decodedBodySize};
    }""")
    by_kind: dict[str, int] = {}
    for request in finished:
        sizes = request.sizes()
        size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
        kind = kind_of(request.url, request.resource_type)
        by_kind[kind] = by_kind.get(kind, 0) + size
    context.close()
    return {**timing, "search": search_ready, "bytes": by_kind, "requests": len(finished), "blocked": blocked}


def kb(size: float) -> str:
    return f"{size / 1024:.1f} KB"


def report(label: str, visits: list[dict]) -> None:
    print(f"\n{label} (median of {len(visits)} first visits):")
    for key, name in [
        ("fcp", "first contentful paint"),
        ("dcl", "DOMContentLoaded (usable)"),
        ("load", "load event"),
        ("search", "search index arrived"),
    ]:
        values = [visit[key] for visit in visits if visit[key] is not None]
        if values:
            print(f"  {name:28} {statistics.median(values):7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the shipped one now)")
    parser.add_argument("--page", default="companies/moonshot-ai/", help="the page to measure, from the site's root")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        site = args.site
        if site is None:
            site = Path(temporary) / "site"
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            subprocess.run(
                [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(site)],
                cwd=REPO,
                env=env,
                check=True,
            )
        html_file = site / args.page / "index.html" if not args.page.endswith(".html") else site / args.page
        html = html_file.read_bytes()
        server, base = serve(site)
        executable = shutil.which("chromium")
        if not executable:
            sys.exit("Chromium is missing: `make test` installs it (scripts/ensure-chromium)")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
                url = base + args.page
                fast = [first_visit(browser, url, None) for _ in range(args.runs)]
                slow = [first_visit(browser, url, SLOW_4G) for _ in range(args.runs)]
                browser.close()
        finally:
            server.shutdown()

    visit = fast[0]
    print(f"page: /{args.page} of {site if args.site else 'the shipped site, built now'}")
    print(
        f"HTML weight: {kb(len(html))} on disk, {kb(len(gzip.compress(html, compresslevel=6)))} gzip-compressed "
        f"({kb(visit['html_transfer'])} transferred with headers)"
    )
    print(f"total transfer of a first visit: {kb(sum(visit['bytes'].values()))} in {visit['requests']} requests")
    for kind, size in sorted(visit["bytes"].items(), key=lambda item: -item[1]):
        print(f"  {kind:28} {kb(size):>10}")
    if visit["blocked"]:
        hosts = sorted({urlsplit(u).netloc for u in visit["blocked"]})
        print(f"  not counted: {len(visit['blocked'])} requests to other hosts, blocked here ({', '.join(hosts)})")
    report("Desktop, loopback", fast)
    report("Phone on slow 4G (150 ms RTT, 1.6 Mbit/s, CPU 4x slower)", slow)


if __name__ == "__main__":
    main()
