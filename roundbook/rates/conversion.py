"""Which rate converts a figure to US dollars, and why there is none when there is none.

A figure is converted at its currency's rate for the month its round was announced. Rates never
stop a build:
- a round announced after the table's last month takes that month's rate, the latest, and says
  so ("rate of 2026-10, the latest in the table"): newer rates come with `roundbook rates update`;
- a currency with no rate for the month (none at all, or none that month: before the ECB quoted
  it, after it stopped) gets no dollar equivalent; the figure is shown in its own currency only,
  and the build warns;
- a round dated only by its year gets no dollar equivalent: a year has no one rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

US_DOLLAR = "USD"
TABLE = "content/reference/currency-rates.yml"


@dataclass(frozen=True)
class Rate:
    value: Decimal  # units of the currency per US dollar
    month: str  # the month whose rate it is, YYYY-MM
    latest: bool = False  # the table's last month, used for a round announced after it

    @property
    def note(self) -> str | None:
        """What a reader is told beside the dollar figure, when the rate is not the round's month's."""
        return f"rate of {self.month}, the latest in the table" if self.latest else None


class RateTable:
    """The currency-rate table: currency -> month (YYYY-MM) -> units per US dollar."""

    def __init__(self, rates: dict[str, dict[str, Decimal]]):
        self.rates = rates
        self.last_month = max((month for months in rates.values() for month in months), default=None)

    @classmethod
    def from_record(cls, rates_record) -> RateTable:
        """From the checked `rates` of content/reference/currency-rates.yml (its amounts carry `.value`)."""
        return cls(
            {
                str(code): {str(month): number.value for month, number in months.items()}
                for code, months in rates_record.items()
            }
        )

    def rate(self, currency: str, month: str | None) -> Rate | None:
        """The rate for a figure in `currency` of a round announced in `month`; None when there is none."""
        months = self.rates.get(currency)
        if not months or month is None:
            return None
        if month in months:
            return Rate(months[month], month)
        if self.last_month is not None and month > self.last_month and self.last_month in months:
            return Rate(months[self.last_month], self.last_month, latest=True)
        return None

    def why_not(self, currency: str, month: str) -> str:
        """Why `rate` found none: the warning a build prints, for a round with a month."""
        months = self.rates.get(currency)
        if not months:
            return f"no USD equivalent: {TABLE} has no {currency} rate at all; the figure is shown in {currency} only"
        first, last = min(months), max(months)
        return (
            f"no USD equivalent: {TABLE} has no {currency} rate for {month} (its {currency} rates run from "
            f"{first} to {last}); the figure is shown in {currency} only"
        )

    def latest_note(self, currency: str, month: str) -> str:
        """The warning for a round announced after the table's last month."""
        return (
            f"{currency} converted at the rate of {self.last_month}, the latest in the table, for a round of "
            f"{month}; `roundbook rates update` brings newer rates"
        )
