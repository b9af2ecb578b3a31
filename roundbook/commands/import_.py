"""`roundbook import crunchbase DIR` and `roundbook import csv FILE --map MAPPING`.

Both read everything, plan every file, validate the result together with the content, and
only then write, all at once; on any problem they print `path:row:col: message` lines for the
input's cells and write nothing.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from roundbook.commands.options import project_options
from roundbook.edit.files import SymbolicLinkRefused
from roundbook.importers import crunchbase, spreadsheet
from roundbook.importers.plan import Settings
from roundbook.importers.report import import_report, problem_report
from roundbook.importers.run import run_import
from roundbook.load import load_content
from roundbook.problems import Problems
from roundbook.schema.kinds import ORGANIZATION_KINDS
from roundbook.validate import validate

dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Write nothing: list the files it would write, and the report."
)
skip_option = click.option(
    "--skip-bad-rows",
    is_flag=True,
    help="Skip the rows with a problem (each listed with its reason) instead of stopping; import the rest.",
)


def _stop(lines: list[str]) -> None:
    for line in lines:
        click.echo(line)
    sys.exit(1)


def _content(root: Path, content_dir: str, today: dt.date):
    """The content, read and checked; an import into content with problems stops before it starts."""
    loaded = load_content(root, content_dir)
    checked = validate(loaded, today)
    if checked.problems:
        _stop(problem_report(checked.problems.items, in_content=True))
    return loaded, checked


def _import(rows, problems: Problems, loaded, checked, settings: Settings, dry_run: bool, today: dt.date) -> None:
    if rows is None:
        _stop(problem_report(problems.items))
    try:
        result = run_import(rows, loaded, checked, settings, dry_run, today)
    except SymbolicLinkRefused as error:
        raise click.ClickException(f"{error}; nothing was written") from None
    except FileExistsError as error:  # another program wrote it after the content was read
        raise click.ClickException(
            f"{error.filename} appeared while the import ran; nothing was written. Run the import again."
        ) from None
    except OSError as error:
        raise click.ClickException(f"cannot write {error.filename}: {error.strerror}; nothing was written") from None
    if result.problems:
        _stop(problem_report(result.problems))
    for line in import_report(result, dry_run):
        click.echo(line)


@click.group(name="import")
def import_() -> None:
    """Bring rounds in from a Crunchbase export or a spreadsheet, with profiles for their companies and investors."""


@import_.command(name="crunchbase")
@click.argument("folder", metavar="DIR", type=click.Path(exists=True, file_okay=False, path_type=Path))
@project_options
@dry_run_option
@skip_option
@click.option(
    "--company-kind",
    type=click.Choice(list(ORGANIZATION_KINDS)),
    default="startup",
    show_default=True,
    help="The kind of a new company profile; the export does not say.",
)
@click.option(
    "--investor-kind",
    type=click.Choice(list(ORGANIZATION_KINDS)),
    default="investment-firm",
    show_default=True,
    help="The kind of a new investor profile when investors.csv does not say.",
)
def crunchbase_command(
    folder: Path,
    root: Path,
    content_dir: str,
    dry_run: bool,
    skip_bad_rows: bool,
    company_kind: str,
    investor_kind: str,
) -> None:
    """Import funding_rounds.csv from a Crunchbase export in DIR, with investments.csv, investors.csv
    and organizations.csv when they are there."""
    today = dt.date.today()
    loaded, checked = _content(root, content_dir, today)
    problems = Problems()
    rows = crunchbase.read_rows(folder, checked, today, problems)
    settings = Settings("roundbook import crunchbase", company_kind, investor_kind, skip_bad_rows)
    _import(rows, problems, loaded, checked, settings, dry_run, today)


@import_.command(name="csv")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "mapping_path",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The mapping file (YAML): which column holds what (docs: Run, Import).",
)
@project_options
@dry_run_option
@skip_option
def csv_command(
    file: Path, mapping_path: Path, root: Path, content_dir: str, dry_run: bool, skip_bad_rows: bool
) -> None:
    """Import a spreadsheet saved as CSV, one funding round per row, as the mapping file describes."""
    today = dt.date.today()
    loaded, checked = _content(root, content_dir, today)
    problems = Problems()
    rows, mapping, new_sectors = spreadsheet.read_rows(file, mapping_path, checked, today, problems)
    settings = Settings("roundbook import csv", skip_bad_rows=skip_bad_rows, new_sectors=new_sectors)
    if mapping is not None:
        settings.company_kind, settings.investor_kind = mapping.company_kind, mapping.investor_kind
    _import(rows, problems, loaded, checked, settings, dry_run, today)
