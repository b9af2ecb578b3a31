"""`roundbook rates update [--from FILE]`: rewrite the currency-rate table from the ECB's history.

Without --from it downloads the history from the ECB; with it, it reads a saved copy (the zip
or the CSV in it). The same file always gives the same table, byte for byte: the table records
the date of the last rates and the file's SHA-256, never the day the command ran.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from roundbook.commands.options import project_options
from roundbook.edit.files import SymbolicLinkRefused, write_text
from roundbook.problems import Problems, report
from roundbook.rates.download import ECB_HISTORY_URL, DownloadFailed, download
from roundbook.rates.ecb_history import monthly_rates, read_history
from roundbook.rates.table_text import table_text

TABLE = "reference/currency-rates.yml"


@click.group()
def rates() -> None:
    """The currency-rate table that converts figures to US dollars."""


@rates.command()
@click.option(
    "--from",
    "from_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A saved copy of the ECB's eurofxref-hist.zip or eurofxref-hist.csv, instead of downloading it.",
)
@click.option(
    "--url", default=ECB_HISTORY_URL, show_default=True, help="Where to download the history from, without --from."
)
@project_options
def update(from_file: Path | None, url: str, root: Path, content_dir: str) -> None:
    """Rewrite content/reference/currency-rates.yml from the ECB's euro reference-rate history:
    every currency the ECB has published, from its first month, one line per month."""
    if from_file is not None:
        shown = from_file.as_posix()
        try:
            data = from_file.read_bytes()
        except OSError as error:
            raise click.ClickException(f"cannot read {shown}: {error.strerror}; the table was not changed") from None
    else:
        shown = url
        try:
            data = download(url)
        except DownloadFailed as reason:
            raise click.ClickException(
                f"cannot download {url}: {reason}; the table was not changed. Download the file where there is a "
                "network and give it with --from FILE"
            ) from None
    problems = Problems()
    history = read_history(data, shown, problems)
    if history is None:
        *lines, summary = report(problems)
        for line in lines:
            click.echo(line)
        click.echo(f"{summary[:-1]}. The table was not changed.")
        sys.exit(1)
    table = monthly_rates(history)
    target = f"{content_dir}/{TABLE}"
    try:
        write_text(root, target, table_text(history, table))
    except SymbolicLinkRefused as error:
        raise click.ClickException(f"{error}; the table was not changed") from None
    except OSError as error:
        raise click.ClickException(
            f"cannot write {error.filename}: {error.strerror}; the table was not changed"
        ) from None
    months = sum(len(by_month) for by_month in table.values())
    click.echo(
        f"Wrote {target}: {len(table)} currencies, {months:,} monthly rates, "
        f"{history.first_day[:7]} to {history.last_day[:7]}."
    )
