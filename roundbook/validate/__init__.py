"""Validate: check every file against its kind, then the references between files.

Every problem is collected; the caller reports them all at once and builds nothing when any
was found.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from roundbook.load import LoadedContent
from roundbook.problems import Problems
from roundbook.schema.fields import INVALID, CheckContext
from roundbook.schema.kinds import KINDS
from roundbook.schema.values import Record
from roundbook.validate.pages import CheckedPages, check_pages
from roundbook.validate.references import check_references


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


def validate(loaded: LoadedContent, today: dt.date | None = None) -> CheckedContent:
    checked = CheckedContent()
    checked.problems.extend(loaded.problems)
    ctx = CheckContext(checked.problems, today or dt.date.today())
    for content_file in loaded.files:
        if content_file.tree is None:
            continue  # its reading problems are already reported
        record = KINDS[content_file.kind].check(content_file.tree, ctx, content_file.path)
        if record is INVALID:
            continue
        entry = CheckedFile(content_file.kind, content_file.path, content_file.slug, record, content_file.company)
        if entry.kind == "organization":
            checked.organizations[entry.slug] = entry
        elif entry.kind == "person":
            checked.people[entry.slug] = entry
        elif entry.kind == "round":
            checked.rounds.append(entry)
        elif entry.kind == "sectors":
            checked.sectors = entry
        else:
            checked.currency_rates = entry
    check_references(loaded, checked, ctx, checked.warnings)
    checked.pages = check_pages(loaded.pages, ctx)
    return checked
