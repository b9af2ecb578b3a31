"""The edit loop on a large site: how long a maintainer waits after changing one round.

    .venv/bin/python benchmarks/edit_loop.py [--companies 1000,10000] [--seed 1] [--only serve,...] [--keep DIR]

For each size N it writes a synthetic project of N companies (benchmarks/synthetic.py, as
benchmarks/build.py configures it), then takes each measurement below on its own, each with its
own edit of one round (the title of the round's first source, which its company's profile shows):

- `rebuild`: `mkdocs build --strict` into a site built once before (not timed), after the edit;
  the source's title is in a section of the profile that search leaves out, so Pagefind's index
  is kept (roundbook/site/search/pagefind_view.py);
- `rebuild-summary`: the same after an edit that search reads, a company's summary, so Pagefind
  indexes the whole site again;
- `no-change`: the same, with nothing changed since the build before;
- `validate`: `roundbook validate` of the edited round's file alone, after a first run of it
  (not timed) has filled the cache;
- `validate-all`: `roundbook validate` of all the content;
- `serve`: `mkdocs serve` on 127.0.0.1: how long until it serves the profile the first time and
  until its quick preview is ready (it says so in its log; the edit waits for that, as a
  maintainer reading the first preview does), then from the edit to the first answer that shows
  it, and to the log's word that the whole build after it is published. The page is asked for
  again and again until a deadline, so the figure is when the change was seen, to within one
  request. The server's log is kept beside the project (`edit-loop-N-serve.log`).

The build and validate figures are wall time and CPU time (user and system, of the command and
every process it waited for, from os.wait4); the serve figures are wall time only. On a machine
other work shares, the wall time grows with that work and the CPU time hardly does: read both.
Each measurement is a function of its own (`rebuild_after_edit`, `rebuild_unchanged`,
`validate_one_file`, `validate_everything`, `serve_edit`), for other scripts to reuse.
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from build import BUILD_ENV, Run, human, make_project, mkdocs_build, run_measured  # noqa: E402

ROUNDBOOK = [sys.executable, "-c", "import sys; from roundbook.cli import main; sys.exit(main())"]
_SOURCE_TITLE = re.compile(r"^(\s+title: ).*$", re.MULTILINE)
_SUMMARY = re.compile(r"^(summary: ).*$", re.MULTILINE)


# --- the edit ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edit:
    path: Path  # the round's file
    page: str  # its company's profile, as a site path: companies/x/
    marker: str  # text the page shows once the edit is built


def edit_one_round(project: Path) -> Edit:
    """Give the first source of the first round of the first company a new title, unique to this
    edit; what its profile will show."""
    company = sorted(path for path in (project / "content" / "rounds").iterdir() if path.is_dir())[0]
    return _edit(sorted(company.glob("*.yml"))[0], _SOURCE_TITLE, "Edited source", f"companies/{company.name}/")


def edit_one_summary(project: Path) -> Edit:
    """Give the first company a new summary, unique to this edit: text its profile shows where
    search reads it, so Pagefind indexes the site again (`edit_one_round`'s source title is in a
    section search leaves out)."""
    path = sorted((project / "content" / "companies").glob("*.yml"))[0]
    return _edit(path, _SUMMARY, "Edited summary", f"companies/{path.stem}/")


def _edit(path: Path, line: re.Pattern, words: str, page: str) -> Edit:
    """The first `line` of the file, its value replaced by `words` and a number unique to this edit."""
    marker = f"{words} {time.time_ns()}"
    edited, count = line.subn(lambda match: match.group(1) + marker, path.read_text(encoding="utf-8"), count=1)
    if not count:
        raise SystemExit(f"{path}: nothing to edit ({line.pattern})")
    path.write_text(edited, encoding="utf-8")
    return Edit(path, page, marker)


def _shows(site: Path, edit: Edit) -> bool:
    return edit.marker in (site / edit.page / "index.html").read_text(encoding="utf-8")


# --- the measurements -------------------------------------------------------------------------


def _built_once(project: Path, site: Path) -> None:
    if not (site / "index.html").is_file():
        mkdocs_build(project, site)


def rebuild_after_edit(project: Path, site: Path, make_edit=edit_one_round) -> Run:
    """A build into `site` (built first if it is not) after one round is edited (or `make_edit`'s edit)."""
    _built_once(project, site)
    edit = make_edit(project)
    run = mkdocs_build(project, site, clean=False)
    if not _shows(site, edit):
        raise SystemExit(f"the rebuild did not bring the edit of {edit.path} to {edit.page}")
    return run


def rebuild_unchanged(project: Path, site: Path) -> Run:
    """A build into `site` (built first if it is not) with nothing changed since the last."""
    _built_once(project, site)
    return mkdocs_build(project, site, clean=False)


def validate_one_file(project: Path) -> Run:
    """`roundbook validate FILE` of one round, just edited, with the cache of an earlier run of it
    (as a maintainer who validates as they edit has): the first run reads every profile cold."""
    round_file = str(edit_one_round(project).path.relative_to(project))
    run_measured([*ROUNDBOOK, "validate", round_file], project)  # not timed: it fills the cache
    edit_one_round(project)
    return run_measured([*ROUNDBOOK, "validate", round_file], project)


def validate_everything(project: Path) -> Run:
    """`roundbook validate` of all the content."""
    return run_measured([*ROUNDBOOK, "validate"], project)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _page_text(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for(url: str, wanted: str | None, deadline: float, server: subprocess.Popen) -> float:
    """Ask for `url` until it answers (and shows `wanted`, when given); the moment it did.
    Between two requests, a pause of a twentieth of a second: the figure is the moment seen,
    to within that and one request."""
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"mkdocs serve ended (exit status {server.returncode})")
        text = _page_text(url)
        if text is not None and (wanted is None or wanted in text):
            return time.perf_counter()
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {'the page' if wanted is None else repr(wanted)} before the deadline")


@dataclass(frozen=True)
class Served:
    first: float  # from the start of `mkdocs serve` until it serves the profile
    ready: float | None  # from the start until the quick preview is ready (None: it never said so)
    seen: float  # from the edit until the served page shows it
    built: float  # from the edit until the whole build after it is published


READY = b"Roundbook: quick preview ready"
RELOADED = b"Reloading browsers"


def serve_edit(project: Path, deadline_seconds: float = 900) -> Served:
    """`mkdocs serve` on the project: how long until it first serves a profile, until its quick
    preview is ready (roundbook/site/preview/; the edit waits for it, as a maintainer reading the
    first preview does), from an edit of one of that profile's rounds until the served page shows
    it, and until the whole build after the edit is published."""
    port = _free_port()
    site_url = re.search(r"^site_url: *(\S+)", (project / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    mount = urlsplit(site_url.group(1)).path if site_url else "/"
    log_path = project.with_name(f"{project.name}-serve.log")  # beside the project: kept with it (--keep)
    with log_path.open("wb") as log:
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            env=BUILD_ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        company = sorted(path for path in (project / "content" / "rounds").iterdir() if path.is_dir())[0]
        url = f"http://127.0.0.1:{port}{mount.rstrip('/')}/companies/{company.name}/"
        deadline = time.monotonic() + deadline_seconds
        first = _wait_for(url, None, deadline, server) - started
        ready = _wait_for_log(log_path, READY, 1, min(deadline, time.monotonic() + 300), server)
        reloads = log_path.read_bytes().count(RELOADED)
        edited = time.perf_counter()
        edit = edit_one_round(project)
        seen = _wait_for(url, edit.marker, deadline, server) - edited
        # MkDocs says so when it publishes a build (not when a quick preview is published).
        built = _wait_for_log(log_path, RELOADED, reloads + 1, deadline, server)
        return Served(
            first,
            ready - started if ready is not None else None,
            seen,
            built - edited if built is not None else float("nan"),
        )
    except SystemExit:
        sys.stderr.write(log_path.read_bytes().decode(errors="replace")[-4000:])
        raise
    finally:
        server.send_signal(signal.SIGINT)  # as Ctrl-C: mkdocs serve stops and removes its folder
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_for_log(log_path: Path, line: bytes, count: int, deadline: float, server) -> float | None:
    """When the server's log held `line` `count` times (a clock reading); None if it ended first."""
    while time.monotonic() < deadline and server.poll() is None:
        if log_path.read_bytes().count(line) >= count:
            return time.perf_counter()
        time.sleep(0.05)  # a benchmark polling a log, not a test: nothing else to wait on
    return None


# --- the table --------------------------------------------------------------------------------

MEASUREMENTS = ("rebuild", "rebuild-summary", "no-change", "validate", "validate-all", "serve")


def measure(project: Path, only: tuple[str, ...]) -> dict[str, str]:
    """Each measurement in `only`, on the project, as the table's cells."""
    cells: dict[str, str] = {}
    site = project / "site"

    def both(run: Run) -> str:
        return f"{human(run.wall, 's')} (CPU {human(run.cpu, 's')})"

    if "rebuild" in only or "rebuild-summary" in only or "no-change" in only:
        cold = mkdocs_build(project, site)
        cells["cold build (mkdocs build --strict)"] = both(cold)
    if "rebuild" in only:
        cells["rebuild after editing one round"] = both(rebuild_after_edit(project, site))
    if "rebuild-summary" in only:
        run = rebuild_after_edit(project, site, edit_one_summary)
        cells["rebuild after editing a company's summary"] = both(run)
    if "no-change" in only:
        cells["rebuild with nothing changed"] = both(rebuild_unchanged(project, site))
    if "validate" in only:
        cells["roundbook validate FILE (one round)"] = both(validate_one_file(project))
    if "validate-all" in only:
        cells["roundbook validate (everything)"] = both(validate_everything(project))
    if "serve" in only:
        served = serve_edit(project)
        cells["mkdocs serve: first page served"] = human(served.first, "s")
        cells["mkdocs serve: quick preview ready"] = human(served.ready, "s") if served.ready is not None else "never"
        cells["mkdocs serve: an edit reaches the page"] = human(served.seen, "s")
        cells["mkdocs serve: the whole build after the edit published"] = human(served.built, "s")
    return cells


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", default="1000,10000", help="sizes, comma-separated")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only", default=",".join(MEASUREMENTS), help=f"some of {', '.join(MEASUREMENTS)}, comma-separated"
    )
    parser.add_argument("--keep", type=Path, help="write the projects into this folder and keep them")
    arguments = parser.parse_args()
    sizes = [int(size.replace("_", "")) for size in arguments.companies.split(",")]
    only = tuple(name.strip() for name in arguments.only.split(","))
    if unknown := [name for name in only if name not in MEASUREMENTS]:
        parser.error(f"unknown measurement: {', '.join(unknown)}")
    work = arguments.keep or Path(tempfile.mkdtemp(prefix="roundbook-edit-loop-"))
    columns: dict[int, dict[str, str]] = {}
    try:
        for size in sizes:
            project = work / f"edit-loop-{size}"
            shutil.rmtree(project, ignore_errors=True)
            make_project(project, size, arguments.seed)
            columns[size] = measure(project, only)
            print(f"{size:,} companies: done", file=sys.stderr, flush=True)
    finally:
        if not arguments.keep:
            shutil.rmtree(work, ignore_errors=True)
    rows = list(dict.fromkeys(name for cells in columns.values() for name in cells))
    print("| Figure (wall time, CPU time) | " + " | ".join(f"{size:,} companies" for size in sizes) + " |")
    print("|---|" + "---:|" * len(sizes))
    for name in rows:
        print(f"| {name} | " + " | ".join(columns[size].get(name, "") for size in sizes) + " |")


if __name__ == "__main__":
    main()
