"""Timelines: founding, rounds, product launches and milestones as one dated sequence."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from roundbook.build_caches import forgotten_per_build
from roundbook.model.money import Total
from roundbook.model.records import Dataset, Organization, Round, Source, rounds_total
from roundbook.model.stats import by_year
from roundbook.schema.values import PartialDate

KINDS = {"founded": "Founded", "round": "Funding", "product": "Launch", "milestone": "Milestone"}


@dataclass(eq=False)
class TimelineEntry:
    """One dated event of one organization; `round` is set for funding entries."""

    date: PartialDate
    kind: str  # founded, round, product or milestone
    organization: Organization
    text: str = ""
    round: Round | None = None
    sources: list[Source] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple:
        # Within one date, founding comes first and rounds before launches and milestones.
        return (
            self.date.sort_key,
            list(KINDS).index(self.kind),
            self.organization.slug,
            self.text,
            self.round.id if self.round else "",
        )

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


def company_timeline(organization: Organization) -> list[TimelineEntry]:
    """Everything dated about one organization, oldest first."""
    entries = []
    if organization.founded:
        entries.append(TimelineEntry(organization.founded, "founded", organization, sources=organization.sources))
    entries += [
        TimelineEntry(r.announced, "round", organization, r.title, round=r, sources=r.sources)
        for r in organization.rounds
    ]
    entries += [
        TimelineEntry(p.launched, "product", organization, p.name + " launched", sources=p.sources)
        for p in organization.products
        if p.launched
    ]
    entries += [
        TimelineEntry(m.date, "milestone", organization, m.text, sources=m.sources) for m in organization.milestones
    ]
    return sorted(entries, key=lambda e: e.sort_key)


# The index and every year page ask for the same global timeline: build it once per dataset.
_last_timeline: tuple[Dataset | None, list[TimelineEntry], dict[int, list[TimelineEntry]]] = (None, [], {})


@forgotten_per_build
def _forget_timeline() -> None:
    """It holds its dataset: once the build is over, nothing else may."""
    global _last_timeline
    _last_timeline = (None, [], {})


def _timeline_of(dataset: Dataset) -> tuple[list[TimelineEntry], dict[int, list[TimelineEntry]]]:
    global _last_timeline
    if _last_timeline[0] is not dataset:
        entries = _build_global_timeline(dataset)
        by_year: dict[int, list[TimelineEntry]] = {}
        for entry in entries:
            by_year.setdefault(entry.date.year, []).append(entry)
        _last_timeline = (dataset, entries, by_year)
    return _last_timeline[1], _last_timeline[2]


def global_timeline(dataset: Dataset) -> list[TimelineEntry]:
    """Every round and milestone across the dataset, oldest first."""
    return list(_timeline_of(dataset)[0])


def year_timeline(dataset: Dataset, year: int) -> list[TimelineEntry]:
    """The entries of one year of the global timeline, oldest first."""
    return list(_timeline_of(dataset)[1].get(year, []))


def _build_global_timeline(dataset: Dataset) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(r.announced, "round", r.company, r.title, round=r, sources=r.sources) for r in dataset.rounds
    ]
    for organization in dataset.organizations.values():
        entries += [e for e in company_timeline(organization) if e.kind in ("milestone", "product")]
    return sorted(entries, key=lambda e: e.sort_key)


class EntryTally:
    """What the timeline pages say of a run of `entries`: how many are rounds, how many other events,
    and what the rounds raised."""

    entries: list[TimelineEntry]

    @property
    def rounds(self) -> list[Round]:
        return [entry.round for entry in self.entries if entry.round]

    @property
    def round_count(self) -> int:
        return sum(1 for entry in self.entries if entry.round)

    @property
    def other_count(self) -> int:
        return len(self.entries) - self.round_count

    @property
    def raised(self) -> Total | None:
        return rounds_total(self.rounds)


@dataclass
class YearEntries(EntryTally):
    """The entries of one year of the global timeline, oldest first."""

    year: int
    entries: list[TimelineEntry]

    @property
    def months(self) -> list[MonthGroup]:
        return by_month(self.entries)


def year_entries(dataset: Dataset, year: int) -> YearEntries:
    return YearEntries(year, year_timeline(dataset, year))


@dataclass
class MonthGroup(EntryTally):
    """Entries of one month; `month` is None for entries dated only by the year."""

    year: int
    month: int | None
    entries: list[TimelineEntry]

    @property
    def anchor(self) -> str:
        return f"{self.year}-{self.month:02d}" if self.month else f"{self.year}-undated"

    @property
    def page_name(self) -> str:
        """The last part of the month's own address in a year split by month: `12`, `undated`."""
        return f"{self.month:02d}" if self.month else "undated"


def by_month(entries: list[TimelineEntry]) -> list[MonthGroup]:
    """Group entries by month, newest month first; year-only entries close their year."""

    def key(entry):
        return (entry.date.year, entry.date.month or 0)

    ordered = sorted(entries, key=lambda e: e.sort_key, reverse=True)
    ordered.sort(key=key, reverse=True)  # stable: within a month, newest first
    return [MonthGroup(year, month or None, list(group)) for (year, month), group in groupby(ordered, key=key)]


def years(entries: list[TimelineEntry]) -> list[int]:
    return sorted({e.date.year for e in entries}, reverse=True)


@dataclass(frozen=True)
class YearSummary:
    """One year of the whole timeline in a line: its rounds, what they raised, and all its entries."""

    year: int
    round_count: int
    raised: Total | None
    entry_count: int


def year_summaries(dataset: Dataset) -> list[YearSummary]:
    """Every year of the global timeline, newest first; a year with only other events has no rounds."""
    entries, entries_by_year = _timeline_of(dataset)
    buckets = by_year(dataset.rounds)
    summaries = []
    for year in years(entries):
        bucket = buckets.get(year)
        summaries.append(
            YearSummary(
                year, bucket.round_count if bucket else 0, bucket.total if bucket else None, len(entries_by_year[year])
            )
        )
    return summaries
