"""What a build costs as the data grows, against plain MkDocs on the same number of pages.

    .venv/bin/python benchmarks/build.py [--sizes 100,1000,10000] [--seed 1] [--search pagefind]
                                         [--downloads plain] [--pairs 3] [--workers N] [--keep DIR]

For each size N it writes a synthetic project of N companies (benchmarks/synthetic.py, about five
rounds each) into a temporary folder, configured as docs/pages/run/scale.md advises a large site
(the plugin's compress_downloads on, unless `--downloads plain`), and measures:

- the full build as a child process, `mkdocs build --strict`: wall time, CPU time (user and
  system, of the build and every process it starts and waits for: the workers that render pages,
  Pagefind; from os.wait4) and peak memory (of the build and every process it starts, together),
  sampled from /proc five times a second as proportional set sizes;
- the time of each stage inside that build, as the plugin logs it: load, validate, model, render
  (the pages), open data (the JSON API, CSV files and feeds), Pagefind's indexing, and the rest,
  which is MkDocs itself (starting, the theme's templates, writing the files);
- the built site: size on disk (and what it would be with the bulk downloads plain), the size
  of what a GitHub Pages deployment uploads (the site as one tar file, compressed), the
  median size of a startup's profile page, and the search
  payload a reader downloads before the first result, for the search the site uses
  (benchmarks/search_payload.py: Material's index and worker gzipped; with Pagefind, what a
  company's name typed into the search box fetches in Chromium);

then builds the floor: a plain MkDocs + Material site of as many hand-written Markdown pages of
about the same size (none in the nav, the built-in search on), and prints every figure beside
it with the ratio. Nothing in the repository changes. N = 10,000 takes several minutes a build.

Wall time on a machine that other work shares is not the build's alone: a busy minute makes
either build look slow. So the two builds run as `--pairs` interleaved pairs (Roundbook then the
floor, then the floor then Roundbook, and so on: the first pair is the one measured above), each
pair's ratio is taken within the pair, and the table gives the median of those ratios, for the
wall time and for the CPU time. CPU time does not grow when the machine is busy (it does with
cache misses, a little); it also does not shrink when a build uses several cores, which only
the wall time shows. `--workers N` sets the plugin's `workers` option (how many processes
render pages; 0, the default, is every core).
"""

from __future__ import annotations

import argparse
import gzip
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from search_payload import search_payload, uses_pagefind  # noqa: E402
from synthetic import SYLLABLES, generate  # noqa: E402

# A maintainer's Python keeps the modules it compiled; this machine's environment may say not to
# (PYTHONDONTWRITEBYTECODE), which would time compiling Roundbook's 230 modules in every build.
BUILD_ENV = {
    **{name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"},
    "NO_MKDOCS_2_WARNING": "1",
}


# --- the Roundbook project -------------------------------------------------------------------


def make_project(
    folder: Path,
    companies: int,
    seed: int,
    search: str | None = None,
    compress_downloads: bool = True,
    workers: int | None = None,
) -> dict[str, int]:
    """The synthetic content with the repository's templates and mkdocs.yml; `search`,
    `compress_downloads` and `workers` set the plugin's options (None: as mkdocs.yml says)."""
    counts = generate(folder, companies, seed)
    shutil.copytree(REPO / "templates", folder / "templates")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    # A new site has never published version 1 of the JSON API: it gets version 2 alone, the default.
    config = re.sub(r"\n *#[^\n]*\n *api_v1: true(?=\n)", "", config)
    if search:
        config = config.replace("  - roundbook:\n", f"  - roundbook:\n      search: {search}\n", 1)
    if compress_downloads:
        config = config.replace("  - roundbook:\n", "  - roundbook:\n      compress_downloads: true\n", 1)
    if workers is not None:
        config = config.replace("  - roundbook:\n", f"  - roundbook:\n      workers: {workers}\n", 1)
    (folder / "mkdocs.yml").write_text(config, encoding="utf-8")
    shutil.copy(REPO / "CITATION.cff", folder / "CITATION.cff")
    return counts


# --- the floor: plain MkDocs on hand-written pages -------------------------------------------

FLOOR_CONFIG = """\
site_name: Floor
site_url: https://example.org/floor/
docs_dir: docs
theme:
  name: material
plugins:
  - search
markdown_extensions:
  - tables
  - toc:
      permalink: true
nav:
  - Home: index.md
"""


def floor_page(rng: random.Random, number: int, size: int) -> str:
    """A hand-written page: a title, a few headings, paragraphs, a table, up to `size` characters."""

    def sentence() -> str:
        words = ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(6, 14))]
        return " ".join(words).capitalize() + "."

    parts = [
        f"# Page {number}\n",
        " ".join(sentence() for _ in range(3)) + "\n",
        "## Facts\n",
        "| Date | Stage | Amount |\n|---|---|---|\n"
        + "".join(
            f"| 20{rng.randint(10, 25)}-0{rng.randint(1, 9)} | series {rng.choice('ABCD')} | ${rng.randint(1, 900)}M |\n"
            for _ in range(5)
        ),
    ]
    section = 0
    while sum(map(len, parts)) < size:
        section += 1
        parts.append(f"## Section {section}\n")
        parts.append(" ".join(sentence() for _ in range(4)) + "\n")
    return "\n".join(parts)


