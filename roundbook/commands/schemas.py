"""`roundbook schemas`: write the JSON Schemas that editors use into schemas/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from roundbook.commands.options import root_option
from roundbook.schema.export import SCHEMA_DIR, render_schemas


@click.command()
@root_option
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
