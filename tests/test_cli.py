"""The `roundbook` command: exact output and exit status, as a contributor sees them."""

from __future__ import annotations

import pytest

from conftest import REPO, roundbook

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

THREE_MISTAKES = """\
announced: 2024-02-30
stage: seed
stage: series-a
lead: [alibab]
sources:
  - id: news
    url: https://news.example/x
    publisher: Example News
"""

EXPECTED = [
    "content/rounds/acme-robotics/2024-02-mistakes.yml:1:12: 'announced': '2024-02-30' is not a day of the calendar",
    "content/rounds/acme-robotics/2024-02-mistakes.yml:3:1: duplicate key 'stage' (first written on line 2)",
    "content/rounds/acme-robotics/2024-02-mistakes.yml:4:8: unknown investor 'alibab'",
]


def test_validate_passes_on_data_without_problems(project):
    result = roundbook(["validate"], project)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "4 organizations, 1 people and 3 rounds: no problems.\n",
        "",
    )


def test_validate_prints_every_problem_then_a_summary(project):
    (project / "content/rounds/acme-robotics/2024-02-mistakes.yml").write_text(THREE_MISTAKES)
    result = roundbook(["validate"], project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [*EXPECTED, "3 problems in 1 file."]
    assert result.stderr == ""


def test_validate_suggests_the_slug_that_was_meant(project):
    (project / "content/rounds/acme-robotics/2024-02-mistakes.yml").write_text(
        THREE_MISTAKES.replace("alibab", "delta-grop")
    )
    result = roundbook(["validate"], project)
    assert "4:8: unknown investor 'delta-grop'; did you mean 'delta-group'?" in result.stdout


def test_errors_never_show_a_traceback(tmp_path):
    result = roundbook(["validate", "--root", str(tmp_path)], REPO)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[0] == "content:1:1: the content folder does not exist"


def test_help_lists_the_commands():
    result = roundbook(["--help"], REPO)
    assert result.returncode == 0
    assert "validate" in result.stdout and "schemas" in result.stdout