def make_floor(folder: Path, pages: int, size: int, seed: int) -> None:
    rng = random.Random(seed)
    docs = folder / "docs"
    (docs / "pages").mkdir(parents=True)
    (folder / "mkdocs.yml").write_text(FLOOR_CONFIG)
    (docs / "index.md").write_text("# Floor\n\nPlain MkDocs pages.\n")
    for number in range(pages - 1):
        (docs / "pages" / f"page-{number}.md").write_text(floor_page(rng, number, size))


# --- measuring a build ------------------------------------------------------------------------

PAGEFIND_TIME = re.compile(r"Pagefind indexed the site in ([0-9.]+) s")
STAGE_TIMES = re.compile(r"Roundbook: stages took ([^;\n]*)")
STAGE_TIME = re.compile(r"([a-z ]+) ([0-9.]+) s")
# Render and open data run in `workers` processes together: each stage's time is the sum of its
# pieces' (so the work it is), and this is how long the two took together (so the wait).
TOGETHER = re.compile(r"; render and open data on (\d+) workers ([0-9.]+) s")
STAGES = ("load", "validate", "model", "render", "open data")
# An incremental build's, before loading: the checked records taken from the cache
# (roundbook/site/incremental/kept_records.py); those it keeps are written after the pages.
CACHE_STAGE = "records from cache"


def _descendants(pid: int) -> list[int]:
    found, waiting = [], [pid]
    while waiting:
        parent = waiting.pop()
        found.append(parent)
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children") as children:
                    waiting.extend(int(child) for child in children.read().split())
        except OSError:
            continue  # it ended meanwhile
    return found


def _proportional_memory(pid: int) -> int:
    """The process's share of the memory it uses (PSS): pages shared with another process of the
    tree (a forked child's, before either writes them) count once over the two, not twice."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class TreeMemory:
    """The peak of the memory a process and all its descendants use together, sampled five times a
    second: the build forks a child for the content, and Pagefind is a program of its own, so no
    one process's maximum resident size is the build's."""

    def __init__(self, pid: int):
        self.pid, self.peak = pid, 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._done.wait(0.2):
            self.peak = max(self.peak, sum(_proportional_memory(pid) for pid in _descendants(self.pid)))

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


@dataclass
class Run:
    """One command, measured: wall seconds, CPU seconds (user and system, its own and those of every
    process it started and waited for), peak memory in bytes, and what it printed."""

    wall: float
    cpu: float
    memory: int
    output: str
    stages: dict[str, float] = field(default_factory=dict)  # a build's, as the plugin logs them


def run_measured(command: list[str], cwd: Path, env: dict[str, str] | None = None, check: bool = True) -> Run:
    """Run `command` as a child process and measure it. The CPU time comes from os.wait4, which
    counts the child and the descendants it waited for: the processes a build forks to render,
    Pagefind. It does not grow when other work shares the machine, as the wall time does."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=cwd, env=env or BUILD_ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    memory = TreeMemory(child.pid)
    output = child.stdout.read()
    tree_peak = memory.stop()
    _, status, usage = os.wait4(child.pid, 0)
    elapsed = time.perf_counter() - started
    log = output.decode(errors="replace")
    if check and status != 0:
        sys.stderr.write(log)
        raise SystemExit(f"{' '.join(command[:4])} failed in {cwd}")
    # A run shorter than one sample still has its own maximum (Linux gives it in kilobytes).
    return Run(elapsed, usage.ru_utime + usage.ru_stime, max(tree_peak, usage.ru_maxrss * 1024), log)


def mkdocs_build(folder: Path, site: Path | None = None, clean: bool = True) -> Run:
    """`mkdocs build --strict` in `folder` into `site` (folder/site by default; emptied first unless
    `clean` is false), measured, with the seconds of each stage in it as the plugin logs them (none
    for plain MkDocs; `pagefind` only with Pagefind)."""
    site = site or folder / "site"
    if clean:
        shutil.rmtree(site, ignore_errors=True)
    run = run_measured([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], folder)
    log = run.output
    stages = {
        name.strip(): float(seconds)
        for logged in STAGE_TIMES.findall(log)
        for name, seconds in STAGE_TIME.findall(logged)
    }
    if indexing := PAGEFIND_TIME.search(log):
        stages["pagefind"] = float(indexing.group(1))
    if together := TOGETHER.search(log):
        stages["workers"], stages["together"] = float(together.group(1)), float(together.group(2))
    run.stages = stages
    return run


