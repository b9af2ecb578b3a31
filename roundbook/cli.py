"""The `roundbook` command: one group, with each subcommand in its own module under commands/."""

from __future__ import annotations

import click

NAMES = ("check-links", "fmt", "import", "init", "new", "rates", "schemas", "validate")


def _subcommand(name: str) -> click.Command:
    """The subcommand's module is imported only when it runs (or `--help` lists them all): the
    importers and the link checker need libraries that `roundbook validate`, run before each
    commit, does without (about 0.1 s of CPU time before it reads a file)."""
    if name == "check-links":
        from roundbook.commands.check_links import check_links

        return check_links
    if name == "fmt":
        from roundbook.commands.fmt import fmt

        return fmt
    if name == "import":
        from roundbook.commands.import_ import import_

        return import_
    if name == "init":
        from roundbook.commands.init import init

        return init
    if name == "new":
        from roundbook.commands.new import new

        return new
    if name == "rates":
        from roundbook.commands.rates import rates

        return rates
    if name == "schemas":
        from roundbook.commands.schemas import schemas

        return schemas
    from roundbook.commands.validate import validate

    return validate


class Subcommands(click.Group):
    """A group whose subcommands are imported on demand (click's lazy loading pattern)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *NAMES})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in NAMES:
            return _subcommand(cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=Subcommands)
@click.version_option(package_name="roundbook")
def main() -> None:
    """Roundbook: YAML records of companies, people and funding rounds, checked and published."""
