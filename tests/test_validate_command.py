"""`roundbook validate` for people, for GitHub Actions and for tools, on all files or some."""

from __future__ import annotations

import json

import pytest

from conftest import roundbook
from roundbook.problems import Problem
from roundbook.reporting import github_annotation
from test_cli import EXPECTED, THREE_MISTAKES

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

MISTAKES = "content/rounds/acme-robotics/2024-02-mistakes.yml"


def test_github_format_prints_one_annotation_per_problem_then_the_summary(project):
    (project / MISTAKES).write_text(THREE_MISTAKES)
    result = roundbook(["validate", "--format", "github"], project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"::error file={MISTAKES},line=1,col=12::'announced': '2024-02-30' is not a day of the calendar",
        f"::error file={MISTAKES},line=3,col=1::duplicate key 'stage' (first written on line 2)",
        f"::error file={MISTAKES},line=4,col=8::unknown investor 'alibab'",
        "3 problems in 1 file.",
    ]
    assert result.stderr == ""


def test_github_format_escapes_what_the_runner_would_cut(project):
    comma = "content/rounds/acme-robotics/2024-02,a.yml"
    (project / comma).write_text(THREE_MISTAKES.replace("stage: series-a\n", "").replace("2024-02-30", "2024-02"))
    result = roundbook(["validate", "--format", "github"], project)
    assert result.stdout.splitlines()[0] == (
        "::error file=content/rounds/acme-robotics/2024-02%2Ca.yml,line=1,col=1::"
        "file name '2024-02,a' is not a valid slug: use lowercase a-z, 0-9 and single hyphens"
    )


def test_github_annotation_escapes_percent_and_line_breaks():
    problem = Problem("content/a:b.yml", 2, 3, "100% sure\r\nsecond line")
    assert github_annotation(problem) == "::error file=content/a%3Ab.yml,line=2,col=3::100%25 sure%0D%0Asecond line"


def test_github_format_on_clean_content_prints_the_summary_only(project):
    result = roundbook(["validate", "--format", "github"], project)
    assert result.returncode == 0
    assert result.stdout == "4 organizations, 1 people and 3 rounds: no problems.\n"


def test_json_format_is_one_document(project):
    (project / MISTAKES).write_text(THREE_MISTAKES)
    result = roundbook(["validate", "--format", "json"], project)
    assert result.returncode == 1
    document = json.loads(result.stdout)
    assert document == {
        "version": 1,
        "ok": False,
        "problem_count": 3,
        "files_with_problems": 1,
        "problems": [
            {"path": MISTAKES, "line": line, "col": col, "message": message}
            for (line, col, message) in [
                (int(e.split(":")[1]), int(e.split(":")[2]), e.split(": ", 1)[1]) for e in EXPECTED
            ]
        ],
        "summary": "3 problems in 1 file.",
    }


def test_json_format_on_clean_content(project):
    document = json.loads(roundbook(["validate", "--format", "json"], project).stdout)
    assert document["ok"] is True and document["problems"] == [] and document["problem_count"] == 0


def test_paths_limit_the_report_but_references_are_checked_against_everything(project):
    (project / MISTAKES).write_text(THREE_MISTAKES)
    (project / "content/companies/alibab.yml").write_text("name: Alibab\nkind: startup\nsummary:\n")
    result = roundbook(["validate", MISTAKES], project)
    assert result.returncode == 1
    # 'alibab' now exists, so the round's reference is fine; the company file's own problems are not listed
    assert result.stdout.splitlines() == [*EXPECTED[:2], "2 problems in 1 file."]


def test_paths_check_only_their_files(project):
    (project / MISTAKES).write_text(THREE_MISTAKES)
    result = roundbook(["validate", "content/companies", "content/people/jane-roe.yml"], project)
    assert (result.returncode, result.stdout) == (0, "5 files checked: no problems.\n")
    result = roundbook(["validate", "content/people"], project)
    assert (result.returncode, result.stdout) == (0, "1 file checked: no problems.\n")


def test_a_path_reports_the_problems_it_causes_in_other_files(project):
    # A person given the slug of a company: the problem stands in the file read second (people/),
    # yet it is the new company file's doing as much, so checking the company reports it.
    (project / "content/people/beta-labs.yml").write_text(
        (project / "content/people/jane-roe.yml").read_text().replace("Jane Roe", "Beta Labs")
    )
    expected = [
        "content/people/beta-labs.yml:1:1: slug 'beta-labs' is already used by content/companies/beta-labs.yml",
        "1 problem in 1 file.",
    ]
    for path in ("content/companies/beta-labs.yml", "content/people/beta-labs.yml"):
        result = roundbook(["validate", path], project)
        assert (result.returncode, result.stdout.splitlines()) == (1, expected)
    # A round announced before its company was founded: the company's founding date is the cause.
    company = project / "content/companies/acme-robotics.yml"
    company.write_text(company.read_text().replace("founded: 2020-05", "founded: 2024-05"))
    result = roundbook(["validate", "content/companies/acme-robotics.yml"], project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/companies/acme-robotics.yml:19:15: launched 2021-02, before the organization was founded (2024-05)",
        "content/rounds/acme-robotics/2021-seed.yml:1:12: announced 2021, before acme-robotics was founded (2024-05)",
        "content/rounds/acme-robotics/2024-03-series-b.yml:1:12: "
        "announced 2024-03-12, before acme-robotics was founded (2024-05)",
        "3 problems in 3 files.",
    ]


def test_paths_outside_the_content_are_usage_errors(project):
    result = roundbook(["validate", "mkdocs.yml"], project)
    assert result.returncode == 2
    assert (
        result.stderr.splitlines()[-1]
        == "Error: Invalid value for '[PATHS]...': 'mkdocs.yml' is not in the content folder (content/)"
    )
    (project / "content/pages/guides").mkdir()
    result = roundbook(["validate", "content/pages/guides"], project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '[PATHS]...': no content files there; content files are the .yml files in "
        "companies/, people/, rounds/ and reference/, the pages in pages/ and home.md"
    )
    result = roundbook(["validate", "content/nowhere.yml"], project)
    assert result.returncode == 2
    assert (
        result.stderr.splitlines()[-1]
        == "Error: Invalid value for '[PATHS]...': Path 'content/nowhere.yml' does not exist."
    )
    assert "Traceback" not in result.stderr


def test_unknown_format_is_a_usage_error(project):
    result = roundbook(["validate", "--format", "xml"], project)
    assert result.returncode == 2
    assert (
        result.stderr.splitlines()[-1]
        == "Error: Invalid value for '--format': 'xml' is not one of 'text', 'github', 'json'."
    )


def test_pages_and_the_home_text_can_be_validated_by_path(project):
    (project / "content/pages/broken.md").write_text("---\ntemplate: main.html\n---\n# Broken\n", encoding="utf-8")
    result = roundbook(["validate", "content/pages/about.md", "content/home.md"], project)
    assert (result.returncode, result.stdout) == (0, "2 files checked: no problems.\n")
    result = roundbook(["validate", "content/pages"], project)
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [
            "content/pages/broken.md:2:1: unknown field 'template'; expected one of: title, description, hide",
            "1 problem in 1 file.",
        ],
    )
