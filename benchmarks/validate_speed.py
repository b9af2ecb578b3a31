"""How long `roundbook validate` takes on a large site, with and without its cache.

    .venv/bin/python benchmarks/validate_speed.py [--companies 1000] [--seed 1] [--keep DIR]

Writes a synthetic project (benchmarks/synthetic.py), then times the command, each run a
process of its own, as a maintainer meets it:

- one round, cold: `validate FILE` of a round just edited, with no .roundbook-cache/;
- everything, cold: no .roundbook-cache/ either;
- everything, warm: nothing changed since;
- one round, warm: `validate FILE` of a round just edited;
- one company, warm: `validate FILE` of a company just edited (its rounds are read too);
- everything, warm, after one edit.

Each line gives wall time and CPU time (user and system, from os.wait4). On a machine other
work shares, wall time grows with that work and CPU time hardly does: read both. Tests assert
no timing; this prints them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from synthetic import generate  # noqa: E402

ROUNDBOOK = [sys.executable, "-c", "import sys; from roundbook.cli import main; sys.exit(main())"]
CACHE = ".roundbook-cache"


def timed(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds and the last line printed, of one run of `args`."""
    start = time.perf_counter()
    process = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    last = output.strip().splitlines()[-1] if output.strip() else ""
    return wall, usage.ru_utime + usage.ru_stime, last


def touch_source_title(path: Path, number: int) -> None:
    """An edit a reader would see and no check refuses: the title of the file's first source."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.lstrip().startswith("title: "):
            lines[index] = line.split("title: ")[0] + f"title: Edited source title {number}\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def measure(project: Path) -> list[tuple[str, float, float, str]]:
    content = project / "content"
    round_file = sorted((content / "rounds").rglob("*.yml"))[len(list((content / "rounds").iterdir())) // 2]
    company_file = content / "companies" / f"{round_file.parent.name}.yml"
    relative_round = round_file.relative_to(project).as_posix()
    relative_company = company_file.relative_to(project).as_posix()
    rows = []

    def row(what: str, args: list[str]) -> None:
        rows.append((what, *timed([*ROUNDBOOK, "validate", *args], project)))

    shutil.rmtree(project / CACHE, ignore_errors=True)
    touch_source_title(round_file, 1)
    row("one round, cold", [relative_round])
    shutil.rmtree(project / CACHE)
    row("everything, cold", [])
    row("everything, warm", [])
    touch_source_title(round_file, 2)
    row("one round, warm", [relative_round])
    touch_source_title(company_file, 3)
    row("one company, warm", [relative_company])
    touch_source_title(round_file, 4)
    row("everything, warm, after one edit", [])
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="write the project here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="roundbook-validate-speed-"))
    try:
        counts = generate(folder, args.companies, args.seed)
        files = sum(1 for _ in (folder / "content").rglob("*.yml"))
        print(f"{args.companies:,} companies: {counts}, {files:,} content files", flush=True)
        timed([*ROUNDBOOK, "--help"], folder)  # imports warmed, as a maintainer's second command finds them
        wall, cpu, _ = timed([*ROUNDBOOK, "validate", "--help"], folder)
        print(f"{'start-up alone (validate --help)':36} {wall:7.2f} s wall {cpu:7.2f} s CPU")
        for what, wall, cpu, last in measure(folder):
            print(f"{what:36} {wall:7.2f} s wall {cpu:7.2f} s CPU   {last}", flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
