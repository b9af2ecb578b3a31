"""Problem reports in the three shapes `roundbook validate` prints.

- text: `path:line:col: message` lines for people, then a summary line; a warning (something
  the build says and goes on, such as a figure without a dollar rate) is
  `path:line:col: warning: message`;
- github: GitHub Actions workflow commands (`::error file=…,line=…,col=…::message`), which put
  each problem on the pull request's diff, then the summary line;
- json: one document for tools, described in docs/pages/contribute/checks.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from roundbook.problems import Problem

FORMATS = ("text", "github", "json")
JSON_VERSION = 1


def text_report(problems: list[Problem], summary: str, warnings: Sequence[Problem] = ()) -> list[str]:
    shown = [f"{w.path}:{w.line}:{w.col}: warning: {w.message}" for w in warnings]
    return [str(problem) for problem in problems] + shown + [summary]


def _escape_data(value: str) -> str:
    # What GitHub's runner decodes in a command's message (actions/toolkit, command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    # Property values are also cut at `,` and `:`, so those are escaped too.
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github_annotation(problem: Problem, level: str = "error") -> str:
    properties = f"file={_escape_property(problem.path)},line={problem.line},col={problem.col}"
    return f"::{level} {properties}::{_escape_data(problem.message)}"


def github_report(problems: list[Problem], summary: str, warnings: Sequence[Problem] = ()) -> list[str]:
    return (
        [github_annotation(problem) for problem in problems]
        + [github_annotation(warning, "warning") for warning in warnings]
        + [summary]
    )


def json_report(problems: list[Problem], summary: str, warnings: Sequence[Problem] = ()) -> list[str]:
    document = {
        "version": JSON_VERSION,
        "ok": not problems,
        "problem_count": len(problems),
        "files_with_problems": len({problem.path for problem in problems}),
        "problems": [{"path": p.path, "line": p.line, "col": p.col, "message": p.message} for p in problems],
        "summary": summary,
    }
    if warnings:  # added in a way that leaves every document without warnings as it was
        document["warnings"] = [{"path": w.path, "line": w.line, "col": w.col, "message": w.message} for w in warnings]
    return [json.dumps(document, indent=2, ensure_ascii=False)]


RENDERERS = {"text": text_report, "github": github_report, "json": json_report}


def render_report(
    output_format: str, problems: list[Problem], summary: str, warnings: Sequence[Problem] = ()
) -> list[str]:
    """The lines to print: `problems` and `warnings` already sorted, `summary` the closing sentence."""
    return RENDERERS[output_format](problems, summary, warnings)
