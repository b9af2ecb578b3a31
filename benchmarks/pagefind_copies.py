"""An estimate of Pagefind at ten times a built site's size, without building it.

    .venv/bin/python benchmarks/pagefind_copies.py SITE_DIR [--copies 10] [--query NAME] [--keep DIR]

SITE_DIR is a site built with `search: pagefind` (`benchmarks/build.py --keep DIR` keeps one).
Its indexed pages (their article only) are copied COPIES times under different addresses and
indexed with Pagefind; then Chromium runs one query through pagefind.js, loads the first five
results, and every file fetched is counted at the size a server sends it (gzipped when it is
not gzip already). The copies repeat the same words, so the index has more pages per word but
no more distinct words than the original: a fair estimate of the page table and the chunks, not
a measurement of a real site of that size.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_payload import gzipped, site_in_chromium, typical_query


def copy_pages(site: Path, out: Path, copies: int) -> int:
    pages = 0
    for path in site.rglob("index.html"):
        text = path.read_text(encoding="utf-8")
        if path.parts[len(site.parts)] == "pagefind" or "data-pagefind-body" not in text:
            continue
        article = text[text.index("<article") : text.index("</article>") + len("</article>")]
        page = f'<!doctype html><html lang="en"><head><title>copy</title></head><body>{article}</body></html>'
        for copy in range(copies):
            target = out / f"copy-{copy}" / path.relative_to(site)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page, encoding="utf-8")
            pages += 1
    return pages


def first_query(site: Path, query: str) -> list[tuple[str, int]]:
    """Files (and compressed sizes) that pagefind.js fetches to show the first five results of `query`."""
    with site_in_chromium(site) as (browser, base):
        page = browser.new_page()
        page.goto(base + "pagefind/pagefind-entry.json")  # any page of the origin
        requested = []
        page.on("request", lambda request: requested.append(unquote(urlsplit(request.url).path)))
        page.evaluate(
            """async query => {
            const pagefind = await import('/pagefind/pagefind.js');
            const search = await pagefind.search(query);
            await Promise.all(search.results.slice(0, 5).map(result => result.data()));
        }""",
            query,
        )
    return [(path, gzipped(site / path.lstrip("/"))) for path in requested]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--query", help="what to search for (default: a company's name)")
    parser.add_argument("--keep", type=Path, help="write the copies here and keep them")
    arguments = parser.parse_args()
    query = arguments.query or typical_query(arguments.site)[0]
    work = arguments.keep or Path(tempfile.mkdtemp(prefix="roundbook-pagefind-"))
    try:
        pages = copy_pages(arguments.site, work, arguments.copies)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(work), "--exclude-selectors", ".headerlink", "--quiet"],
            check=True,
        )
        seconds = time.perf_counter() - started
        files = first_query(work, query)
        bundle = sum(path.stat().st_size for path in (work / "pagefind").rglob("*") if path.is_file())
    finally:
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)
    for path, size in files:
        print(f"{size / 1024:8.1f} KB  {path}")
    print(
        f"{pages:,} pages indexed in {seconds:.1f} s, bundle {bundle / (1 << 20):.1f} MB; query {query!r}: "
        f"{sum(size for _, size in files) / 1024:.1f} KB for the first five results"
    )


if __name__ == "__main__":
    main()
