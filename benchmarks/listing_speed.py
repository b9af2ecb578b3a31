"""How soon the listings are usable in Chromium as the data grows: prints, asserts nothing.

    .venv/bin/python benchmarks/listing_speed.py [--companies 1000,10000] [--runs 3] [--keep DIR]
    .venv/bin/python benchmarks/listing_speed.py --site DIR   # a site built already

For each size N it writes a synthetic project of N companies (benchmarks/synthetic.py, seed 1,
with benchmarks/build.py's settings for a large site) into a temporary folder, builds it with
`mkdocs build --strict`, serves it on localhost as GitHub Pages does (text gzip-compressed:
benchmarks/page_speed.py; each file compressed once, as GitHub Pages' CDN keeps it, by a visit
that is not counted) and opens three listings in Chromium, each a first visit (a fresh context,
an empty cache) on a desktop-sized window: the companies index, the investors index and the year
of the timeline with the most entries. It prints, as medians of --runs:

- the page's HTML and its JSON file of rows (roundbook/render/listings.py), on disk and gzipped;
- DOMContentLoaded, and the time until the listing is usable: its script has the rows and
  sorts, filters and pages through all of them (the `rb-listing-ready` performance mark of
  roundbook/theme/assets/roundbook.js). A page without one (built by an older Roundbook, whose
  listings sorted and filtered the rows of the page) is usable when its script has set up its
  sorting and filters: the first `data-rb-ready` attribute, or DOMContentLoaded.

Times are from the start of the navigation. They vary with the machine and how busy it is;
compare figures taken on the same machine at the same time. N = 10,000 takes several minutes
to build and about 1.5 GB of memory.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from build import make_project  # noqa: E402
from page_speed import CHROMIUM_ARGS, GzipHandler, serve  # noqa: E402
from roundbook import addresses  # noqa: E402  where the site puts a listing's rows

# When an older page's script had set up its own rows' sorting and filters (they mark each
# table and form they take with data-rb-ready), on the page's clock.
OLD_READY = """
window.__rbReady = null;
new MutationObserver(function (changes, observer) {
    window.__rbReady = performance.now();
    observer.disconnect();
}).observe(document, {attributes: true, subtree: true, attributeFilter: ["data-rb-ready"]});
"""


class CompressedOnce(GzipHandler):
    """Each file compressed once, as GitHub Pages' CDN keeps it: compressing a listing's rows
    (5.7 MB at 10,000 companies) for each request took this Python server 0.6 s, a cost of the
    benchmark's server that a reader does not pay."""

    cache: dict[Path, bytes] = {}

    def compressed(self, path: Path) -> bytes:
        if path not in self.cache:
            self.cache[path] = super().compressed(path)
        return self.cache[path]


def busiest_year(site: Path) -> str:
    """The year of the timeline with the most entries: the largest file of rows, or the largest page."""
    years = [folder for folder in (site / "timeline").iterdir() if folder.name.isdigit()]

    def weight(folder: Path) -> int:
        rows = site / addresses.listing_rows(addresses.timeline_year(int(folder.name)))
        return rows.stat().st_size if rows.is_file() else (folder / "index.html").stat().st_size

    return f"timeline/{max(years, key=weight).name}/"


def sizes(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_bytes()
    text = f"HTML {len(html) / 1024:,.0f} KB ({len(gzip.compress(html, 6)) / 1024:,.0f} KB gzipped)"
    rows = site / addresses.listing_rows(f"{page}{addresses.INDEX}.md")
    if rows.is_file():
        data = rows.read_bytes()
        text += f", rows {len(data) / 1024:,.0f} KB ({len(gzip.compress(data, 6)) / 1024:,.0f} KB gzipped)"
    return text


def visit(browser, url: str) -> dict[str, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    site = url.split("/")[2]
    context.route("**/*", lambda route: route.continue_() if site in route.request.url else route.abort())
    context.add_init_script(OLD_READY)
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded", timeout=300_000)
    live = page.locator("[data-rb-rows]").count() > 0
    if live:
        page.wait_for_selector("[data-rb-live]", state="attached", timeout=300_000)
    page.wait_for_load_state("load", timeout=300_000)
    timing = page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const mark = performance.getEntriesByName('rb-listing-ready')[0];
        return {dcl: nav.domContentLoadedEventEnd, ready: mark ? mark.startTime : window.__rbReady};
    }""")
    context.close()
    ready = timing["ready"] if timing["ready"] is not None else timing["dcl"]
    return {"dcl": timing["dcl"], "ready": max(ready, timing["dcl"]) if not live else ready}


def measure(site: Path, runs: int) -> None:
    pages = ["companies/", "investors/", busiest_year(site)]
    server, base = serve(site, CompressedOnce)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
            )
            for page in pages:
                visit(browser, base + page)  # the server compresses the files, once
                visits = [visit(browser, base + page) for _ in range(runs)]
                dcl = statistics.median(v["dcl"] for v in visits)
                ready = statistics.median(v["ready"] for v in visits)
                print(f"  /{page:18} DOMContentLoaded {dcl:7,.0f} ms, usable {ready:7,.0f} ms; {sizes(site, page)}")
            browser.close()
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", default="1000,10000", help="sizes to build, comma-separated")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building synthetic ones")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the projects and sites in this folder")
    args = parser.parse_args()
    if args.site:
        print(f"{args.site}:")
        measure(args.site, args.runs)
        return
    work = args.keep or Path(tempfile.mkdtemp(prefix="listing-speed-"))
    try:
        for companies in (int(size) for size in args.companies.split(",")):
            build_and_measure(work / f"{companies}-companies", companies, args.runs)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def build_and_measure(project: Path, companies: int, runs: int) -> None:
    shutil.rmtree(project, ignore_errors=True)
    make_project(project, companies, seed=1)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(project / "site")],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)},  # this checkout's Roundbook
        check=True,
    )
    print(f"{companies:,} companies (built in {time.perf_counter() - started:,.0f} s):")
    measure(project / "site", runs)


if __name__ == "__main__":
    main()
