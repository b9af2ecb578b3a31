"""Reproducible builds: two builds of one commit are the same bytes, wherever and whenever they run."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, make_project
from conftest import GIT_ENV as BASE_GIT_ENV

pytestmark = pytest.mark.build  # builds a commit twice

# A fixed date too, so the fixture's commit (and the dates the site shows) never vary.
GIT_ENV = {**BASE_GIT_ENV, "GIT_AUTHOR_DATE": "2024-05-06T12:00:00Z", "GIT_COMMITTER_DATE": "2024-05-06T12:00:00Z"}


def git(args: list[str], cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, env={**os.environ, **GIT_ENV})


def tree_hashes(root: Path) -> dict[str, str]:
    """Every file under root, by its path, with the SHA-256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def build(project: Path, **env: str) -> dict[str, str]:
    result = subprocess.run(
        [str(BIN / "mkdocs"), "build", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return tree_hashes(project / "build")


def test_two_builds_of_one_commit_are_byte_identical(tmp_path):
    first = make_project(tmp_path / "first")
    git(["init", "-q", "-b", "main"], first)
    git(["add", "."], first)
    git(["commit", "-q", "-m", "Fictional test content"], first)
    second = tmp_path / "elsewhere" / "second"
    git(["clone", "-q", str(first), str(second)], tmp_path)
    # Another folder, other file-system order, and a build "day" years away (MkDocs reads the
    # date from SOURCE_DATE_EPOCH when it is set): none of it may reach the site.
    built_first = build(first)
    built_second = build(second, SOURCE_DATE_EPOCH="1900000000")
    assert len(built_first) > 100 and "sitemap.xml.gz" in built_first
    differing = sorted(
        path for path in built_first.keys() | built_second.keys() if built_first.get(path) != built_second.get(path)
    )
    assert differing == []
