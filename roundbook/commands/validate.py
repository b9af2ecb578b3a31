"""`roundbook validate`: the checks `mkdocs build` runs, without building."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from roundbook.commands.options import Selection, paths_argument, project_options, select
from roundbook.load import load_content
from roundbook.problems import summary_line
from roundbook.reporting import FORMATS, render_report
from roundbook.text import counted
from roundbook.validate import CheckedContent
from roundbook.validate import validate as check


def _summary(checked: CheckedContent, selection: Selection, files: list[str], reported: int) -> str:
    problems = checked.problems.sorted()
    if reported:
        return summary_line(reported, len({p.path for p in problems if p.path in selection}))
    if selection.everything:
        return (
            f"{len(checked.organizations)} organizations, {len(checked.people)} people and "
            f"{len(checked.rounds)} rounds: no problems."
        )
    elsewhere = len(problems)
    note = (
        f" ({counted(elsewhere, 'problem')} in other files; run `roundbook validate` without paths to list them)"
        if elsewhere
        else ""
    )
    return f"{counted(len(files), 'file')} checked: no problems{note}."


@click.command()
@project_options
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text: path:line:col: message. github: GitHub Actions annotations. json: one document for tools.",
)
@paths_argument
def validate(root: Path, content_dir: str, output_format: str, paths: tuple[Path, ...]) -> None:
    """Check the content and report every problem at once; exit 1 if there is any.

    PATHS (files or folders under the content folder) limit which files' problems are
    reported; references between files are still checked against all the content.
    """
    selection = select(root, content_dir, paths)
    loaded = load_content(root, content_dir)
    checked = check(loaded)
    problems = [problem for problem in checked.problems.sorted() if problem.path in selection]
    files = selection.of(loaded.paths() + [p.path for p in checked.problems.items])
    if paths and not files:
        raise click.BadParameter(
            "no content files there; content files are the .yml files in "
            "companies/, people/, rounds/ and reference/, the pages in pages/ and home.md",
            param_hint="'[PATHS]...'",
        )
    warnings = [warning for warning in checked.warnings.sorted() if warning.path in selection]
    summary = _summary(checked, selection, files, len(problems))
    if warnings:  # they stop nothing: the exit status stays that of the problems
        summary += f" {counted(len(warnings), 'warning')}: the build goes on."
    for line in render_report(output_format, problems, summary, warnings):
        click.echo(line)
    if problems:
        sys.exit(1)
