"""`roundbook schemas`: write the JSON Schemas that editors use into schemas/."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from roundbook.commands.options import root_option
from roundbook.edit.files import SymbolicLinkRefused, refuse_symbolic_links, write_text
from roundbook.schema.export import SCHEMA_DIR, render_schemas


@click.command()
@root_option
@click.option("--check", is_flag=True, help="Only report whether the files are up to date; exit 1 if not.")
def schemas(root: Path, check: bool) -> None:
    """Write the JSON Schemas of the content format into schemas/, for editors and other tools."""
    stale = {}
    for name, text in render_schemas().items():
        shown = f"{SCHEMA_DIR}/{name}"
        path = root / shown
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        stale[shown] = text
    if not check:
        try:
            for shown in stale:  # all checked before any is written
                refuse_symbolic_links(root, shown)
            for shown, text in stale.items():
                write_text(root, shown, text)
        except SymbolicLinkRefused as error:
            raise click.ClickException(f"{error}; nothing was written") from None
    for shown in stale:
        click.echo(f"{'out of date' if check else 'wrote'}: {shown}")
    if check and stale:
        sys.exit(1)
