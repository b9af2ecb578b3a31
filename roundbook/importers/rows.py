"""What an importer reads from one row, before it is matched against the content.

Both importers turn their tables into these; the plan (plan.py) does the rest the same way
for both. Every value keeps the mark (file, row, column) of the cell it came from, so a
problem found later still points at that cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TypeGuard

from roundbook.importers.dates import parse_date
from roundbook.importers.money import CellError, Figure
from roundbook.problems import Mark, Problem


@dataclass
class Entity:
    """A company or investor named in the input, before it is matched to a profile."""

    name: str
    mark: Mark
    person: bool = False  # the input says it is a person
    kind: str | None = None  # organization kind, when the input says
    identity: str | None = None  # a URL naming it alone (its Crunchbase page): found again on the next run
    key: str | None = None  # the input's own id (a Crunchbase uuid), to tell namesakes apart
    # Profile fields the input gives: name -> (value, mark). Only what the input says.
    details: dict[str, tuple[object, Mark]] = field(default_factory=dict)
    source: dict | None = None  # its own page, to cite in a new profile; else the row's source


@dataclass
class RoundRow:
    """One row of input: a funding round, or the reason it is not one."""

    mark: Mark  # the row, column 1
    company: Entity | None = None
    announced: str | None = None
    stage: str | None = None
    extension: bool = False
    amount: object = None  # a money.Figure, "undisclosed" or None
    valuation: object = None
    leads: list[Entity] = field(default_factory=list)
    participants: list[Entity] = field(default_factory=list)
    notes: str | None = None
    source: dict | None = None
    own_source: bool = True  # False for the mapping file's one source: shared by every row, it tells no round apart
    disputed: bool = False  # a figure of the row is marked disputed
    said: dict[str, str] = field(default_factory=dict)  # amount/valuation -> rumoured, unconfirmed, reported, …
    conversions: dict[str, Figure] = field(default_factory=dict)  # amount/valuation -> the sheet's own USD Figure
    # Where each field of the round came from, for problems the validator finds later.
    marks: dict[str, Mark] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    skip: Problem | None = None  # why the row is not imported, at the cell that says so
    notices: list[Problem] = field(default_factory=list)  # worth a look, not a reason to stop
    lost_leads: list[Problem] = field(default_factory=list)  # lead flags no investor name could carry

    def problem(self, mark: Mark, message: str) -> None:
        self.problems.append(mark.problem(message))

    def skipped(self, mark: Mark, message: str) -> None:
        if self.skip is None:
            self.skip = mark.problem(message)

    def notice(self, mark: Mark, message: str) -> None:
        self.notices.append(mark.problem(message))

    def read_announced(self, text: str, mark: Mark, today: dt.date) -> None:
        """The announcement date from its cell, or a problem at that cell; either way, where it came from."""
        try:
            self.announced = parse_date(text, today)
        except CellError as error:
            self.problem(mark, str(error))
        self.marks["announced"] = mark

    @property
    def path(self) -> str:
        return self.mark.path

    @property
    def number(self) -> int:
        return self.mark.line


class ReadyRow(RoundRow):
    """A row that `is_ready` has checked: the type it narrows to, never made as such."""

    company: Entity
    announced: str
    stage: str
    source: dict


def is_ready(row: RoundRow) -> TypeGuard[ReadyRow]:
    """Whether the row has what every round needs. Both readers (crunchbase.py, spreadsheet.py) set it,
    or give the row a problem or a reason to skip it."""
    return row.company is not None and row.announced is not None and row.stage is not None and row.source is not None
