"""What validation hands on: the records that passed their own checks, and every problem found.

Its own module so that the checks in roundbook/validate/ can name it without importing the package
that runs them (an import cycle, which tests/test_architecture.py refuses)."""

from __future__ import annotations

from dataclasses import dataclass, field

from roundbook.problems import Problems
from roundbook.schema.values import Record
from roundbook.validate.pages import CheckedPages


@dataclass
class CheckedFile:
    kind: str
    path: str
    slug: str
    record: Record
    company: str | None = None


@dataclass
class CheckedContent:
    """The records that passed their own checks, by kind, plus every problem found."""

    organizations: dict[str, CheckedFile] = field(default_factory=dict)
    people: dict[str, CheckedFile] = field(default_factory=dict)
    rounds: list[CheckedFile] = field(default_factory=list)
    sectors: CheckedFile | None = None
    currency_rates: CheckedFile | None = None
    pages: CheckedPages = field(default_factory=CheckedPages)
    problems: Problems = field(default_factory=Problems)
    # What is worth saying but stops nothing: a figure that gets no dollar equivalent, or the latest rate.
    warnings: Problems = field(default_factory=Problems)
    # The records read and checked now, with the digest of their bytes, when the loader was asked
    # for digests (load_content's `known`): what an incremental build keeps for the next one.
    fresh: list[tuple[CheckedFile, str]] = field(default_factory=list)

    def add(self, entry: CheckedFile) -> None:
        """A record that passed its own checks, in its place by its kind."""
        if entry.kind == "organization":
            self.organizations[entry.slug] = entry
        elif entry.kind == "person":
            self.people[entry.slug] = entry
        elif entry.kind == "round":
            self.rounds.append(entry)
        elif entry.kind == "sectors":
            self.sectors = entry
        else:
            self.currency_rates = entry
