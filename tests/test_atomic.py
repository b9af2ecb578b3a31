"""Atomic output: a failed build leaves the previous build/ byte for byte; a good one replaces it whole."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, mkdocs_build
from test_cli import THREE_MISTAKES
from test_reproducible import tree_hashes

# The build day is fixed so that two builds of the same project are comparable byte for byte.
FIXED_DAY = {"SOURCE_DATE_EPOCH": "1714996800", "NO_MKDOCS_2_WARNING": "1"}


def make_site(project: Path) -> subprocess.CompletedProcess:
    """The repository's own `make site` recipe, run in `project` with this test's Python
    (-o: the virtual environment is already set up, do not install it there)."""
    return subprocess.run(["make", "-f", str(REPO / "Makefile"), "-o", ".venv/.installed", "site", f"PY={sys.executable}"],
                          cwd=project, capture_output=True, text=True, env={**os.environ, **FIXED_DAY}, timeout=300)


@pytest.fixture
def built(project: Path) -> dict[str, str]:
    """The project built once into build/; returns the hashes of what it wrote."""
    result = make_site(project)
    assert result.returncode == 0, result.stderr
    hashes = tree_hashes(project / "build")
    assert len(hashes) > 100
    return hashes


def test_bad_content_leaves_the_previous_build_byte_identical(project, built):
    (project / "content/rounds/acme-robotics/2024-02-mistakes.yml").write_text(THREE_MISTAKES)
    result = mkdocs_build(project, project / "build")  # straight into build/: the plugin stops first
    assert result.returncode == 1
    assert tree_hashes(project / "build") == built
    result = make_site(project)
    assert result.returncode != 0
    assert tree_hashes(project / "build") == built


def test_a_build_that_fails_after_writing_leaves_the_previous_build_byte_identical(project, built):
    # A broken link is only a warning until the end of a strict build, after MkDocs has
    # emptied and rewritten its site folder: `make site` builds into build.new for this.
    (project / "content/pages/about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
    result = make_site(project)
    assert result.returncode != 0
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    assert (project / "build.new/about/index.html").is_file()  # MkDocs had written the new site
    assert tree_hashes(project / "build") == built


def test_a_good_build_replaces_the_previous_one_whole(project, built):
    (project / "build/left-over.html").write_text("from an older build")
    (project / "content/pages/about.md").write_text("# About\n\nChanged.\n")
    result = make_site(project)
    assert result.returncode == 0, result.stderr
    now = tree_hashes(project / "build")
    assert "left-over.html" not in now
    assert now["about/index.html"] != built["about/index.html"]
    assert not (project / "build.new").exists()