def unpacked_growth(site: Path) -> int:
    """How much larger the site would be with its gzipped bulk files (roundbook/export/bulk.py)
    published plain: each one's unpacked size, from the gzip trailer, less its own."""
    growth = 0
    for path in [*site.glob("data/*.gz"), *site.glob("api/*/*.gz")]:
        with path.open("rb") as packed:
            packed.seek(-4, os.SEEK_END)
            growth += int.from_bytes(packed.read(4), "little") - path.stat().st_size
    return growth


class _ByteCounter:
    """A file that only counts what is written to it."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)

    def flush(self) -> None:
        pass


def pages_artifact_size(site: Path) -> int:
    """What a deployment to GitHub Pages uploads: actions/upload-pages-artifact packs the site
    into one tar file, which actions/upload-artifact compresses with deflate at level 6 (as
    gzip does here). Its upload, and the deployment's 10 minutes, follow this size."""
    counter = _ByteCounter()
    with gzip.GzipFile(fileobj=counter, mode="wb", compresslevel=6, mtime=0) as packed:
        with tarfile.open(fileobj=packed, mode="w|") as tar:
            tar.add(site, arcname=".")
    return counter.size


def site_figures(site: Path, profiles: str) -> dict[str, float]:
    total = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
    pages = sorted(path.stat().st_size for path in site.glob(f"{profiles}/*/index.html"))
    return {
        "site": total,
        "site, downloads plain": total + unpacked_growth(site),
        "artifact": pages_artifact_size(site),
        "profile page": statistics.median(pages) if pages else 0,
        "search payload": search_payload(site),
    }


def profile_sizes(folder: Path, sample: int = 50) -> int:
    """The median size of a generated profile's own HTML (without the theme), for floor pages of
    about the same size."""
    from roundbook.load import load_content
    from roundbook.model import build_dataset
    from roundbook.render import Renderer
    from roundbook.validate import validate

    dataset = build_dataset(validate(load_content(folder, "content")))
    renderer = Renderer(folder / "templates")
    startups = [p for p in dataset.organizations.values() if p.kind == "startup"][:sample]
    return int(statistics.median(len(renderer.profile_page(dataset, p).html) for p in startups))


# --- the table --------------------------------------------------------------------------------


def human(value: float, unit: str) -> str:
    if unit == "s":
        return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"
    # Decimal units, as hosts state their limits (GitHub Pages: 1 GB per site).
    for scale, name in ((10**9, "GB"), (10**6, "MB"), (10**3, "kB")):
        if value >= scale:
            return f"{value / scale:.1f} {name}"
    return f"{value:.0f} B"


def in_fresh_process(function, *arguments):
    """Run `function` in a new Python process: a build's peak memory is read from its process
    (os.wait4), and a child forked from a parent holding a loaded dataset starts that big."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return pool.apply(function, arguments)


def paired_runs(project: Path, floor: Path, first: tuple[Run, Run], pairs: int) -> list[tuple[Run, Run]]:
    """`pairs` pairs of builds (Roundbook's, the floor's), `first` the one measured already; the
    order alternates from pair to pair, so that neither build always runs on a warmer machine."""
    runs = [first]
    for number in range(1, pairs):
        if number % 2:
            theirs, ours = mkdocs_build(floor), mkdocs_build(project)
        else:
            ours, theirs = mkdocs_build(project), mkdocs_build(floor)
        runs.append((ours, theirs))
    return runs


def pair_rows(runs: list[tuple[Run, Run]]) -> list[tuple[str, str, str, str]]:
    """Each pair's wall and CPU time, and the medians of the ratios within pairs."""
    rows = []
    for number, (ours, theirs) in enumerate(runs, 1):
        order = "Roundbook first" if number % 2 else "floor first"
        rows.append(
            (
                f"full build, pair {number} ({order}): wall",
                human(ours.wall, "s"),
                human(theirs.wall, "s"),
                f"{ours.wall / theirs.wall:.2f}",
            )
        )
        rows.append(
            (
                f"full build, pair {number} ({order}): CPU",
                human(ours.cpu, "s"),
                human(theirs.cpu, "s"),
                f"{ours.cpu / theirs.cpu:.2f}",
            )
        )
    for name in ("wall", "cpu"):
        ratios = [getattr(ours, name) / getattr(theirs, name) for ours, theirs in runs]
        mine = statistics.median(getattr(ours, name) for ours, _ in runs)
        floor = statistics.median(getattr(theirs, name) for _, theirs in runs)
        label = "wall time" if name == "wall" else "CPU time (user + system, all processes)"
        rows.append(
            (
                f"full build, median of {len(runs)} pairs: {label}",
                human(mine, "s"),
                human(floor, "s"),
                f"{statistics.median(ratios):.2f}",
            )
        )
    return rows


