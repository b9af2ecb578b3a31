"""How numbers, money, dates, countries and counted words read in English, using Babel's CLDR
data rather than hand-made rules.

The pages (roundbook/render/), the open data files (roundbook/export/) and the command line say a
figure, a date or "1 file, 2 files" the same way because they all ask this module, which knows the
model's value types and nothing of the stages that show them (tests/test_architecture.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pycountry
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_compact_currency, format_decimal

from roundbook.build_caches import per_build_cache
from roundbook.model.money import Money, Total
from roundbook.schema.values import PartialDate

LOCALE = "en_US"
_PLURAL_FORM = Locale.parse(LOCALE).plural_form  # CLDR's rule for English: 1 is "one", any other count "other"

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
    day = dt.date(date.year, date.month or 1, date.day or 1)  # a month, since the precision is not the year
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
    assert country is not None, code  # validation lets through only ISO 3166-1 codes
    return getattr(country, "common_name", None) or country.name


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    """The form of `word` that goes with `count`: `round` for 1, `rounds` for 0 or 2; `plural_word`
    where adding an s is wrong (`person`, `people`; `is`, `are`)."""
    if _PLURAL_FORM(count) == "one":
        return word
    return plural_word or word + "s"


def counted(count: int, word: str, plural_word: str | None = None) -> str:
    """`1 file`, `3 files`: the count in digits, not grouped, then the word that goes with it."""
    return f"{count} {plural(count, word, plural_word)}"


# CLDR's English interval separator: an en dash between thin spaces ("March – December 2024").
RANGE_DASH = "\u2009–\u2009"


def date_range_text(first: PartialDate, last: PartialDate) -> str:
    """`December 2024` when both ends are the same period, `March – December 2024`, `2023 – 2025`:
    each end no more precise than reported, and a period said once, not "December 2024 to
    December 2024"."""
    if first == last:
        return date_text(first)
    skeleton = {"year": "y", "month": "yMMMM"}.get(first.precision)
    if skeleton is None or first.precision != last.precision:
        # A day's skeleton shortens the months ("Mar 12 – 20"), and ends of different precision
        # have no common skeleton: each end as the pages write a date.
        return f"{date_text(first)}{RANGE_DASH}{date_text(last)}"
    return format_interval(first.earliest, last.earliest, skeleton, locale=LOCALE)


def bound_text(value: Decimal, at_least: bool, approximate: bool) -> str:
    """A sum of dollar amounts as far as it is known: `$1.17B`; `~$1.17B` when it adds figures
    reported as approximate; `at least $9.25B` when it adds minimums or leaves amounts out."""
    figure = ("~" if approximate else "") + compact(value, "USD")
    return f"at least {figure}" if at_least else figure


def multiple_text(multiple: Decimal, exact: bool) -> str:
    """How many times one figure is another: `8.3×`, `~0.8×` when either figure is not exact."""
    figure = format_decimal(multiple, format="#,##0.#" if multiple >= 1 else "0.##", locale=LOCALE)
    return ("" if exact else "~") + figure + "×"
