"""`roundbook fmt`: rewrite content files in the canonical layout, so diffs stay small."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from roundbook.commands.options import paths_argument, project_options, select
from roundbook.edit.canonical import canonical_text
from roundbook.edit.files import SymbolicLinkRefused, read_text, refuse_symbolic_links, replace_text
from roundbook.load import load_content
from roundbook.problems import Mark, Problems
from roundbook.reserved import reserved_slug
from roundbook.schema.fields import CheckContext
from roundbook.schema.kinds import KINDS
from roundbook.text import counted


def _summary(check: bool, changed: int, unchanged: int, refused: int) -> str:
    parts = []
    if changed:
        parts.append(f"{counted(changed, 'file')} {'would be reformatted' if check else 'reformatted'}")
    if unchanged:
        parts.append(f"{counted(unchanged, 'file')} already formatted")
    if refused:
        parts.append(f"{counted(refused, 'file')} left alone because of the problems above")
    summary = ", ".join(parts) + "."
    if check and changed:
        summary += " Run `roundbook fmt` to reformat."
    return summary[0].upper() + summary[1:]


def _rewrite(root: Path, texts: dict[str, str]) -> None:
    """Replace the files, after checking that none is, or is in, a symbolic link (the content folder
    itself may be one: the loader only looks inside it), so that a refusal leaves every file as it was."""
    try:
        for shown in texts:
            refuse_symbolic_links(root, shown)
    except SymbolicLinkRefused as error:
        raise click.ClickException(f"{error}; nothing was written") from None
    written = 0
    try:
        for shown, text in texts.items():
            replace_text(root, shown, text)
            written += 1
    except SymbolicLinkRefused as error:  # planted after the check: the files before it are written
        raise click.ClickException(f"{error}; {counted(written, 'file')} reformatted before it") from None


@click.command()
@project_options
@click.option(
    "--check", is_flag=True, help="Change nothing: list the files that would change, and exit 1 if there is any."
)
@paths_argument
def fmt(root: Path, content_dir: str, check: bool, paths: tuple[Path, ...]) -> None:
    """Rewrite content files in the canonical layout, keeping comments.

    Fields go in the order the format lists them (the order of the format reference and of the schemas), with the same
    indentation everywhere and the editor modeline first. A file with problems of its own (YAML
    it cannot read, a misspelt field, a wrong value) is reported and left as it is. PATHS (files
    or folders under the content folder) limit it to those files.
    """
    selection = select(root, content_dir, paths)
    loaded = load_content(root, content_dir)
    if loaded.links:  # the content is not read at all while it holds one: there is nothing to format
        raise click.ClickException(
            f"{SymbolicLinkRefused(*loaded.links)}; nothing was {'checked' if check else 'written'}"
        )
    files = [f for f in loaded.files if f.path in selection]
    if paths and not files:
        raise click.BadParameter(
            "no content files there; content files are the .yml files in companies/, people/, rounds/ and reference/",
            param_hint="'[PATHS]...'",
        )
    reading = {p.path for p in loaded.problems.items}
    problems = Problems()
    problems.extend([p for p in loaded.problems.items if p.path in {f.path for f in files}])
    ctx = CheckContext(problems, dt.date.today())
    changed: dict[str, str] = {}  # path -> its text in the canonical layout
    unchanged = refused = 0
    for content_file in files:
        before = len(problems)
        if content_file.kind in ("organization", "person") and (reserved := reserved_slug(content_file.slug)):
            problems.add(Mark(content_file.path, 1, 1), f"file name {reserved}")
        if content_file.path not in reading:
            KINDS[content_file.kind].check(content_file.tree, ctx, content_file.path)
        if content_file.path in reading or len(problems) > before:
            refused += 1
            continue
        path = root / content_file.path
        text = read_text(path)
        result = canonical_text(content_file.path, content_file.kind, text.removeprefix("\ufeff"), problems)
        if result is None:
            refused += 1
        elif result == text:
            unchanged += 1
        else:
            changed[content_file.path] = result
    if not check:
        _rewrite(root, changed)
    for problem in problems.sorted():
        click.echo(str(problem))
    for shown in changed:
        click.echo(f"{'would reformat' if check else 'reformatted'}: {shown}")
    click.echo(_summary(check, len(changed), unchanged, refused))
    if refused or (check and changed):
        sys.exit(1)
