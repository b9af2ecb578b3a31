"""How soon a reader sees the first search result after typing a company's name, in Chromium.

    .venv/bin/python benchmarks/search_speed.py [--companies 1000] [--site DIR] [--names 8] [--keep DIR]

Builds a synthetic project of N companies (benchmarks/build.py's, so `search: auto`: Pagefind from
1,000 profiles on) unless `--site` names a built site, serves it on localhost and opens a profile
in headless Chromium (Debian's, as the browser tests use). Then, for several startups' names spread
over the alphabet, it types each exact name into the header's search box (one input event, as a
paste or a fast typist gives) and measures, in the page's own clock, from that event to the first
result in the list: the first query also loads the search (Pagefind's script, worker and
WebAssembly, or Material's index and worker), the others find them loaded. It says whether the
first result is the profile named so. The figures include the search's own pause after typing
(Pagefind's debounce, 120 ms in roundbook-search.js). Timings on a busy machine are high and
vary: read the median, and run it again when the machine is idle.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import make_project, mkdocs_build
from search_payload import site_in_chromium, uses_pagefind

# In the page: empty the box (the list empties), then put `name` in it and time from that input
# event to the first result that marks the name's first word.
TYPE_AND_TIME = """async name => {
    const box = document.querySelector("input.md-search__input");
    const list = document.querySelector(".md-search-result__list");
    const fire = () => {
        box.dispatchEvent(new Event("input", {bubbles: true}));
        box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: "End"}));  // Material searches on key-up
    };
    box.value = "";
    fire();
    await new Promise(resolve => setTimeout(resolve, 300));  // let the emptied box settle: not timed
    const word = name.split(" ")[0].toLowerCase();
    const shown = () => [...list.querySelectorAll("li.md-search-result__item mark")]
        .some(mark => word.startsWith(mark.textContent.toLowerCase()) || mark.textContent.toLowerCase().startsWith(word));
    return await new Promise(resolve => {
        let started;
        const done = () => {
            observer.disconnect();
            const first = list.querySelector("li.md-search-result__item a");
            resolve({ms: performance.now() - started, first: first && first.getAttribute("href")});
        };
        const observer = new MutationObserver(() => { if (shown()) done(); });
        observer.observe(list, {childList: true, subtree: true});
        started = performance.now();
        box.value = name;
        fire();
    });
}"""


def startups(site: Path, count: int) -> list[tuple[str, set[str]]]:
    """`count` startups' names spread over the alphabet of their addresses, each with the profiles
    of that exact name (synthetic data names a few companies alike: each is the right answer)."""
    found, named = [], {}
    for folder in sorted(path.parent for path in site.glob("companies/*/index.html")):
        html = (folder / "index.html").read_text(encoding="utf-8")
        heading = re.search(r"<h1[^>]*>([^<]+)<", html)
        if heading:
            named.setdefault(heading.group(1).strip(), set()).add(f"companies/{folder.name}")
            if "<td>Startup</td>" in html:
                found.append(heading.group(1).strip())
    step = max(1, len(found) // count)
    return [(name, named[name]) for name in found[::step][:count]]


def time_searches(site: Path, names: int) -> list[tuple[str, float, bool]]:
    """(name, milliseconds to the first result, whether it is the profile of that name), first query first."""
    chosen = startups(site, names)
    timings = []
    with site_in_chromium(site) as (browser, base):
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(base + f"{min(chosen[0][1])}/")
        page.wait_for_load_state("networkidle")
        page.locator("input.md-search__input").click()  # opens the box: Pagefind starts to load on focus
        for name, profiles in chosen:
            answer = page.evaluate(TYPE_AND_TIME, name)
            first = (answer["first"] or "").split("#")[0].split("?")[0].rstrip("/")
            timings.append((name, answer["ms"], any(first.endswith(profile) for profile in profiles)))
    return timings


def report(site: Path, timings: list[tuple[str, float, bool]], label: str) -> None:
    engine = "Pagefind" if uses_pagefind(site) else "built-in search"
    print(f"\n## {label}: {engine}\n")
    print("| Query | First result after | Is a profile of that name |\n|---|---:|---|")
    for index, (name, ms, right) in enumerate(timings):
        print(f"| {name}{' (first query)' if index == 0 else ''} | {ms:.0f} ms | {'yes' if right else 'no'} |")
    later = [ms for _, ms, _ in timings[1:]] or [timings[0][1]]
    print(
        f"\nFirst query {timings[0][1]:.0f} ms; the next {len(later)}: median {statistics.median(later):.0f} ms, "
        f"slowest {max(later):.0f} ms; the profile first for {sum(right for *_, right in timings)} of {len(timings)}."
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--site", type=Path, help="a built site to measure instead of building one")
    parser.add_argument("--names", type=int, default=8, help="how many names to type")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    arguments = parser.parse_args()
    if arguments.site:
        report(arguments.site, time_searches(arguments.site, arguments.names), str(arguments.site))
        return
    work = arguments.keep or Path(tempfile.mkdtemp(prefix="roundbook-search-speed-"))
    try:
        project = work / f"search-{arguments.companies}"
        shutil.rmtree(project, ignore_errors=True)
        make_project(project, arguments.companies, arguments.seed)
        mkdocs_build(project)
        site = project / "site"
        report(site, time_searches(site, arguments.names), f"{arguments.companies:,} companies")
    finally:
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
