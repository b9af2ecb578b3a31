"""Aggregates for the stats page: funding per period, country, sector and stage, the largest rounds
and the most active lead investors, in dollars, each saying how much of it is known.

A sum of funding rounds is honest about its parts (`Sum`): what was reported exactly, what was
reported as "about", what was reported as a minimum (so the truth is that or more), and how many
rounds could not be added at all, and why. Nothing undisclosed is ever added as zero."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from decimal import Decimal
from functools import cached_property

from roundbook.model.money import Money, Total
from roundbook.model.records import Dataset, Profile, Round, rounds_total
from roundbook.schema.kinds import STAGES
from roundbook.schema.values import PartialDate


@dataclass(frozen=True)
class Sum:
    """What some rounds raised in dollars, added as far as their amounts allow: split by how
    precise each added amount is, with the rounds that could not be added counted by the reason."""

    exact: Decimal = Decimal(0)
    approximate: Decimal = Decimal(0)  # amounts reported as about so much
    minimum: Decimal = Decimal(0)  # "at least" amounts and the low ends of ranges: the truth is that or more
    exact_count: int = 0
    approximate_count: int = 0
    minimum_count: int = 0
    undisclosed: int = 0  # no amount reported, or reported as undisclosed
    up_to: int = 0  # only a ceiling reported ("up to"), which gives nothing to add
    unconverted: int = 0  # an amount without a dollar rate for its currency and month
    # The dollar figures added into each part, for roundbook/text.py to judge how many of a sum's
    # digits are known (a converted figure vouches for no more digits than its source had).
    exact_terms: tuple[Money, ...] = ()
    approximate_terms: tuple[Money, ...] = ()
    minimum_terms: tuple[Money, ...] = ()

    @classmethod
    def of(cls, rounds: Iterable[Round]) -> Sum:
        amounts = {"exact": Decimal(0), "approximate": Decimal(0), "minimum": Decimal(0)}
        counts: Counter[str] = Counter()
        terms: dict[str, list[Money]] = {"exact": [], "approximate": [], "minimum": []}
        for funding_round in rounds:
            amount, dollars = funding_round.amount, funding_round.amount_usd
            if amount is None or not amount.disclosed:
                counts["undisclosed"] += 1
            elif amount.precision == "up-to":
                counts["up_to"] += 1
            elif dollars is None or dollars.low is None:
                counts["unconverted"] += 1
            else:
                kind = dollars.precision if dollars.precision in ("exact", "approximate") else "minimum"
                amounts[kind] += dollars.low
                counts[kind] += 1
                terms[kind].append(dollars)
        return cls(
            amounts["exact"],
            amounts["approximate"],
            amounts["minimum"],
            counts["exact"],
            counts["approximate"],
            counts["minimum"],
            counts["undisclosed"],
            counts["up_to"],
            counts["unconverted"],
            tuple(terms["exact"]),
            tuple(terms["approximate"]),
            tuple(terms["minimum"]),
        )

    def __add__(self, other: Sum) -> Sum:
        return Sum(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))

    @property
    def value(self) -> Decimal:
        return self.exact + self.approximate + self.minimum

    @property
    def terms(self) -> tuple[Money, ...]:
        """Every dollar figure in the value."""
        return self.exact_terms + self.approximate_terms + self.minimum_terms

    @property
    def added(self) -> int:
        """Rounds whose amounts are in the value."""
        return self.exact_count + self.approximate_count + self.minimum_count

    @property
    def not_added(self) -> int:
        return self.undisclosed + self.up_to + self.unconverted

    @property
    def rounds(self) -> int:
        return self.added + self.not_added

    @property
    def lower_bound(self) -> bool:
        """Whether the truth is the value or more: some amount is a minimum, or was not added."""
        return self.minimum_count > 0 or self.not_added > 0

    @property
    def is_approximate(self) -> bool:
        return self.approximate_count > 0


@dataclass
class Bucket:
    """Rounds that share a period, a country, a sector or a stage, with what can be added of their amounts."""

    key: str
    label: str
    rounds: list[Round]

    @property
    def total(self) -> Total | None:
        return rounds_total(self.rounds)

    @cached_property
    def sum(self) -> Sum:
        return Sum.of(self.rounds)

    @property
    def round_count(self) -> int:
        return len(self.rounds)


def _group(rounds: Iterable[Round], key: Callable[[Round], Iterable[tuple[str, str]]]) -> list[Bucket]:
    """Buckets by `key`, which names the buckets a round goes in: none, one, or several (sectors)."""
    groups: dict[str, Bucket] = {}
    for funding_round in rounds:
        for bucket_key, label in key(funding_round):
            groups.setdefault(bucket_key, Bucket(bucket_key, label, [])).rounds.append(funding_round)
    return list(groups.values())


def per_year(rounds: list[Round]) -> list[Bucket]:
    buckets = _group(rounds, lambda r: [(str(r.announced.year), str(r.announced.year))])
    return sorted(buckets, key=lambda b: b.key)


@dataclass(frozen=True)
class Month:
    """A calendar month and its rounds; a month between others with no round has an empty bucket."""

    date: PartialDate  # the month, at month precision
    bucket: Bucket


def per_month(rounds: list[Round]) -> list[Month]:
    """Every month from the first round dated by month to the last, empty ones included, so that a
    quiet month shows as one; rounds dated only by the year are left out (`dated_by_year_only`)."""

    def month_of(funding_round: Round) -> list[tuple[str, str]]:
        key = funding_round.announced.month_key()
        return [(key, key)] if key else []

    buckets = {bucket.key: bucket for bucket in _group(rounds, month_of)}
    if not buckets:
        return []
    first, last = min(buckets), max(buckets)
    months = []
    year, month = int(first[:4]), int(first[5:])
    while (key := f"{year:04d}-{month:02d}") <= last:
        months.append(Month(PartialDate(year, month), buckets.get(key, Bucket(key, key, []))))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def dated_by_year_only(rounds: list[Round]) -> int:
    return sum(1 for r in rounds if r.announced.month is None)


def per_country(rounds: list[Round]) -> list[Bucket]:
    """By the company's headquarters country, largest first; the label is the ISO code (empty
    when the company gives none), which the page names."""
    return _largest_first(_group(rounds, lambda r: [(r.company.country or "", r.company.country or "")]))


def per_sector(rounds: list[Round]) -> list[Bucket]:
    """By the company's sectors, largest first: a company in two sectors counts in both, so these
    buckets overlap and do not add up to the whole. Rounds of companies without a sector are in
    none (`without_sector`)."""
    return _largest_first(_group(rounds, lambda r: [(s.slug, s.name) for s in r.company.sectors]))


def without_sector(rounds: list[Round]) -> int:
    return sum(1 for r in rounds if not r.company.sectors)


def per_stage(rounds: list[Round]) -> list[Bucket]:
    """By stage, in the order of the stages (pre-seed, seed, angel, series A...), not by size."""
    order = {stage: index for index, stage in enumerate(STAGES)}
    return sorted(_group(rounds, lambda r: [(r.stage, r.stage_label)]), key=lambda b: order.get(b.key, len(order)))


def _largest_first(buckets: list[Bucket]) -> list[Bucket]:
    return sorted(buckets, key=lambda b: (-b.sum.value, -b.round_count, b.label))


def by_year(rounds: list[Round]) -> dict[int, Bucket]:
    """Per-year buckets keyed by the year, for pages that list years with other entries too."""
    return {int(bucket.key): bucket for bucket in per_year(rounds)}


@dataclass
class Leader:
    """An investor and the rounds it led. Their sum is what those rounds raised from every
    investor together: what the lead itself put in is rarely reported."""

    investor: Profile
    rounds: list[Round] = field(default_factory=list)

    @cached_property
    def sum(self) -> Sum:
        return Sum.of(self.rounds)


def lead_investors(dataset: Dataset) -> list[Leader]:
    """Every investor that led a round, most rounds led first, then the most money led, then by name."""
    leaders = [
        Leader(investor, [i.round for i in investor.investments if i.lead])
        for investor in dataset.investors
        if investor.lead_count
    ]
    return sorted(leaders, key=lambda lead: (-len(lead.rounds), -lead.sum.value, lead.investor.name.lower()))
