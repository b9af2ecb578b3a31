"""Whether a change leaves the built sites byte for byte as they were: the check of a refactor.

    .venv/bin/python benchmarks/same_site.py --base REV [--companies 1000] [--keep DIR]

Builds two sites with the code of REV (a commit, checked out into a temporary worktree) and with
the code of this checkout, from the same input each time: the repository's own content and
mkdocs.yml, and a synthetic project of N companies (benchmarks/synthetic.py, seed 1, written
once). Both builds are `mkdocs build --strict`. It prints, for each site, the number of files and
every path that differs, is missing or is new, and exits 1 when anything differs.

Pagefind's filter index (pagefind/filter/, the .pf_meta file and pagefind-entry.json, which names
them by their hashes) differs between two builds of the very same code, as `--base HEAD` shows:
its order follows Pagefind's threads. Those files are counted apart and do not fail the check.

The starter site is built from a copy of the project without the package: a page made from one of
the package's templates links to that template for editing only when the template lies inside the
project, which would hold for this checkout's code and never for REV's worktree.
"""

from __future__ import annotations

import argparse
import filecmp
import fnmatch
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "benchmarks"))

from build import make_project  # noqa: E402

# What a copy of the starter project leaves out: the code (each build brings its own), the
# virtualenv and earlier output.
NOT_THE_PROJECT = [
    ".venv",
    "roundbook",
    "build",
    "build.new",
    "build.old",
    "preview",
    ".roundbook-cache",
    "test-artifacts",
]

UNSTABLE = ["pagefind/filter/*", "pagefind/pagefind.*.pf_meta", "pagefind/pagefind-entry.json"]


def unstable(line: str) -> bool:
    path = line.split(": ", 1)[1]
    return any(fnmatch.fnmatch(path, pattern) for pattern in UNSTABLE)


def build(code: Path, project: Path, site: Path) -> None:
    """`mkdocs build --strict` of `project` into `site`, with the roundbook package of `code`."""
    env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [
            sys.executable,
            # -P: without it, `-m` puts the working folder first on the path, and a build of the
            # starter site (run from this checkout) would import this checkout's roundbook on both sides.
            "-P",
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--quiet",
            "--config-file",
            str(project / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(f"the build with {code} failed:\n{result.stderr}")


def differences(before: Path, after: Path) -> tuple[int, list[str]]:
    """The number of files in `before`, and each path that differs between the two trees."""
    files = {p.relative_to(before).as_posix() for p in before.rglob("*") if p.is_file()}
    new = {p.relative_to(after).as_posix() for p in after.rglob("*") if p.is_file()}
    changed = [f"missing: {path}" for path in sorted(files - new)]
    changed += [f"new: {path}" for path in sorted(new - files)]
    changed += [
        f"differs: {path}"
        for path in sorted(files & new)
        if not filecmp.cmp(before / path, after / path, shallow=False)
    ]
    return len(files), changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare with, such as main or HEAD~3")
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--keep", type=Path, help="keep the projects and the sites in this folder")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="same-site-"))
    work.mkdir(parents=True, exist_ok=True)
    base = work / "base-code"
    if base.exists():
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)
    subprocess.run(
        ["git", "-C", str(REPO), "worktree", "add", "--quiet", "--detach", str(base), options.base], check=True
    )
    try:
        synthetic = work / "synthetic"
        shutil.rmtree(synthetic, ignore_errors=True)
        make_project(synthetic, options.companies, seed=1)
        starter = work / "starter"
        shutil.rmtree(starter, ignore_errors=True)
        shutil.copytree(REPO, starter, ignore=shutil.ignore_patterns(*NOT_THE_PROJECT))
        status = 0
        for name, project in (("starter", starter), (f"{options.companies} companies", synthetic)):
            sites = {}
            for label, code in (("before", base), ("after", REPO)):
                site = work / f"{name.replace(' ', '-')}-{label}"
                shutil.rmtree(site, ignore_errors=True)
                build(code, project, site)
                sites[label] = site
            count, changed = differences(sites["before"], sites["after"])
            search_index = [line for line in changed if unstable(line)]
            changed = [line for line in changed if not unstable(line)]
            print(
                f"{name}: {count} files, {len(changed)} differ"
                + (
                    f" (and {len(search_index)} of Pagefind's filter index, which no two builds share)"
                    if search_index
                    else ""
                )
            )
            for line in changed:
                print(f"  {line}")
            status |= bool(changed)
        return status
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(base)], check=False)
        if not options.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
