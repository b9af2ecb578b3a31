"""Money as it is really reported: a figure, its currency, how precise it is, and its dollar worth."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from roundbook.rates.conversion import RateTable

US_DOLLAR = "USD"

# The source's own dollar figure (`reported_usd`) is shown beside Roundbook's conversion when the
# two differ by more than this share of the source's figure: a rate a day or a week apart differs
# by less, and saying so beside every figure would only be noise.
REPORTED_USD_TOLERANCE = Decimal("0.01")


@dataclass(frozen=True)
class Money:
    """An amount or a valuation. `disclosed` is False for figures reported as undisclosed."""

    currency: str = US_DOLLAR
    precision: str = "exact"  # exact, approximate, at-least, up-to, range
    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    basis: str | None = None  # pre-money or post-money, for valuations
    disclosed: bool = True
    reported_usd: Decimal | None = None  # the source's own conversion to US dollars, as it gives it
    # Set on converted copies: the rate used (units per dollar) and the month it is for.
    rate: Decimal | None = None
    rate_month: str | None = None
    rate_note: str | None = (
        None  # when the rate is not the announcement month's: "rate of 2026-10, the latest in the table"
    )
    # On converted copies: the figure as reported, whose digits say how many of the dollar figure's
    # are known (roundbook/text.py shows no more).
    source: Money | None = None

    @classmethod
    def undisclosed(cls) -> Money:
        return cls(disclosed=False, precision="undisclosed")

    @property
    def low(self) -> Decimal | None:
        """The smallest figure the report allows, used for totals; None when no floor is known."""
        if not self.disclosed or self.precision == "up-to":
            return None
        return self.min if self.precision == "range" else self.value

    @property
    def point(self) -> Decimal | None:
        """One figure to place on a scale: the value, or the middle of a range."""
        if not self.disclosed:
            return None
        if self.precision == "range":
            assert self.min is not None and self.max is not None  # validation: a range has both ends
            return (self.min + self.max) / 2
        return self.value

    def in_dollars(self, rates: RateTable, month: str | None) -> Money | None:
        """The dollar equivalent at the month's rate (rates/conversion.py says which); None when it cannot be known."""
        if not self.disclosed or self.currency == US_DOLLAR:
            return self if self.disclosed else None
        rate = rates.rate(self.currency, month)
        if rate is None:
            return None

        def convert(figure: Decimal | None) -> Decimal | None:
            return None if figure is None else figure / rate.value

        return replace(
            self,
            currency=US_DOLLAR,
            value=convert(self.value),
            min=convert(self.min),
            max=convert(self.max),
            rate=rate.value,
            rate_month=rate.month,
            rate_note=rate.note,
            reported_usd=None,
            source=self,
        )

    def reported_usd_differs(self, in_dollars: Money | None) -> bool:
        """Whether the source's own dollar figure is worth showing beside Roundbook's conversion
        `in_dollars`: Roundbook has none, or one more than REPORTED_USD_TOLERANCE away from it
        (a range counts at its middle)."""
        if self.reported_usd is None:
            return False
        if in_dollars is None or in_dollars.point is None:
            return True
        return abs(in_dollars.point - self.reported_usd) > self.reported_usd * REPORTED_USD_TOLERANCE


@dataclass(frozen=True)
class Total:
    """A sum of reported amounts in dollars that says how much of it is known."""

    value: Decimal
    counted: int  # amounts that went into the sum
    uncounted: int  # undisclosed, up-to or unconvertible amounts left out
    approximate: bool  # at least one counted amount was not exact
    # The amounts added, for roundbook/text.py to judge how many of the sum's digits are known.
    terms: tuple[Money, ...] = ()

    @property
    def complete(self) -> bool:
        return self.uncounted == 0


def total_in_dollars(amounts: list[Money | None]) -> Total | None:
    """Add dollar amounts; None when no amount at all is known."""
    value = Decimal(0)
    uncounted = 0
    approximate = False
    terms = []
    for amount in amounts:
        if amount is None or (low := amount.low) is None:
            uncounted += 1
            continue
        value += low
        terms.append(amount)
        approximate = approximate or amount.precision != "exact"
    if not terms:
        return None
    return Total(value, len(terms), uncounted, approximate, tuple(terms))
