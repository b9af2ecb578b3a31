"""The pre-commit hooks, run by the real pre-commit tool on a throwaway clone of the project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import BIN, REPO, make_project, roundbook
from test_cli import THREE_MISTAKES

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

VENV = Path(sys.executable).parent.parent


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A project with the fixture dataset, in the canonical layout that the fmt hook checks."""
    project = make_project(tmp_path / "project")
    assert roundbook(["fmt"], project).returncode == 0
    shutil.copy(REPO / ".pre-commit-config.yaml", project)
    (project / ".venv").symlink_to(VENV)  # the hooks call .venv/bin/roundbook, as in a real clone
    subprocess.run(["git", "init", "--quiet"], cwd=project, check=True)
    return project


def pre_commit(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(project.parent / "pre-commit-home"), "NO_COLOR": "1"}
    subprocess.run(["git", "add", "--all"], cwd=project, check=True)
    return subprocess.run(
        [str(BIN / "pre-commit"), *args], cwd=project, capture_output=True, text=True, env=env, timeout=300
    )


def test_the_configuration_is_valid(clone):
    result = pre_commit(clone, "validate-config", ".pre-commit-config.yaml")
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_both_hooks_pass_on_data_without_problems(clone):
    result = pre_commit(clone, "run", "--all-files", "--color", "never")
    assert result.returncode == 0, result.stdout
    # The hooks for Roundbook's own code (tests/test_lint.py runs their checks) find none in a site.
    assert [re.sub(r"\.{3,}", " ", line) for line in result.stdout.splitlines()] == [
        "roundbook validate Passed",
        "roundbook fmt --check Passed",
        "ruff check (no files to check)Skipped",
        "ruff format --check (no files to check)Skipped",
        "mypy (no files to check)Skipped",
        "vulture (no files to check)Skipped",
    ]


def test_the_hooks_stop_a_commit_with_problems_and_name_them(clone):
    (clone / "content/rounds/acme-robotics/2024-02-mistakes.yml").write_text(
        THREE_MISTAKES.replace("alibab", "delta-group")
    )
    shuffled = clone / "content/people/jane-roe.yml"
    lines = shuffled.read_text(encoding="utf-8").splitlines(keepends=True)
    shuffled.write_text(lines[0] + lines[2] + lines[1] + "".join(lines[3:]), encoding="utf-8")
    result = pre_commit(clone, "run", "--all-files", "--color", "never")
    assert result.returncode == 1
    output = result.stdout.splitlines()
    assert (
        "content/rounds/acme-robotics/2024-02-mistakes.yml:3:1: duplicate key 'stage' (first written on line 2)"
        in output
    )
    assert "would reformat: content/people/jane-roe.yml" in output
    assert sum(line.endswith("Failed") for line in output) == 2


def test_the_validate_hook_checks_the_staged_files_first_then_everything(clone):
    assert pre_commit(clone, "run", "--all-files").returncode == 0  # the hooks' environments, made once
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm", "base"], cwd=clone)
    broken = clone / "content/rounds/beta-labs/2024-03-seed.yml"
    broken.write_text(broken.read_text().replace("stage: seed", "stage: sed"))
    result = pre_commit(clone, "run", "roundbook-validate", "--color", "never")
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if line][-2:] == [
        "content/rounds/beta-labs/2024-03-seed.yml:3:8: unknown stage 'sed'; did you mean 'seed'?",
        "1 problem in 1 file. The other files were not checked.",
    ]
    # Mended, with a profile deleted: no staged file has a problem, so all the content is checked.
    broken.write_text(broken.read_text().replace("stage: sed", "stage: seed"))
    (clone / "content/companies/gamma-ventures.yml").unlink()
    result = pre_commit(clone, "run", "roundbook-validate", "--color", "never")
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if line][-3:] == [
        "content/rounds/acme-robotics/2024-03-series-b.yml:7:16: unknown investor 'gamma-ventures'",
        "content/rounds/beta-labs/2024-03-seed.yml:6:8: unknown investor 'gamma-ventures'",
        "2 problems in 2 files.",
    ]
