"""Atomic output: a failed build leaves the previous build/ byte for byte; a good one replaces it whole."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BIN, REPO, mkdocs_build
from test_cli import THREE_MISTAKES
from test_incremental import link_of
from test_reproducible import tree_hashes

# The build day is fixed so that two builds of the same project are comparable byte for byte.
FIXED_DAY = {"SOURCE_DATE_EPOCH": "1714996800", "NO_MKDOCS_2_WARNING": "1"}


def make_site(project: Path) -> subprocess.CompletedProcess:
    """The repository's own `make site` recipe, run in `project` with this test's Python
    (-o: the virtual environment is already set up, do not install it there)."""
    return subprocess.run(
        ["make", "-f", str(REPO / "Makefile"), "-o", ".venv/.build-set", "site", f"PY={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, **FIXED_DAY},
        timeout=300,
    )


@pytest.fixture
def built(project: Path) -> dict[str, str]:
    """The project built once into build/; returns the hashes of what it wrote."""
    result = make_site(project)
    assert result.returncode == 0, result.stderr
    hashes = tree_hashes(project / "build")
    assert len(hashes) > 100
    return hashes


@pytest.mark.build
def test_bad_content_leaves_the_previous_build_byte_identical(project, built):
    (project / "content/rounds/acme-robotics/2024-02-mistakes.yml").write_text(THREE_MISTAKES)
    result = mkdocs_build(project, project / "build")  # straight into build/: the plugin stops first
    assert result.returncode == 1
    assert tree_hashes(project / "build") == built
    result = make_site(project)
    assert result.returncode != 0
    assert tree_hashes(project / "build") == built


@pytest.mark.build
def test_a_build_that_fails_after_writing_leaves_the_previous_build_byte_identical(project, built):
    # A broken link is only a warning until the end of a strict build, after MkDocs has
    # emptied and rewritten its site folder: `make site` builds into build.new for this.
    (project / "content/pages/about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
    result = make_site(project)
    assert result.returncode != 0
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    assert (project / "build.new/about/index.html").is_file()  # MkDocs had written the new site
    assert tree_hashes(project / "build") == built


@pytest.mark.build
def test_a_good_build_replaces_the_previous_one_whole(project, built):
    (project / "build/left-over.html").write_text("from an older build")
    (project / "content/pages/about.md").write_text("# About\n\nChanged.\n")
    result = make_site(project)
    assert result.returncode == 0, result.stderr
    now = tree_hashes(project / "build")
    assert "left-over.html" not in now
    assert now["about/index.html"] != built["about/index.html"]
    assert not (project / "build.new").exists()


# --- The swap itself: scripts/swap-site, which `make site` runs once the new site is built -------

SWAP_SITE = REPO / "scripts" / "swap-site"


def failing_mv(tmp_path: Path) -> dict[str, str]:
    """An environment whose `mv` refuses to move build.new, as a full disk or a crash would, and
    moves everything else: the second rename of a swap fails after the first succeeded."""
    shims = tmp_path / "shims"
    shims.mkdir()
    mv = shims / "mv"
    mv.write_text(
        '#!/bin/sh\nfor arg; do case $arg in *build.new) echo "mv: simulated failure" >&2; exit 1;; esac; done\n'
        f'exec {shutil.which("mv")} "$@"\n'
    )
    mv.chmod(0o755)
    return {**os.environ, "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}"}


def swap(folder: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(SWAP_SITE), *args], cwd=folder, capture_output=True, text=True, env=env, timeout=60)


def site(folder: Path, name: str, page: str) -> None:
    (folder / name).mkdir()
    (folder / name / "index.html").write_text(page)


def tree(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): path.read_text() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def test_the_swap_leaves_only_the_new_site(tmp_path):
    site(tmp_path, "build", "old")
    site(tmp_path, "build.new", "new")
    result = swap(tmp_path, "build.new", "build")
    assert (result.returncode, result.stderr) == (0, "")
    assert tree(tmp_path) == {"build/index.html": "new"}


def test_with_a_spare_the_previous_site_is_kept_as_the_spare(tmp_path):
    site(tmp_path, "build", "old")
    site(tmp_path, "build.new", "new")
    site(tmp_path, "build.spare", "older")
    result = swap(tmp_path, "build.new", "build", "build.spare")
    assert (result.returncode, result.stderr) == (0, "")
    assert tree(tmp_path) == {"build/index.html": "new", "build.spare/index.html": "old"}
    site(tmp_path, "build.new", "newer")
    assert swap(tmp_path, "build.new", "build", "build.spare").returncode == 0
    assert tree(tmp_path) == {"build/index.html": "newer", "build.spare/index.html": "new"}


def test_with_a_spare_and_no_previous_site_there_is_no_spare(tmp_path):
    site(tmp_path, "build.new", "new")
    result = swap(tmp_path, "build.new", "build", "build.spare")
    assert (result.returncode, result.stderr) == (0, "")
    assert tree(tmp_path) == {"build/index.html": "new"}
    assert swap(tmp_path, "--repair", "build", "build.spare").returncode == 2  # a repair takes no spare


def test_a_failed_second_rename_puts_the_previous_site_back(tmp_path):
    work = tmp_path / "work"
    work.mkdir()
    site(work, "build", "old")
    site(work, "build.new", "new")
    result = swap(work, "build.new", "build", env=failing_mv(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        "mv: simulated failure\nswap-site: could not rename build.new to build; the previous site is back in build\n"
    )
    assert tree(work) == {"build/index.html": "old", "build.new/index.html": "new"}


@pytest.mark.parametrize(
    "left, repaired",
    [
        # Stopped between the two renames: the previous site waits in build.old, and nothing is in build.
        ({"build.old": "previous"}, {"build/index.html": "previous"}),
        # Stopped before build.old was deleted: the site in build is whole, build.old is left over.
        ({"build": "current", "build.old": "previous"}, {"build/index.html": "current"}),
        ({"build": "current"}, {"build/index.html": "current"}),
        ({}, {}),
    ],
)
def test_an_interrupted_swap_is_repaired_first(tmp_path, left, repaired):
    for name, page in left.items():
        site(tmp_path, name, page)
    result = swap(tmp_path, "--repair", "build")
    assert (result.returncode, result.stderr) == (0, "")
    assert tree(tmp_path) == repaired
    if left:
        site(tmp_path, "build.new", "new")
        assert swap(tmp_path, "build.new", "build").returncode == 0
        assert tree(tmp_path) == {"build/index.html": "new"}


def test_a_swap_after_an_interruption_never_leaves_build_empty(tmp_path):
    """Without --repair first too: the previous site in build.old goes back before build.new comes in,
    so a failure of that second rename still leaves a site in build."""
    work = tmp_path / "work"
    work.mkdir()
    site(work, "build.old", "previous")
    site(work, "build.new", "new")
    result = swap(work, "build.new", "build", env=failing_mv(tmp_path))
    assert result.returncode == 1
    assert tree(work) == {"build/index.html": "previous", "build.new/index.html": "new"}


def test_the_swap_refuses_a_missing_new_site(tmp_path):
    site(tmp_path, "build", "old")
    result = swap(tmp_path, "build.new", "build")
    assert (result.returncode, result.stderr) == (1, "swap-site: build.new is not a folder; build was left as it is\n")
    assert tree(tmp_path) == {"build/index.html": "old"}


def test_the_swap_script_passes_shellcheck():
    result = subprocess.run([str(BIN / "shellcheck"), "--shell=sh", str(SWAP_SITE)], capture_output=True, text=True)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.build
def test_make_site_keeps_the_previous_build_when_the_new_one_cannot_be_renamed_in(project, built, tmp_path):
    (project / "content/pages/about.md").write_text("# About\n\nChanged.\n")
    result = subprocess.run(
        ["make", "-f", str(REPO / "Makefile"), "-o", ".venv/.build-set", "site", f"PY={sys.executable}"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**failing_mv(tmp_path), **FIXED_DAY},
        timeout=300,
    )
    assert result.returncode != 0
    assert tree_hashes(project / "build") == built
    assert "swap-site: could not rename build.new to build; the previous site is back in build" in result.stderr
    assert not (project / "build.old").exists()


@pytest.mark.build
def test_make_site_puts_back_the_site_an_interrupted_swap_left_aside(project, built):
    (project / "build").rename(project / "build.old")  # as if stopped between the two renames
    (project / "content/pages/about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
    assert make_site(project).returncode != 0  # a build that fails still leaves the previous site in build
    assert tree_hashes(project / "build") == built
    assert not (project / "build.old").exists()
    (project / "build.old").mkdir()  # as if stopped before build.old was deleted
    (project / "content/pages/about.md").write_text("# About\n\nChanged.\n")
    result = make_site(project)
    assert result.returncode == 0, result.stderr
    assert not (project / "build.old").exists() and not (project / "build.new").exists()
    assert tree_hashes(project / "build")["about/index.html"] != built["about/index.html"]


@pytest.mark.build
def test_make_site_starts_from_the_site_before_last_and_keeps_what_did_not_change(project, built):
    # The first `make site` (built) left no spare; the second keeps the first site as build.spare.
    company = project / "content/companies/beta-labs.yml"
    company.write_text(company.read_text(encoding="utf-8").replace("A fictional software company.", "Edited."))
    assert make_site(project).returncode == 0
    assert tree_hashes(project / "build.spare") == built
    spare = project / "build.spare"
    profiles = {path.relative_to(spare): link_of(path) for path in spare.glob("companies/*/index.html")}
    # The third builds over that spare: a profile the edits did not reach stays the very file it was.
    company.write_text(company.read_text(encoding="utf-8").replace("Edited.", "Edited again."))
    result = make_site(project)
    assert result.returncode == 0, result.stderr
    assert any(link_of(project / "build" / path) == link for path, link in profiles.items())
    assert "Edited again." in (project / "build/companies/beta-labs/index.html").read_text(encoding="utf-8")
    assert sorted(path.name for path in project.iterdir() if path.name.startswith("build")) == ["build", "build.spare"]
