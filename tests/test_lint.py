"""The code's own checks, in `make test` and so in CI: ruff (lint and format), mypy and vulture, each
from the venv, at the versions pinned in requirements/test.lock, configured in pyproject.toml. The
pre-commit hooks (.pre-commit-config.yaml) run the same commands."""

from __future__ import annotations

import os
import subprocess

from conftest import BIN, REPO

# Python code the checks read; tests/vendor and roundbook/vendor are excluded in pyproject.toml.
PYTHON_CODE = ["roundbook", "tests", "benchmarks", "docs/hooks"]


def run(*command: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.run(
        [str(BIN / command[0]), *command[1:]], cwd=REPO, capture_output=True, text=True, env=env, timeout=600
    )


def passes(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, f"{' '.join(result.args)}\n{result.stdout}{result.stderr}"


def test_ruff_finds_nothing():
    passes(run("ruff", "check", "--no-cache", *PYTHON_CODE))


def test_the_code_is_formatted_as_ruff_formats_it():
    passes(run("ruff", "format", "--check", "--no-cache", *PYTHON_CODE))


def test_mypy_finds_no_type_error():
    passes(run("mypy", "--no-incremental", "--cache-dir", os.devnull))  # [tool.mypy] names the files


def test_vulture_finds_no_dead_code():
    passes(run("vulture"))  # [tool.vulture] names the paths and the whitelist
