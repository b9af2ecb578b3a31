"""What the checks between files need of each checked file, and nothing else: its facts.

A round's facts are the slugs it names, its date and its currencies, each with where it was
written; a company's, its parent, sectors, founding date, products' launch dates and former
slugs; a person's, the organizations of its roles; the sector table's, its slugs; the rate
table's, its rates. The checks between files (references.py) read facts only, so the same checks
run on facts taken from records just checked and on facts kept in the cache
(roundbook/validate/indexed.py), which stores them as JSON (`to_json`, `from_json`).

`from_json` reads what could be any file on disk: it checks every value's type and form and
raises BadFacts on anything a checked file could not have produced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from roundbook.problems import Mark
from roundbook.rates.conversion import RateTable
from roundbook.schema.values import PartialDate
from roundbook.text_safety.characters import first_unsafe

_NOTHING: tuple = ()


class BadFacts(ValueError):
    """Facts read from the cache that a checked file could not have produced."""


# Tuples rather than frozen dataclasses, as Mark is: a large site's cache holds hundreds of
# thousands of them, made again at each run, and a tuple costs a fifth as much to create.
class Ref(NamedTuple):
    """A value written in a file (a slug, a currency code), and where."""

    value: str
    mark: Mark


class When(NamedTuple):
    date: PartialDate
    mark: Mark


@dataclass(slots=True)
class OrganizationFacts:
    parent: Ref | None = None
    sectors: list[Ref] = field(default_factory=list)
    founded: When | None = None
    launched: list[When] = field(default_factory=list)  # its products' launch dates
    former_slugs: list[Ref] = field(default_factory=list)


@dataclass(slots=True)
class PersonFacts:
    organizations: list[Ref] = field(default_factory=list)  # of its roles


@dataclass(slots=True)
class RoundFacts:
    investors: list[Ref] = field(default_factory=list)  # lead, then participants
    announced: When | None = None
    currencies: list[Ref] = field(default_factory=list)  # of its amounts and valuations, reports included


@dataclass(slots=True)
class SectorsFacts:
    slugs: list[Ref] = field(default_factory=list)


@dataclass(slots=True)
class RatesFacts:
    table: RateTable | None  # None when the file has no `rates` (then no figure is checked against it)


Facts = OrganizationFacts | PersonFacts | RoundFacts | SectorsFacts | RatesFacts


# From a checked record (roundbook/schema/values.py: Text carries .mark, dates are LocatedDate).


def _ref(text) -> Ref:
    return Ref(str(text), text.mark)


def _when(located) -> When | None:
    return When(located.date, located.mark) if located is not None else None


def facts_of(kind: str, record) -> Facts:
    """The facts of a record that passed its own checks."""
    if kind == "organization":
        parent = record.get("parent")
        return OrganizationFacts(
            parent=_ref(parent) if parent is not None else None,
            sectors=[_ref(sector) for sector in record.get("sectors", _NOTHING)],
            founded=_when(record.get("founded")),
            launched=[
                When(product["launched"].date, product["launched"].mark)
                for product in record.get("products", _NOTHING)
                if product.get("launched") is not None
            ],
            former_slugs=[_ref(former) for former in record.get("former_slugs", _NOTHING)],
        )
    if kind == "person":
        return PersonFacts(
            [
                _ref(role["organization"])
                for role in record.get("roles", _NOTHING)
                if role.get("organization") is not None
            ]
        )
    if kind == "round":
        monies = [record.get("amount"), record.get("valuation")]
        for report in record.get("conflicting_reports", _NOTHING):
            monies += [report.get("amount"), report.get("valuation")]
        return RoundFacts(
            investors=[_ref(investor) for key in ("lead", "participants") for investor in record.get(key, _NOTHING)],
            announced=_when(record.get("announced")),
            currencies=[_ref(money["currency"]) for money in monies if isinstance(money, dict) and "currency" in money],
        )
    if kind == "sectors":
        return SectorsFacts([_ref(slug) for slug in record.get("sectors") or {}])
    table = record.get("rates")
    return RatesFacts(RateTable.from_record(table) if table is not None else None)


# To and from JSON: [value, line, col] for a Ref, [date, line, col] for a When.


def _ref_json(ref: Ref | None):
    return None if ref is None else [ref.value, ref.mark.line, ref.mark.col]


def _when_json(when: When | None):
    return None if when is None else [str(when.date), when.mark.line, when.mark.col]


def to_json(facts: Facts):
    if isinstance(facts, OrganizationFacts):
        return [
            _ref_json(facts.parent),
            [_ref_json(ref) for ref in facts.sectors],
            _when_json(facts.founded),
            [_when_json(when) for when in facts.launched],
            [_ref_json(ref) for ref in facts.former_slugs],
        ]
    if isinstance(facts, PersonFacts):
        return [[_ref_json(ref) for ref in facts.organizations]]
    if isinstance(facts, RoundFacts):
        return [
            [_ref_json(ref) for ref in facts.investors],
            _when_json(facts.announced),
            [_ref_json(ref) for ref in facts.currencies],
        ]
    if isinstance(facts, SectorsFacts):
        return [[_ref_json(ref) for ref in facts.slugs]]
    if facts.table is None:
        return None
    return {code: {month: str(rate) for month, rate in months.items()} for code, months in facts.table.rates.items()}


def _text(value) -> str:
    if type(value) is not str:
        raise BadFacts("not a value a checked file holds")
    # Printable ASCII, the usual slug or code, is safe at once; anything else is looked at closely.
    if not (value.isascii() and value.isprintable()) and (
        first_unsafe(value) is not None or "\n" in value or "\r" in value
    ):
        raise BadFacts("not a value a checked file holds")
    return value


def _list(value) -> list:
    if type(value) is not list:
        raise BadFacts("not a list")
    return value


_LIMIT = 10**9  # lines and columns of a file of at most 1,000,000 bytes are far below it


def _mark(path: str, line, col) -> Mark:
    if type(line) is not int or type(col) is not int or not (0 < line < _LIMIT and 0 < col < _LIMIT):
        raise BadFacts("not a line and column")
    return Mark(path, line, col)


def _read_ref(value, path: str) -> Ref:
    if type(value) is not list or len(value) != 3:
        raise BadFacts("not a value with its place")
    text, line, col = value
    return Ref(_text(text), _mark(path, line, col))


def _read_refs(values, path: str) -> list[Ref]:
    """_read_ref of each, in one loop: a large site's rounds hold a quarter of a million."""
    if type(values) is not list:
        raise BadFacts("not a list")
    refs = []
    for value in values:
        if type(value) is not list or len(value) != 3:
            raise BadFacts("not a value with its place")
        text, line, col = value
        if type(text) is not str or type(line) is not int or type(col) is not int:
            raise BadFacts("not a value with its place")
        if not (0 < line < _LIMIT and 0 < col < _LIMIT) or not (text.isascii() and text.isprintable()):
            _text(text)
            _mark(path, line, col)
        refs.append(Ref(text, Mark(path, line, col)))
    return refs


