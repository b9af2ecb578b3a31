"""`roundbook validate`: the checks `mkdocs build` runs, without building."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from roundbook.commands.options import Selection, paths_argument, project_options, select
from roundbook.problems import summary_line
from roundbook.reporting import FORMATS, render_report
from roundbook.text import counted
from roundbook.validate.indexed import Focus, Outcome, check_files


def _summary(outcome: Outcome, selection: Selection, files: list[str]) -> str:
    problems = outcome.problems
    if problems:
        summary = summary_line(len(problems), len({problem.path for problem in problems}))
    elif selection.everything:
        summary = (
            f"{outcome.organizations} organizations, {outcome.people} people and {outcome.rounds} rounds: no problems."
        )
    else:
        summary = f"{counted(len(files), 'file')} checked: no problems."
    if outcome.warnings:  # they stop nothing: the exit status stays that of the problems
        summary += f" {counted(len(outcome.warnings), 'warning')}: the build goes on."
    return summary


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
@click.option(
    "--then-all",
    is_flag=True,
    help="Check PATHS first, then all the content if they have no problems (the pre-commit hook, the pull request's check).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every file afresh, and keep nothing in .roundbook-cache/ (the answer is the same).",
)
@paths_argument
def validate(
    root: Path, content_dir: str, output_format: str, then_all: bool, no_cache: bool, paths: tuple[Path, ...]
) -> None:
    """Check the content and report every problem at once; exit 1 if there is any.

    PATHS (files or folders under the content folder) check just those files, against every
    profile and the reference tables, and report their problems and the problems they cause in
    other files (a slug taken twice, a round dated before its company's founding); other files
    are not checked. Files that did not change since the last run are not read again
    (.roundbook-cache/).
    """
    selection = select(root, content_dir, paths)
    focus = None if selection.everything else Focus(selection.files, selection.folders)
    outcome = check_files(root, content_dir, focus, cache=not no_cache)
    files = selection.of(outcome.paths + [problem.path for problem in outcome.problems])
    if paths and not files:
        raise click.BadParameter(
            "no content files there; content files are the .yml files in "
            "companies/, people/, rounds/ and reference/, the pages in pages/ and home.md",
            param_hint="'[PATHS]...'",
        )
    summary = _summary(outcome, selection, files)
    if then_all and focus is not None:
        if outcome.problems:
            summary += " The other files were not checked."
        else:  # the files given are fine: now everything, for what they may have broken elsewhere
            selection = Selection()
            outcome = check_files(root, content_dir, None, cache=not no_cache)
            summary = _summary(outcome, selection, [])
    for line in render_report(output_format, outcome.problems, summary, outcome.warnings):
        click.echo(line)
    if outcome.problems:
        sys.exit(1)
