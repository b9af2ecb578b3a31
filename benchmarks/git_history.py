"""What reading the Git history costs a build: prints the figures, changes nothing in the repository.

    .venv/bin/python benchmarks/git_history.py [--companies 2000] [--commits 4000] [--runs 3]

1. The shipped site: `mkdocs build` with git_history on and off (median of --runs).
2. A synthetic project in a temporary folder, made with `git fast-import`: --companies fictional
   companies with one round each, and --commits commits that each change one to three of those
   files. It reports `git log` and its parsing alone, the build with git_history on and off, how
   long the build waited for the history (git runs while the content loads), and what one
   `git log` per file would cost instead (timed on a sample of files, then scaled).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from roundbook.history import read_history  # noqa: E402

GIT_ENV = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
BUILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

COMPANY = """\
name: Synthetic Company {i}
kind: startup
summary: A fictional company made by the benchmark, revision {revision}.
sources:
  - id: s
    url: https://example.org/c{i}
    publisher: Example
"""

ROUND = """\
announced: 2024-01
stage: seed
amount: {{value: {revision}M, currency: USD}}
sources:
  - id: s
    url: https://example.org/c{i}/seed
    publisher: Example
"""


def median_seconds(action, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def build(project: Path, site: Path, history: bool) -> str:
    """Build with the project's mkdocs.yml, git_history switched as asked; returns the log."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if not history:
        text = text.replace("  - roundbook:\n", "  - roundbook:\n      git_history: false\n")
    config = project / f".benchmark-{history}.yml"  # beside content/ and templates/, which it names
    config.write_text(text, encoding="utf-8")
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "--site-dir", str(site)],
            cwd=project,
            check=True,
            capture_output=True,
            text=True,
            env=BUILD_ENV,
        )
    finally:
        config.unlink()
    return result.stderr


def file_text(path: str, i: int, revision: int) -> str:
    return (COMPANY if path.startswith("content/companies/") else ROUND).format(i=i, revision=revision)


def synthetic_project(folder: Path, companies: int, commits: int) -> None:
    """A Git repository of fictional content: one commit adds it all, then `commits` commits change it."""
    random.seed(5)
    files = [(f"content/companies/c{i}.yml", i) for i in range(companies)]
    files += [(f"content/rounds/c{i}/2024-01-seed.yml", i) for i in range(companies)]
    stream = []

    def commit(number: int, message: str, changed) -> None:
        lines = [
            "commit refs/heads/main",
            f"committer Bench <bench@example.org> {1_700_000_000 + number * 60} +0000",
            f"data {len(message)}",
            message,
        ]
        for path, i in changed:
            body = file_text(path, i, number + 1).encode()
            lines += [f"M 100644 inline {path}", f"data {len(body)}", body.decode()]
        stream.append("\n".join(lines) + "\n")

    commit(0, "Add the data", files)
    for number in range(1, commits + 1):
        commit(number, f"Change {number}", random.sample(files, random.randint(1, 3)))
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True, env=GIT_ENV)
    subprocess.run(
        ["git", "-C", str(folder), "fast-import", "--quiet"], input="".join(stream).encode(), check=True, env=GIT_ENV
    )
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "main"], check=True, env=GIT_ENV)
    # What the build needs beside the records; not part of the measured history.
    fixture = REPO / "tests/fixtures/dataset/content"
    shutil.copytree(fixture / "reference", folder / "content/reference")
    shutil.copytree(fixture / "pages", folder / "content/pages")
    shutil.copy(fixture / "home.md", folder / "content/home.md")
    shutil.copytree(REPO / "templates", folder / "templates")
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=2000)
    parser.add_argument("--commits", type=int, default=4000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temporary:
        temporary = Path(temporary)
        on = median_seconds(lambda: build(REPO, temporary / "on", True), args.runs)
        off = median_seconds(lambda: build(REPO, temporary / "off", False), args.runs)
        print(
            f"shipped site: build {on:.2f} s with git_history, {off:.2f} s without "
            f"({(on - off) * 1000:+.0f} ms, median of {args.runs}); "
            f"read_history alone {median_seconds(lambda: read_history(REPO), args.runs) * 1000:.0f} ms"
        )

        project = temporary / "synthetic"
        started = time.perf_counter()
        synthetic_project(project, args.companies, args.commits)
        print(
            f"synthetic project: {args.companies} companies and {args.companies} rounds, "
            f"{args.commits + 1} commits (made in {time.perf_counter() - started:.0f} s)"
        )
        history = read_history(project)
        alone = median_seconds(lambda: read_history(project), args.runs)
        print(
            f"  one git log + parsing: {alone:.2f} s for {len(history.changes)} changes to "
            f"{len(history.last_changed)} files"
        )
        sample = sorted(history.last_changed)[:20]
        per_file = median_seconds(
            lambda: [
                subprocess.run(
                    ["git", "-C", str(project), "log", "-1", "--format=%cI", "--", p], capture_output=True, check=True
                )
                for p in sample
            ],
            1,
        ) / len(sample)
        print(
            f"  one git log per file instead: about {per_file * len(history.last_changed):.0f} s "
            f"({per_file * 1000:.0f} ms a file, timed on {len(sample)})"
        )
        logs = []
        on = median_seconds(lambda: logs.append(build(project, temporary / "s-on", True)), args.runs)
        off = median_seconds(lambda: build(project, temporary / "s-off", False), args.runs)
        waited = statistics.median(int(re.search(r"\((\d+) ms waited\)", log).group(1)) for log in logs)
        print(
            f"  build: {on:.2f} s with git_history, {off:.2f} s without ({(on - off) * 1000:+.0f} ms, "
            f"{(on - off) / off * 100:+.1f} %); the build waited {waited} ms for the history (median of {args.runs})"
        )


if __name__ == "__main__":
    main()
