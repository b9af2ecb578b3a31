"""How model values are written in the JSON and CSV files, decided once for both.

Figures are plain numbers, never text with a currency sign: a reported figure as written (whole
currency units, so exact in every JSON parser below 2**53), a dollar equivalent rounded to the
whole dollar (the rate is given beside it for anyone who wants more), a rate as in the rate table.
Dates are ISO 8601 as precise as they were reported: `2024`, `2024-02` or `2024-02-27`.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_EVEN, Decimal

from roundbook.model.money import Money, Total
from roundbook.schema.values import PartialDate
from roundbook.text import frozen_total_text, money_text


def number(value: Decimal | None) -> int | float | None:
    """A Decimal as a JSON number: an int when whole, else the float that prints as the same digits."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def dollars(value: Decimal | None) -> int | None:
    """A converted figure, rounded to the whole dollar. Not quantize(), which fails beyond 28 digits:
    a total of thousands of figures of 10^18 in a currency of a millionth of a dollar has 29."""
    if value is None:
        return None
    return int(value.to_integral_value(rounding=ROUND_HALF_EVEN))


def timestamp(when) -> str | None:
    """A moment from the Git history, in UTC: `2024-05-06T12:30:00Z`."""
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if when is not None else None


def iso(date: PartialDate | None) -> str | None:
    return str(date) if date is not None else None


def earliest(date: PartialDate | None) -> str | None:
    """The first day a partial date can mean (`2024-02` -> `2024-02-01`), for sorting and date parsers."""
    return date.earliest.isoformat() if date is not None else None


def usd_json(usd: Money | None) -> dict | None:
    if usd is None:
        return None
    return {
        "value": dollars(usd.value),
        "min": dollars(usd.min),
        "max": dollars(usd.max),
        # A dollar figure needs no conversion: its rate is 1 and no month's table was read.
        "rate": number(usd.rate) if usd.rate is not None else 1,
        "rate_month": usd.rate_month,
    }


def money_json(money: Money | None, usd: Money | None) -> dict | None:
    """A figure as reported, with its dollar equivalent; None (JSON null) when nothing was reported."""
    if money is None:
        return None
    if not money.disclosed:
        return {
            "disclosed": False,
            "precision": "undisclosed",
            "currency": None,
            "value": None,
            "min": None,
            "max": None,
            "basis": None,
            "text": money_text(money),
            "usd": None,
        }
    return {
        "disclosed": True,
        "precision": money.precision,
        "currency": money.currency,
        "value": number(money.value),
        "min": number(money.min),
        "max": number(money.max),
        "basis": money.basis,
        "text": money_text(money),
        "usd": usd_json(usd),
    }


def total_json(total: Total | None) -> dict | None:
    if total is None:
        return None
    return {
        "currency": "USD",
        "value": dollars(total.value),
        "rounds_counted": total.counted,
        "rounds_left_out": total.uncounted,
        "complete": total.complete,
        "approximate": total.approximate,
        "text": frozen_total_text(total),
    }