def measure(
    size: int,
    seed: int,
    work: Path,
    search: str | None = None,
    compress_downloads: bool = True,
    pairs: int = 3,
    workers: int | None = None,
) -> list[tuple[str, str, str, str]]:
    project, floor = work / f"roundbook-{size}", work / f"floor-{size}"
    counts = make_project(project, size, seed, search, compress_downloads, workers)
    build = mkdocs_build(project)
    stages = build.stages
    if missing := [name for name in STAGES if name not in stages]:
        raise SystemExit(f"the build's log gives no time for {', '.join(missing)}")
    ours = site_figures(project / "site", "companies")
    page_count = sum(1 for _ in (project / "site").rglob("index.html"))
    make_floor(floor, page_count, in_fresh_process(profile_sizes, project), seed)
    floor_build = mkdocs_build(floor)
    theirs = site_figures(floor / "site", "pages")
    runs = paired_runs(project, floor, (build, floor_build), pairs)
    print(
        f"\n## {size:,} companies: {counts['companies']:,} organizations, {counts['people']:,} people, "
        f"{counts['rounds']:,} rounds; {page_count:,} pages"
        + (f"; workers: {workers}" if workers is not None else "")
        + "\n"
    )
    shown = [name for name in (CACHE_STAGE, *STAGES) if name in stages]
    rows = [(f"stage: {name}", human(stages[name], "s"), "", "") for name in shown]
    waited = sum(stages[name] for name in STAGES) + stages.get(CACHE_STAGE, 0)
    if "together" in stages:
        rows.append(
            (
                f"stages render and open data together, on {stages['workers']:.0f} workers",
                human(stages["together"], "s"),
                "",
                "",
            )
        )
        waited += stages["together"] - stages["render"] - stages["open data"]
    # What MkDocs itself adds: starting, the theme's templates, the search index, writing files.
    rest = build.wall - waited - stages.get("pagefind", 0)
    rows.append(("stage: MkDocs (the rest)", human(rest, "s"), "", ""))
    if "pagefind" in stages:
        rows.append(("stage: Pagefind indexing", human(stages["pagefind"], "s"), "", ""))
    for name, mine, floor_value, unit in (
        ("peak memory", build.memory, floor_build.memory, "B"),
        (
            "site on disk" + (" (bulk downloads gzipped)" if compress_downloads else ""),
            ours["site"],
            theirs["site"],
            "B",
        ),
        ("GitHub Pages upload (the site as tar, compressed)", ours["artifact"], theirs["artifact"], "B"),
        ("typical profile page", ours["profile page"], theirs["profile page"], "B"),
        (
            f"search payload (gzip, {'Pagefind' if uses_pagefind(project / 'site') else 'built-in'})",
            ours["search payload"],
            theirs["search payload"],
            "B",
        ),
    ):
        rows.append((name, human(mine, unit), human(floor_value, unit), f"{mine / floor_value:.2f}"))
        if name.startswith("site on disk") and compress_downloads:
            plain = ours["site, downloads plain"]
            rows.append(
                (
                    "site on disk with them plain",
                    human(plain, unit),
                    human(floor_value, unit),
                    f"{plain / floor_value:.2f}",
                )
            )
    rows += pair_rows(runs)
    print("| Figure | Roundbook | Plain MkDocs | Ratio |\n|---|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    sys.stdout.flush()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000", help="companies per build, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--search",
        choices=("auto", "builtin", "pagefind"),
        help="the roundbook plugin's search option (default: as mkdocs.yml says, auto)",
    )
    parser.add_argument(
        "--downloads",
        choices=("compressed", "plain"),
        default="compressed",
        help="the bulk downloads gzipped (compress_downloads: true, the default here) or plain",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=3,
        help="interleaved pairs of builds (Roundbook, floor) whose ratios' median is given",
    )
    parser.add_argument(
        "--workers", type=int, help="the roundbook plugin's workers option: processes that render (0: every core)"
    )
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it, instead of a temporary one")
    arguments = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in arguments.sizes.split(",")]
    options = {
        "search": arguments.search,
        "compress_downloads": arguments.downloads == "compressed",
        "pairs": max(arguments.pairs, 1),
        "workers": arguments.workers,
    }
    if arguments.keep:
        arguments.keep.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            for name in (f"roundbook-{size}", f"floor-{size}"):
                shutil.rmtree(arguments.keep / name, ignore_errors=True)
            measure(size, arguments.seed, arguments.keep, **options)
        return
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="roundbook-bench-") as work:
            measure(size, arguments.seed, Path(work), **options)


if __name__ == "__main__":
    main()
