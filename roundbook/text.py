"""How numbers, money, dates, countries and counted words read in English, using Babel's CLDR
data rather than hand-made rules.

The pages (roundbook/render/), the open data files (roundbook/export/) and the command line say a
figure, a date or "1 file, 2 files" the same way because they all ask this module, which knows the
model's value types and nothing of the stages that show them (tests/test_architecture.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Context, Decimal

import pycountry
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton
from babel.numbers import format_compact_currency, format_decimal

from roundbook.build_caches import per_build_cache
from roundbook.model.money import Money, Total
from roundbook.schema.values import PartialDate

LOCALE = "en_US"
# Parsed once: given the name, Babel parses it again at every call, a quarter of a call's time.
_ENGLISH = Locale.parse(LOCALE)
_PLURAL_FORM = _ENGLISH.plural_form  # CLDR's rule for English: 1 is "one", any other count "other"

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
    return format_compact_currency(value, currency, locale=_ENGLISH, fraction_digits=2)


# Significant figures. A figure is shown no more precisely than its source gave it:
# - a figure in its own currency, exact or not, is its own source and keeps its digits (as many as
#   `compact` shows): ~CN¥5B stays ~CN¥5B;
# - a figure converted to another currency shows no more significant digits than the figure it was
#   converted from: 5,000,000,000 yuan ("5 billion", 1 digit) at 7.26 yuan a dollar is $700M, not
#   $688.52M; 2.8B (2 digits) keeps 2; an exact 1,234,500,000 (5 digits) keeps 5. Each end of a
#   range counts its own digits. A power of ten counts 2: one digit of "1 billion" would mean
#   anything from 0.5 to 1.5 billion, which no report means, and 1 billion yuan would read $100M
#   instead of $140M;
# - a sum with an approximate or a converted figure in it is known only to the place of the
#   coarsest such figure's last digit: $2.8B (approximate) plus an exact $12.5M is $2.8B.
# The open data files (CSV, JSON values) keep every digit: this is how figures read, not what they are.


def significant_digits(value: Decimal) -> int:
    """The digits of `value` that its source vouches for: 5,000,000,000 has 1, 2,800,000,000 has 2,
    1,234,500,000 has 5. A whole number's trailing zeros do not count: a report of 5 billion says
    nothing of the hundreds of millions."""
    return len(value.normalize().as_tuple().digits)


# Sums ask this of every figure they add, on every page that shows one: cached like `compact`.
@per_build_cache(maxsize=65536)
def _digits_known(source: Decimal) -> int:
    """How many significant digits a figure converted from `source` (or a sum with it) shows."""
    digits = significant_digits(source)
    return 2 if digits == 1 and source.normalize().as_tuple().digits == (1,) else digits


def _last_place(value: Decimal, digits: int) -> int:
    """The power of ten of the last of the first `digits` significant digits of `value`."""
    return value.adjusted() - digits + 1


def _to_place(value: Decimal, place: int) -> Decimal:
    """`value` rounded to a multiple of 10**place, half to even as Babel rounds; the context's
    precision fits any figure (quantize refuses a result of more digits than it allows)."""
    exponent = value.as_tuple().exponent  # an int: figures are finite
    if value.is_zero() or not isinstance(exponent, int) or exponent >= place:
        return value
    context = Context(prec=max(28, value.adjusted() - place + 2))
    return value.quantize(Decimal(1).scaleb(place), rounding=ROUND_HALF_EVEN, context=context)


def to_significant(value: Decimal, digits: int) -> Decimal:
    """`value` rounded to `digits` significant digits: 688,524,000 to 1 is 700,000,000."""
    return _to_place(value, _last_place(value, digits))


def _converted_digits(money: Money) -> int | None:
    """How many significant digits a converted figure shows, from the figure it was converted
    from; None for a figure in its own currency. A range's two ends show as many as its more
    precise end, and more if they would otherwise read the same: 700M–800M yuan is $97M–$110M."""
    source = money.source
    if source is None:
        return None
    if money.precision != "range":
        return _digits_known(source.value) if source.value is not None else None
    assert source.min is not None and source.max is not None and money.min is not None and money.max is not None
    digits = max(_digits_known(source.min), _digits_known(source.max))
    while to_significant(money.min, digits) == to_significant(money.max, digits) and money.min != money.max:
        digits += 1
    return digits


def _shown(money: Money, end: str) -> Decimal:
    """`end` (value, min or max) of `money` as precise as its source allows."""
    value = getattr(money, end)
    digits = _converted_digits(money)
    return value if digits is None else to_significant(value, digits)


def _known_place(term: Money) -> int | None:
    """The place of the last digit of `term`'s low figure (Money.low) that its source vouches for:
    for a converted figure, as it is shown; for an approximate one, its own last digit; an exact
    figure in its own currency is known to the unit (None)."""
    value = term.min if term.precision == "range" else term.value
    if value is None or value.is_zero():
        return None
    digits = _converted_digits(term)
    if digits is None and term.precision == "approximate":
        digits = _digits_known(value)
    return None if digits is None else _last_place(value, digits)


def money_text(money: Money | None) -> str:
    """The figure as reported, precision included: `~$2.5B`, `$2B+`, `up to $18B`, `$3.5B–$5B`;
    a converted figure with no more significant digits than its source."""
    if money is None:
        return "unknown"
    if not money.disclosed:
        return "undisclosed"
    if money.precision == "range":
        return f"{compact(_shown(money, 'min'), money.currency)}–{compact(_shown(money, 'max'), money.currency)}"
    figure = compact(_shown(money, "value"), money.currency)
    return {
        "approximate": f"~{figure}",
        "at-least": f"{figure}+",
        "up-to": f"up to {figure}",
    }.get(money.precision, figure)


def total_figure(total: Total) -> str:
    """A total in dollars, as precise as the least precise figure added (`$100M`), without the
    `at least` that total_text adds: for charts and tables that say it another way."""
    return compact(_sum_shown(total.value, total.terms), "USD")


def _sum_shown(value: Decimal, terms: Iterable[Money]) -> Decimal:
    """A sum of `terms` to the place of the least precise of them."""
    places = [place for term in terms if (place := _known_place(term)) is not None]
    return _to_place(value, max(places)) if places else value


def _lower_bound(total: Total) -> str:
    return "at least " if not total.complete or total.approximate else ""


def total_text(total: Total | None) -> str:
    """`at least $100M`: the total as pages and feeds write it, as precise as its figures."""
    if total is None:
        return "unknown"
    return f"{_lower_bound(total)}{total_figure(total)}"


def frozen_total_text(total: Total) -> str:
    """The total as version 1 of the JSON API wrote it when it was frozen (`at least $102M`):
    every digit `compact` shows, whatever the figures added; its files must not change."""
    return f"{_lower_bound(total)}{compact(total.value, 'USD')}"


@per_build_cache(maxsize=65536)
def rate_text(rate: Decimal) -> str:
    return format_decimal(rate, format="#,##0.####", locale=_ENGLISH)


def number_text(value: int) -> str:
    return format_decimal(value, locale=_ENGLISH)


@per_build_cache(maxsize=65536)
def date_text(date: PartialDate | None) -> str:
    """`2023`, `March 2023` or `February 19, 2024`: no more precise than what was reported."""
    if date is None:
        return "unknown"
    if date.precision == "year":
        return str(date.year)
    day = dt.date(date.year, date.month or 1, date.day or 1)  # a month, since the precision is not the year
    if date.precision == "month":
        return format_skeleton("yMMMM", day, locale=_ENGLISH)
    return format_date(day, "long", locale=_ENGLISH)


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
    return format_interval(first.earliest, last.earliest, skeleton, locale=_ENGLISH)


def bound_text(value: Decimal, at_least: bool, approximate: bool, terms: Iterable[Money] = ()) -> str:
    """A sum of dollar amounts as far as it is known: `$1.17B`; `~$1.17B` when it adds figures
    reported as approximate; `at least $9.25B` when it adds minimums or leaves amounts out; as
    precise as the least precise of the figures added (`terms`)."""
    figure = ("~" if approximate else "") + compact(_sum_shown(value, terms), "USD")
    return f"at least {figure}" if at_least else figure


def multiple_text(multiple: Decimal, exact: bool) -> str:
    """How many times one figure is another: `8.3×`, `~0.8×` when either figure is not exact."""
    figure = format_decimal(multiple, format="#,##0.#" if multiple >= 1 else "0.##", locale=_ENGLISH)
    return ("" if exact else "~") + figure + "×"
