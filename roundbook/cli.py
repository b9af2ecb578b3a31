"""The `roundbook` command: the same checks as `mkdocs build`, without building."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from roundbook.pipeline import check_content
from roundbook.problems import report
from roundbook.schema.export import SCHEMA_DIR, render_schemas


@click.group()
@click.version_option(package_name="roundbook")
def main() -> None:
    """Roundbook: YAML records of companies, people and funding rounds, checked and published."""


@main.command()
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), default=".",
              show_default=True, help="The project folder, the one that holds mkdocs.yml.")
@click.option("--content", "content_dir", default="content", show_default=True,
              help="The content folder, relative to the project folder.")
def validate(root: Path, content_dir: str) -> None:
    """Check every content file and report every problem as path:line:col: message."""
    checked = check_content(root, content_dir)
    if checked.problems:
        for line in report(checked.problems):
            click.echo(line)
        sys.exit(1)
    click.echo(f"{len(checked.organizations)} organizations, {len(checked.people)} people and "
               f"{len(checked.rounds)} rounds: no problems.")


@main.command()
@click.option("--root", type=click.Path(file_okay=False, exists=True, path_type=Path), default=".",
              show_default=True, help="The project folder, the one that holds mkdocs.yml.")
@click.option("--check", is_flag=True, help="Only report whether the files are up to date; exit 1 if not.")
def schemas(root: Path, check: bool) -> None:
    """Write the JSON Schemas of the content format into schemas/, for editors and other tools."""
    stale = []
    for name, text in render_schemas().items():
        path = root / SCHEMA_DIR / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        click.echo(f"{'out of date' if check else 'wrote'}: {path.relative_to(root).as_posix()}")
    if check and stale:
        sys.exit(1)
