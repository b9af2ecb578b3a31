"""Model: typed records with references resolved and derived values filled in.

Nothing here knows YAML or MkDocs; templates read these objects.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from roundbook.model.money import Money, Total, total_in_dollars
from roundbook.problems import Problem
from roundbook.rates.conversion import RateTable
from roundbook.schema.stages import stage_short_label
from roundbook.schema.values import PartialDate

if TYPE_CHECKING:
    from roundbook.validate.pages import CheckedPages


def rounds_total(rounds: list[Round]) -> Total | None:
    """What the rounds raised in dollars, as far as their amounts can be added."""
    return total_in_dollars([r.amount_usd for r in rounds])


@dataclass(frozen=True)
class Source:
    key: str
    url: str
    title: str | None
    publisher: str
    published: PartialDate | None = None
    accessed: PartialDate | None = None
    quote: str | None = None  # the source's sentence that carries the figures, as written


@dataclass
class Sector:
    # Which kind of record this is, as the content format names it; roundbook/addresses.py places
    # each kind, so the model names no folder of the site.
    record_kind: ClassVar[str] = "sector"

    slug: str
    name: str
    description: str | None = None


@dataclass(eq=False, repr=False)
class Product:
    name: str
    summary: str
    launched: PartialDate | None
    sources: list[Source]


@dataclass(eq=False, repr=False)
class Milestone:
    date: PartialDate
    text: str
    sources: list[Source]


@dataclass(eq=False, repr=False)
class Role:
    person: Person
    organization: Organization
    title: str
    since: PartialDate | None
    until: PartialDate | None
    sources: list[Source]

    @property
    def current(self) -> bool:
        return self.until is None


@dataclass(eq=False, repr=False)
class Report:
    """A figure reported differently elsewhere, shown beside the main one, never merged into it."""

    amount: Money | None
    valuation: Money | None
    amount_usd: Money | None
    valuation_usd: Money | None
    sources: list[Source]
    note: str | None


@dataclass(eq=False, repr=False)
class Profile:
    """What organizations and people share: a page, names, sources, and deals as an investor."""

    record_kind: ClassVar[str]  # each kind of profile sets it
    slug: str
    name: str
    summary: str
    source_path: str
    native_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    sources: list[Source] = field(default_factory=list)
    investments: list[Investment] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.slug}>"

    @property
    def portfolio(self) -> list[Organization]:
        """Companies this profile invested in, each once, most recent deal first."""
        seen: dict[str, Organization] = {}
        for investment in sorted(self.investments, key=lambda i: i.round.sort_key, reverse=True):
            seen.setdefault(investment.round.company.slug, investment.round.company)
        return list(seen.values())

    @property
    def lead_count(self) -> int:
        return sum(1 for investment in self.investments if investment.lead)

    @property
    def deals(self) -> list[Investment]:
        """Its investments, newest round first: each says whether it led."""
        return sorted(self.investments, key=lambda i: i.round.sort_key, reverse=True)

    @property
    def first_deal(self) -> Round | None:
        return min((i.round for i in self.investments), key=lambda r: r.sort_key, default=None)

    @property
    def last_deal(self) -> Round | None:
        return max((i.round for i in self.investments), key=lambda r: r.sort_key, default=None)

    @property
    def rounds_joined_total(self) -> Total | None:
        """The disclosed amounts of the rounds it took part in, added: not what it put in, which is rarely reported."""
        return rounds_total([deal.round for deal in self.deals])

    @property
    def co_investors(self) -> list[tuple[Profile, int]]:
        """Who invested in the same rounds, with how many rounds were shared, most first."""
        counts: Counter[str] = Counter()
        profiles: dict[str, Profile] = {}
        for investment in self.investments:
            for other in investment.round.investors:
                if other.slug != self.slug:
                    counts[other.slug] += 1
                    profiles[other.slug] = other
        return [
            (profiles[slug], count)
            for slug, count in sorted(counts.items(), key=lambda kv: (-kv[1], profiles[kv[0]].name.lower()))
        ]


@dataclass(eq=False, repr=False)
class Organization(Profile):
    record_kind: ClassVar[str] = "organization"

    kind: str = "startup"
    former_names: list[str] = field(default_factory=list)
    former_slugs: list[str] = field(default_factory=list)  # old addresses that redirect to this profile
    status: str | None = None
    founded: PartialDate | None = None
    city: str | None = None
    country: str | None = None
    website: str | None = None
    parent: Organization | None = None
    subsidiaries: list[Organization] = field(default_factory=list)
    sectors: list[Sector] = field(default_factory=list)
    products: list[Product] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    total_raised: Total | None = None

    @property
    def latest_valuation(self) -> Round | None:
        """The most recent round whose valuation was disclosed."""
        for funding_round in reversed(self.rounds):
            if funding_round.valuation is not None and funding_round.valuation.disclosed:
                return funding_round
        return None

    @property
    def round_count(self) -> int:
        return len(self.rounds)

    @property
    def last_round(self) -> Round | None:
        return self.rounds[-1] if self.rounds else None

    @property
    def investor_rounds(self) -> list[tuple[Profile, list[Round], int]]:
        """Each investor in this company's rounds, in order of first deal: its rounds and how many it led."""
        table: dict[str, tuple[Profile, list[Round], list[int]]] = {}
        for funding_round in self.rounds:
            for investor in funding_round.investors:
                _, rounds, led = table.setdefault(investor.slug, (investor, [], [0]))
                rounds.append(funding_round)
                led[0] += investor in funding_round.leads
        return [(investor, rounds, led[0]) for investor, rounds, led in table.values()]


