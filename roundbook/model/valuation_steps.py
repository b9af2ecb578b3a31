"""Valuation steps: how a company's valuation moved from one valued round to its next.

A step joins two rounds of one company that both report a valuation with a dollar equivalent,
with no valued round between them; rounds between that report no valuation are counted, not
skipped silently. The multiple is taken from the figures as reported when both are in the same
currency, so that a change in the exchange rate is not read as a change in value, and from the
dollar equivalents otherwise. A step is exact only when both figures are: one that is
approximate, a minimum, a ceiling or a range (taken at its middle) makes the multiple approximate,
and a step from a pre-money to a post-money valuation is marked as such."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from roundbook.model.money import Money
from roundbook.model.records import Organization, Round


@dataclass(frozen=True)
class ValuationStep:
    company: Organization
    before: Round
    after: Round
    unvalued_between: int  # rounds between the two that report no valuation

    @property
    def before_usd(self) -> Money:
        assert self.before.valuation_usd is not None  # valuation_steps takes only rounds with one
        return self.before.valuation_usd

    @property
    def after_usd(self) -> Money:
        assert self.after.valuation_usd is not None
        return self.after.valuation_usd

    @property
    def same_currency(self) -> bool:
        return _reported(self.before).currency == _reported(self.after).currency

    @property
    def multiple(self) -> Decimal:
        """How many times the earlier valuation the later one is: 2 for a doubling, 0.5 for a halving."""
        low, high = (_reported(r) if self.same_currency else _dollars(r) for r in (self.before, self.after))
        return _point(high) / _point(low)

    @property
    def exact(self) -> bool:
        return _reported(self.before).precision == "exact" and _reported(self.after).precision == "exact"

    @property
    def bases_differ(self) -> bool:
        """One is pre-money and the other post-money: the multiple then mixes the new money in."""
        bases = {_reported(self.before).basis, _reported(self.after).basis}
        return bases == {"pre-money", "post-money"}


def _reported(funding_round: Round) -> Money:
    assert funding_round.valuation is not None
    return funding_round.valuation


def _dollars(funding_round: Round) -> Money:
    assert funding_round.valuation_usd is not None
    return funding_round.valuation_usd


def _point(money: Money) -> Decimal:
    assert money.point is not None  # _valued keeps only figures with one
    return money.point


def _valued(funding_round: Round) -> bool:
    """A valuation that can be placed on a dollar scale: disclosed, converted and above zero."""
    dollars = funding_round.valuation_usd
    reported = funding_round.valuation
    return (
        reported is not None
        and reported.disclosed
        and (reported.point or 0) > 0
        and dollars is not None
        and (dollars.point or 0) > 0
    )


def valuation_steps(organizations: list[Organization]) -> list[ValuationStep]:
    """Every step of every company, in the order of the companies given, oldest step first."""
    steps = []
    for company in organizations:
        previous: Round | None = None
        unvalued = 0
        for funding_round in sorted(company.rounds, key=lambda r: r.sort_key):
            if not _valued(funding_round):
                unvalued += previous is not None
                continue
            if previous is not None:
                steps.append(ValuationStep(company, previous, funding_round, unvalued))
            previous, unvalued = funding_round, 0
    return steps
