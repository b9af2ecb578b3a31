"""What `roundbook new` checks in its options before it writes anything.

Each value goes through the same field type the validator uses, so an option is refused for
exactly the reasons a file would be, with the option's name instead of the field's.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import overload

import click

from roundbook.load.yaml_nodes import Mapping, Scalar, read_yaml
from roundbook.problems import Mark, Problems
from roundbook.schema.fields import INVALID, CheckContext, Field, ListType, suggestion
from roundbook.schema.kinds import AMOUNT, VALUATION
from roundbook.schema.stages import stage_and_extension, stage_hint


@overload
def checked(option: str, spec: Field, value: str) -> str: ...
@overload
def checked(option: str, spec: Field, value: None) -> None: ...
@overload
def checked(option: str, spec: Field, value: str | None) -> str | None: ...
def checked(option: str, spec: Field, value: str | None) -> str | None:
    """`value` as given, or a usage error (exit 2) saying what is wrong with it."""
    if value is None:
        return None
    field_type = spec.type.item if isinstance(spec.type, ListType) else spec.type
    problems = Problems()
    node = Scalar(Mark("-", 1, 1), value, value, quoted=True)
    if field_type.check(node, CheckContext(problems, dt.date.today()), spec.name) is INVALID:
        raise click.BadParameter(problems.items[0].message, param_hint=f"'{option}'")
    return value


def stage_option(text: str) -> tuple[str, bool]:
    """`--stage` as people write it (`Series A`, `series a`, `A`, `Series B+`): the stage's slug and
    whether it names an extension, or a usage error (exit 2) saying what to write."""
    found = stage_and_extension(text)
    if found is None:
        raise click.BadParameter(f"unknown stage '{text}'{stage_hint(text)}", param_hint="'--stage'")
    return found


def checked_all(option: str, spec: Field, values: tuple[str, ...]) -> list[str]:
    return [checked(option, spec, value) for value in values]


def money(
    option: str, text: str | None, precision: str | None, currency: str | None, basis: str | None = None
) -> dict | str | None:
    """An amount or valuation from `--amount 1B`, `--amount 3.5B-5B` (a range) or `undisclosed`."""
    kind = AMOUNT if option == "--amount" else VALUATION
    if text is None:
        if precision:
            raise click.UsageError(f"{option}-precision needs {option}")
        if basis:
            raise click.UsageError(f"--basis needs {option}")
        return None
    if text == "undisclosed":
        return "undisclosed"
    if currency is None:
        raise click.UsageError(f"{option} needs --currency, such as --currency USD")
    figure: dict = {"currency": checked("--currency", kind.by_name["currency"], currency)}
    value_field = kind.by_name["value"]
    if "-" in text:
        low, high = text.split("-", 1)
        if precision not in (None, "range"):
            raise click.UsageError(f"{option} {text} is a range: leave out {option}-precision, or make it range")
        figure.update(precision="range", min=checked(option, value_field, low), max=checked(option, value_field, high))
    elif precision == "range":
        raise click.UsageError(f"a range is written MIN-MAX, such as {option} 3.5B-5B")
    else:
        figure.update(value=checked(option, value_field, text), precision=precision)
    if basis:
        figure["basis"] = basis
    return figure


def profile_slugs(content: Path, folder: str) -> list[str]:
    return sorted(path.stem for path in (content / folder).glob("*.yml"))


def require_known(what: str, slug: str, known: list[str], hint: str) -> None:
    """Refuse (exit 1) a reference to a profile or sector that does not exist."""
    if slug not in known:
        close = suggestion(slug, known)
        raise click.ClickException(f"unknown {what} '{slug}'{close}{' ' if close else '. '}{hint}")


def sector_slugs(content: Path) -> list[str] | None:
    """The sector table's slugs, or None when it cannot be read (validate says why)."""
    path = content / "reference" / "sectors.yml"
    if not path.is_file():
        return None
    tree = read_yaml("sectors.yml", path.read_bytes(), Problems())
    sectors = tree.get("sectors") if tree is not None else None
    return list(sectors.entries) if isinstance(sectors, Mapping) else None
