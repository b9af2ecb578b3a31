"""What a page costs Chromium, opened the ways the browser tests could open it: prints, asserts nothing.

    .venv/bin/python benchmarks/browser_pages.py [--site build] [--pages 24]

Without --site it builds the shipped site into a temporary folder first (`mkdocs build --strict`).
Each page of the site is served by a server of its own, as each test serves its own site, and
opened three ways, --pages times each, in Chromium with the tests' flags (browser_support.launch):

- in a context of its own, closed after it (the tests' pages until 2026-12-07);
- as a new page in a context kept open with one blank page (tests/browser_support.py,
  BrowserContexts), cleared after each page as `forget` clears it after each test;
- as the next address in one page (no test does this: the floor).

For each it prints the wall time and the machine's CPU time (every process's, from /proc/stat,
so Chromium's renderers count too): run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from browser_support import DESKTOP, BrowserContexts, PageProblems, launch, serve  # noqa: E402

PAGES = ["", "companies/", "investors/", "timeline/", "stats/", "about/"]


def machine_cpu_seconds() -> float:
    """User, nice, system, interrupt and soft-interrupt time of every core since boot."""
    with open("/proc/stat") as stat:
        fields = stat.readline().split()[1:]
    return sum(int(fields[i]) for i in (0, 1, 2, 5, 6)) / os.sysconf("SC_CLK_TCK")


def own_context(browser, urls: list[str]) -> None:
    for url in urls:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.goto(url, wait_until="load")
        context.close()


def kept_context(browser, urls: list[str]) -> None:
    contexts = BrowserContexts(browser)
    for url in urls:
        contexts.open(PageProblems()).goto(url, wait_until="load")
        contexts.forget()
    contexts.close()


def one_page(browser, urls: list[str]) -> None:
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    for url in urls:
        page.goto(url, wait_until="load")
    context.close()


def build_shipped_site(into: Path) -> Path:
    subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(into)],
        cwd=REPO,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
    )
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build the shipped one)")
    parser.add_argument("--pages", type=int, default=24, help="pages opened each way")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        site = args.site or build_shipped_site(Path(temporary) / "site")
        servers = [serve(site) for _ in range(args.pages)]
        urls = [url + PAGES[number % len(PAGES)] for number, (_, url) in enumerate(servers)]
        with sync_playwright() as playwright:
            browser = launch(playwright)
            one_page(browser, urls[:2])  # Chromium's own start, counted in none of the ways
            for name, way in [
                ("a context of its own", own_context),
                ("a new page in a kept context", kept_context),
                ("the next address in one page", one_page),
            ]:
                cpu, wall = machine_cpu_seconds(), time.perf_counter()
                way(browser, urls)
                cpu, wall = machine_cpu_seconds() - cpu, time.perf_counter() - wall
                print(
                    f"{name:30} {len(urls)} pages: wall {wall:5.1f} s, CPU {cpu:5.1f} s, "
                    f"{cpu / len(urls):.2f} s of CPU a page"
                )
            browser.close()
        for server, _ in servers:
            server.shutdown()


if __name__ == "__main__":
    main()