@lru_cache(maxsize=4096)  # a large site writes the same few thousand dates again and again
def _date(text: str) -> PartialDate:
    try:
        date = PartialDate.parse(_text(text))
    except ValueError as error:
        raise BadFacts(str(error)) from None
    if str(date) != text:
        raise BadFacts("a date not as a checked file gives it")
    return date


def _read_when(value, path: str) -> When:
    if type(value) is not list or len(value) != 3 or type(value[0]) is not str:
        raise BadFacts("not a date with its place")
    text, line, col = value
    return When(_date(text), _mark(path, line, col))


def _optional(read, value, path: str):
    return None if value is None else read(value, path)


def from_json(kind: str, value, path: str) -> Facts:
    """The facts kept as `value` for the file at `path`; BadFacts when they cannot be ours."""
    try:
        if kind == "organization":
            parent, sectors, founded, launched, former = _list(value)
            return OrganizationFacts(
                _optional(_read_ref, parent, path),
                _read_refs(sectors, path),
                _optional(_read_when, founded, path),
                [_read_when(item, path) for item in _list(launched)],
                _read_refs(former, path),
            )
        if kind == "person":
            (organizations,) = _list(value)
            return PersonFacts(_read_refs(organizations, path))
        if kind == "round":
            investors, announced, currencies = _list(value)
            return RoundFacts(
                _read_refs(investors, path), _optional(_read_when, announced, path), _read_refs(currencies, path)
            )
        if kind == "sectors":
            (slugs,) = _list(value)
            return SectorsFacts(_read_refs(slugs, path))
        if kind == "currency-rates" and value is None:
            return RatesFacts(None)
        if kind == "currency-rates" and type(value) is dict:
            return RatesFacts(RateTable({_text(code): _rates(months) for code, months in value.items()}))
    except (TypeError, ValueError) as error:  # a list of the wrong length, among others
        raise BadFacts(str(error)) from None
    raise BadFacts(f"no facts of a {kind} file")


_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
_RATE = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:E[+-][0-9]+)?")


def _rates(months) -> dict[str, Decimal]:
    if type(months) is not dict:
        raise BadFacts("not a table of rates")
    rates = {}
    for month, text in months.items():
        if type(text) is not str or not _RATE.fullmatch(text) or type(month) is not str or not _MONTH.fullmatch(month):
            raise BadFacts("not a rate of a month")
        rate = Decimal(text)
        if str(rate) != text:
            raise BadFacts("not a rate as a checked file gives it")
        rates[month] = rate
    return rates
