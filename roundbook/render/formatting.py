"""How figures and dates read on the page, using Babel's CLDR data rather than hand-made rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pycountry
from babel.dates import format_date, format_skeleton
from babel.numbers import format_compact_currency, format_decimal

from roundbook.build_caches import per_build_cache
from roundbook.model.money import Money, Total
from roundbook.schema.values import PartialDate

LOCALE = "en_US"

# What a figure that is not exact means, for its title; an exact or undisclosed one says it in its text.
PRECISION_WORDS = {
    "approximate": "approximate figure",
    "at-least": "at least this figure",
    "up-to": "up to this figure",
    "range": "a reported range",
}


# Babel formats each figure through CLDR patterns, about 50 µs a call; a large site shows the same
# few thousand figures, country names and dates hundreds of thousands of times, so each is cached.
@per_build_cache(maxsize=65536)
def compact(value: Decimal, currency: str) -> str:
    """`$2.5B`, `CN¥2B`: short enough for tables, with at most two decimals."""
    return format_compact_currency(value, currency, locale=LOCALE, fraction_digits=2)


def money_text(money: Money | None) -> str:
    """The figure as reported, precision included: `~$2.5B`, `$2B+`, `up to $18B`, `$3.5B–$5B`."""
    if money is None:
        return "unknown"
    if not money.disclosed:
        return "undisclosed"
    if money.precision == "range":
        return f"{compact(money.min, money.currency)}–{compact(money.max, money.currency)}"
    figure = compact(money.value, money.currency)
    return {
        "approximate": f"~{figure}",
        "at-least": f"{figure}+",
        "up-to": f"up to {figure}",
    }.get(money.precision, figure)


def total_text(total: Total | None) -> str:
    if total is None:
        return "unknown"
    figure = compact(total.value, "USD")
    prefix = "at least " if not total.complete or total.approximate else ""
    return f"{prefix}{figure}"


@per_build_cache(maxsize=65536)
def rate_text(rate: Decimal) -> str:
    return format_decimal(rate, format="#,##0.####", locale=LOCALE)


def number_text(value: int) -> str:
    return format_decimal(value, locale=LOCALE)


@per_build_cache(maxsize=65536)
def date_text(date: PartialDate | None) -> str:
    """`2023`, `March 2023` or `February 19, 2024`: no more precise than what was reported."""
    if date is None:
        return "unknown"
    if date.precision == "year":
        return str(date.year)
    day = dt.date(date.year, date.month, date.day or 1)
    if date.precision == "month":
        return format_skeleton("yMMMM", day, locale=LOCALE)
    return format_date(day, "long", locale=LOCALE)


def short_date_text(date: PartialDate | None) -> str:
    """ISO form for tables, so that columns sort as text and read the same in every language."""
    return str(date) if date is not None else "unknown"


@per_build_cache(maxsize=1024)
def country_text(code: str) -> str:
    """`China`, `United States`: the common English name of an ISO 3166-1 code."""
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name
