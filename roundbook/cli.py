"""The `roundbook` command: one group, with each subcommand in its own module under commands/."""

from __future__ import annotations

import click

from roundbook.commands.check_links import check_links
from roundbook.commands.fmt import fmt
from roundbook.commands.import_ import import_
from roundbook.commands.init import init
from roundbook.commands.new import new
from roundbook.commands.rates import rates
from roundbook.commands.schemas import schemas
from roundbook.commands.validate import validate


@click.group()
@click.version_option(package_name="roundbook")
def main() -> None:
    """Roundbook: YAML records of companies, people and funding rounds, checked and published."""


for command in (init, validate, new, fmt, import_, schemas, check_links, rates):
    main.add_command(command)