@dataclass(eq=False, repr=False)
class Person(Profile):
    record_kind: ClassVar[str] = "person"

    roles: list[Role] = field(default_factory=list)


Investor = Organization | Person


@dataclass(eq=False, repr=False)
class Round:
    record_kind: ClassVar[str] = "round"

    id: str  # the file name: stable, so its anchor (roundbook/addresses.py) never changes when other rounds are added
    company: Organization
    announced: PartialDate
    stage: str
    stage_label: str
    source_path: str
    extension: bool = False
    amount: Money | None = None
    valuation: Money | None = None
    amount_usd: Money | None = None
    valuation_usd: Money | None = None
    leads: list[Investor] = field(default_factory=list)
    participants: list[Investor] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    disputed: bool = False
    notes: str | None = None
    sources: list[Source] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<Round {self.company.slug}/{self.id}>"

    @property
    def investors(self) -> list[Investor]:
        return self.leads + self.participants

    @property
    def sort_key(self) -> tuple:
        return (self.announced.sort_key, self.company.slug, self.id)

    @property
    def title(self) -> str:
        return self.stage_label + (" (extension)" if self.extension else "")

    @property
    def short_title(self) -> str:
        """The round's name where a column is narrow: `Venture (undisclosed)`, `Series B+`."""
        return stage_short_label(self.stage) + ("+" if self.extension else "")


@dataclass(eq=False, repr=False)
class Investment:
    investor: Investor
    round: Round
    lead: bool


@dataclass
class Dataset:
    organizations: dict[str, Organization]
    people: dict[str, Person]
    rounds: list[Round]  # oldest first
    sectors: dict[str, Sector]
    rates: RateTable
    rates_source: Source
    pages: CheckedPages | None = None  # the hand-written pages and the home text, checked
    warnings: list[Problem] = field(
        default_factory=list
    )  # what the build says and goes on: figures without a dollar rate

    @property
    def profiles(self) -> list[Profile]:
        return [*self.organizations.values(), *self.people.values()]

    @property
    def investors(self) -> list[Profile]:
        return [profile for profile in self.profiles if profile.investments]

    def largest_rounds(self, count: int) -> list[Round]:
        """The `count` rounds with the largest dollar amounts, largest first (a range counts at its
        middle), the earliest first among equals; `count` is at least 1."""
        sized = [
            (point, r) for r in self.rounds if r.amount_usd is not None and (point := r.amount_usd.point) is not None
        ]
        if len(sized) > count:
            # Only the rounds as large as the count-th largest figure can be among the first; the
            # full order is then worked out for those alone (a large site has 50,000 rounds).
            smallest_kept = heapq.nlargest(count, [point for point, _ in sized])[-1]
            sized = [pair for pair in sized if pair[0] >= smallest_kept]
        return [r for _, r in sorted(sized, key=lambda pair: (-pair[0], pair[1].sort_key))][:count]

    @property
    def total_raised(self) -> Total | None:
        return total_in_dollars([r.amount_usd if r.amount and r.amount.disclosed else None for r in self.rounds])
