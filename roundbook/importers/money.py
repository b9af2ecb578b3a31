"""Money cells as people write them: `$1.0B`, `¥2.0B (≈$282M)`, `~$2.8B`, `up to $18B`,
`$3.5B–$5B`, `$4B pre-money`, `Undisclosed`.

A cell gives a figure (value or range, currency, precision, and for a valuation its basis),
`undisclosed`, or nothing. What cannot be read for certain raises CellError with the reason;
nothing is guessed: `¥` is both the yuan and the yen, so it means something only when the
mapping file says which.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from roundbook.schema.fields import is_currency_code

UNDISCLOSED = "undisclosed"


class CellError(ValueError):
    """A cell that cannot be read; the message says why and what to write instead."""


@dataclass(frozen=True)
class Figure:
    """An amount or valuation as the content format holds it, with Decimal values."""

    currency: str
    precision: str = "exact"  # exact, approximate, at-least, up-to or range
    value: Decimal | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    basis: str | None = None  # pre-money or post-money
    # What the cell says besides the figure, which no comparison counts: how sure the sheet is
    # (disputed, rumoured, unconfirmed, reported) and its own conversion, `(≈$282M)`.
    said: str | None = field(default=None, compare=False)
    conversion: Figure | None = field(default=None, compare=False)

    def as_fields(self) -> dict:
        """The fields of the content file, in the format's order, leaving out what is default."""
        fields: dict = {}
        if self.value is not None:
            fields["value"] = written_amount(self.value)
        fields["currency"] = self.currency
        if self.precision != "exact":
            fields["precision"] = self.precision
        if self.min is not None:
            assert self.max is not None  # a range has both ends
            fields["min"] = written_amount(self.min)
            fields["max"] = written_amount(self.max)
        if self.basis:
            fields["basis"] = self.basis
        return fields


@dataclass(frozen=True)
class MoneyReading:
    """How to read the currency of a cell: what symbols mean, and the currency of bare numbers."""

    symbols: dict[str, str] = field(default_factory=dict)  # overrides, such as {"¥": "CNY"}
    default_currency: str | None = None


# Symbols whose meaning is settled. `$` alone is the US dollar unless the mapping says otherwise.
SYMBOLS = {
    "$": "USD",
    "US$": "USD",
    "U.S.$": "USD",
    "HK$": "HKD",
    "S$": "SGD",
    "SG$": "SGD",
    "A$": "AUD",
    "AU$": "AUD",
    "C$": "CAD",
    "CA$": "CAD",
    "NZ$": "NZD",
    "NT$": "TWD",
    "R$": "BRL",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "₩": "KRW",
    "₪": "ILS",
    "CN¥": "CNY",
    "RMB": "CNY",
    "元": "CNY",
    "JP¥": "JPY",
    "円": "JPY",
    "yuan": "CNY",
    "renminbi": "CNY",
    "euro": "EUR",
    "euros": "EUR",
    "yen": "JPY",
}
# Symbols that name more than one currency; a cell using one needs the mapping to say which.
AMBIGUOUS = {
    "¥": "the yuan (CNY) or the yen (JPY)",
    "￥": "the yuan (CNY) or the yen (JPY)",
    "kr": "Swedish, Norwegian, Danish or Icelandic krona (SEK, NOK, DKK, ISK)",
}

_SCALES = [  # longest first, so `mm` is not read as `m`
    ("thousand", 10**3),
    ("million", 10**6),
    ("millions", 10**6),
    ("billion", 10**9),
    ("billions", 10**9),
    ("trillion", 10**12),
    ("mln", 10**6),
    ("bln", 10**9),
    ("mn", 10**6),
    ("mm", 10**6),
    ("bn", 10**9),
    ("tn", 10**12),
    ("k", 10**3),
    ("m", 10**6),
    ("b", 10**9),
    ("t", 10**12),
    ("万", 10**4),
    ("亿", 10**8),
]
_SCALES.sort(key=lambda item: -len(item[0]))

_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_NO_FIGURE = {"-", "–", "—", "n/a", "na", "none"}
_UNDISCLOSED = {"undisclosed", "not disclosed", "undisclosed amount", "confidential"}
_APPROXIMATE = ["approximately", "approx.", "approx", "around", "roughly", "about", "circa", "ca.", "c.", "~", "≈", "±"]
_AT_LEAST = ["more than", "at least", "over", "above", "≥", ">=", ">"]
_UP_TO = ["as much as", "up to", "at most", "≤", "<="]
_QUALIFIERS = sorted(
    [(w, "approximate") for w in _APPROXIMATE] + [(w, "at-least") for w in _AT_LEAST] + [(w, "up-to") for w in _UP_TO],
    key=lambda item: -len(item[0]),
)
_BASIS = re.compile(r"[\s,;]*\(?\s*(pre|post)[\s-]?money(?:\s+valuation)?\s*\)?$", re.IGNORECASE)
_TRAILING_NOTE = re.compile(r"^(.*?)\s*\(([^()]*)\)$")
_RANGE_SPLIT = re.compile(r"\s*(?:–|—|−|-|\bto\b)\s*")
# Words a sheet writes around a figure about how sure it is. `disputed` becomes the round's
# disputed flag; the others keep the figure and say so (a note, or a conflicting report beside
# another row's figure). The strongest word wins when a cell has several.
SAID = {
    "disputed": "disputed",
    "contested": "disputed",
    "rumoured": "rumoured",
    "rumored": "rumoured",
    "unconfirmed": "unconfirmed",
    "unverified": "unconfirmed",
    "alleged": "unconfirmed",
    "reported": "reported",
    "reportedly": "reported",
    "estimated": "estimated",
    "estimate": "estimated",
    "est.": "estimated",
}
_SAID_ORDER = ["disputed", "rumoured", "unconfirmed", "reported", "estimated"]
# Words that only say what the figure is ("a reported range"): read, and nothing kept of them.
_FILLER = {"range", "a", "of", "total", "in", "total:", "approx", "figure"}
_WORDS = re.compile(r"^[a-z.:]+$")
_BRACKETED = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*(.*)$")
_SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")


def normalize(text: str) -> str:
    """Spaces of every kind as one space, trimmed."""
    return _SPACES.sub(" ", text).strip()


def written_amount(value: Decimal) -> str:
    """The shortest exact way to write `value` in a content file: 1B, 2.8B, 282M, 1234567.

    A suffix is used when it leaves at most two decimals, so a figure stays easy to read.
    """
    for suffix, scale in (("T", 10**12), ("B", 10**9), ("M", 10**6), ("K", 10**3)):
        scaled = value / scale
        # Not quantize(): it fails on a figure of more than 28 digits, which the checks after
        # this report at its cell (more than 10^18) rather than stopping with a traceback.
        if scaled >= 1 and scaled * 100 == (scaled * 100).to_integral_value():
            return _plain(scaled) + suffix
    return _plain(value)


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def currency_code(token: str, reading: MoneyReading) -> str:
    """The ISO 4217 code a currency symbol or code stands for; CellError when it is not certain."""
    if token in reading.symbols:
        return reading.symbols[token]
    if token in AMBIGUOUS:
        raise CellError(
            f"'{token}' may mean {AMBIGUOUS[token]}; say which in the mapping file, "
            f'such as currency: {{symbols: {{"{token}": CNY}}}}'
        )
    if token in SYMBOLS:
        return SYMBOLS[token]
    if re.fullmatch(r"[A-Z]{3}", token) and is_currency_code(token):
        return token
    raise CellError(f"'{token}' is not a currency this importer knows; write an ISO 4217 code such as USD or CNY")


@dataclass
class _Part:
    number: Decimal
    scale: int | None
    currency: str | None


def _strip_qualifier(text: str) -> tuple[str, str | None]:
    lowered = text.lower()
    for word, precision in _QUALIFIERS:
        if lowered.startswith(word) and (not word[-1].isalpha() or not lowered[len(word) :][:1].isalpha()):
            return text[len(word) :].strip(), precision
    if text.endswith("+"):
        return text[:-1].strip(), "at-least"
    return text, None


def _scale_at(rest: str) -> tuple[int | None, str]:
    lowered = rest.lower()
    for word, scale in _SCALES:
        if lowered.startswith(word):
            after = rest[len(word) :]
            if word.isascii() and after[:1].isalpha():
                continue  # `BRL` is a currency, not a billion
            return scale, after.strip()
    return None, rest


def _part(text: str, cell: str, reading: MoneyReading) -> _Part:
    """One figure: [currency] number [scale] [currency]."""
    match = _NUMBER.search(text)
    if match is None:
        raise CellError(f"cannot read '{cell}' as an amount; write it like $1.5B, €480M or 2000000 CNY")
    before, after = text[: match.start()].strip(), text[match.end() :].strip()
    if re.match(r"[.,]\d", text[match.end() :]):  # 1,5B or 1.200.000: a decimal comma, or dots between thousands
        raise CellError(f"cannot read the number in '{cell}'; write 1.5B, 1,200,000 or 1200000")
    scale, after = _scale_at(after)
    currencies = [currency_code(token, reading) for token in (before, after) if token]
    if len(set(currencies)) > 1:
        raise CellError(f"'{cell}' names two currencies, {currencies[0]} and {currencies[1]}")
    return _Part(Decimal(match.group().replace(",", "")), scale, currencies[0] if currencies else None)


def _currency(parts: list[_Part], cell: str, reading: MoneyReading, row_currency: str | None) -> str:
    named = {part.currency for part in parts if part.currency}
    if len(named) > 1:
        raise CellError(f"'{cell}' names two currencies, {' and '.join(sorted(named))}")
    if named:
        return named.pop()
    if row_currency:
        return row_currency
    if reading.default_currency:
        return reading.default_currency
    raise CellError(
        f"'{cell}' has no currency; write it ($1.5B, 2B CNY), or give the mapping file "
        "a currency column or currency: {default: USD}"
    )


def _said_in(words: str) -> tuple[bool, str | None]:
    """Whether `words` are only words about the figure, and the strongest sureness word among them."""
    pieces = words.lower().replace(",", " ").split()
    if not pieces or not all(_WORDS.match(piece) and (piece in SAID or piece in _FILLER) for piece in pieces):
        return False, None
    found = {SAID[piece] for piece in pieces if piece in SAID}
    return True, next((word for word in _SAID_ORDER if word in found), None)


def _strip_said(text: str) -> tuple[str, str | None]:
    """`$3.5B–$5B (reported range)`, `$3B (disputed)`, `rumoured $80M`: the figure, and the word."""
    said: set[str | None] = set()
    while True:
        bracket = _BRACKETED.match(text)
        if bracket and not bracket.group(3):
            only_words, word = _said_in(bracket.group(2))
            if only_words:
                said.add(word)
                text = bracket.group(1).strip()
                continue
        first, _, rest = text.partition(" ")
        only_words, word = _said_in(first)
        if rest and only_words and not _NUMBER.match(first):
            said.add(word)
            text = rest.strip()
            continue
        head, _, last = text.rpartition(" ")
        only_words, word = _said_in(last)
        if head and only_words:
            said.add(word)
            text = head.strip()
            continue
        break
    said.discard(None)
    return text, next((word for word in _SAID_ORDER if word in said), None)


def parse_money(cell: str, reading: MoneyReading, valuation: bool, row_currency: str | None = None):
    """A Figure, UNDISCLOSED, or None for an empty cell; CellError when it cannot be read for certain.

    `row_currency` is the currency a separate column of the row gives, used when the cell has none.
    """
    text = normalize(cell)
    if not text or text.lower() in _NO_FIGURE:
        return None
    if text.lower() in _UNDISCLOSED:
        return UNDISCLOSED
    text, said = _strip_said(text)
    if not text:
        raise CellError(f"cannot read '{cell}' as an amount; write it like $1.5B, €480M or 2000000 CNY")
    basis = None
    found = _BASIS.search(text)
    if found:
        if not valuation:
            raise CellError(
                f"'{cell}' is {found.group(1).lower()}-money: only a valuation has a basis; "
                "map this column as the valuation"
            )
        basis = f"{found.group(1).lower()}-money"
        text = text[: found.start()].strip()
    text, basis = _basis_after(text, cell, valuation, basis)
    text, said_before_basis = _strip_said(text)  # `~$4B (reported) post-money`
    said = said or said_before_basis
    conversion = None
    note = _TRAILING_NOTE.match(text)
    if note:
        # `¥2.0B (≈$282M)`: the sheet's own conversion, kept as such; Roundbook converts with its own rates.
        inside = note.group(2).strip()
        try:
            part = _part(_strip_qualifier(inside)[0], cell, MoneyReading(symbols={"¥": "CNY", "￥": "CNY"}))
        except CellError:
            raise CellError(
                f"cannot read '({inside})' in '{cell}'; only a conversion such as (≈$282M) or words "
                "such as (disputed) may follow the figure in brackets"
            ) from None
        conversion = Figure(part.currency or "USD", "approximate", value=part.number * (part.scale or 1))
        text = note.group(1).strip()
    text, precision = _strip_qualifier(text)
    if said == "estimated" and precision is None:
        precision = "approximate"
    figure = _figure(text, cell, reading, row_currency, precision, basis)
    return replace(figure, said=said, conversion=conversion)


def _basis_after(text: str, cell: str, valuation: bool, basis: str | None) -> tuple[str, str | None]:
    """`~$4B (post-money)` after the words were taken off: the basis, once more, at the end."""
    found = _BASIS.search(text)
    if not found:
        return text, basis
    if not valuation:
        raise CellError(
            f"'{cell}' is {found.group(1).lower()}-money: only a valuation has a basis; "
            "map this column as the valuation"
        )
    return text[: found.start()].strip(), f"{found.group(1).lower()}-money"


def _figure(
    text: str, cell: str, reading: MoneyReading, row_currency: str | None, precision: str | None, basis: str | None
) -> Figure:
    lowered = text.lower()
    if lowered.startswith("between "):
        text = re.sub(r"\band\b", "to", text[len("between ") :], count=1)
    sides = _RANGE_SPLIT.split(text)
    if len(sides) > 2 or not all(sides):
        raise CellError(f"cannot read '{cell}' as an amount; write it like $1.5B, €480M or $3.5B–$5B")
    parts = [_part(side, cell, reading) for side in sides]
    currency = _currency(parts, cell, reading, row_currency)
    if len(parts) == 2:
        if precision is not None:
            raise CellError(f"'{cell}' is a range and {precision} at once; the format holds one of them")
        low, high = parts
        if low.scale is None:
            low.scale = high.scale  # `$3.5–5B`: the scale written once is for both ends
        low_value, high_value = (part.number * (part.scale or 1) for part in (low, high))
        if low_value >= high_value:
            raise CellError(f"'{cell}': the low end of a range must be smaller than the high end")
        if low_value <= 0:
            raise CellError(f"'{cell}': an amount must be greater than zero")
        return Figure(currency, "range", min=low_value, max=high_value, basis=basis)
    value = parts[0].number * (parts[0].scale or 1)
    if value <= 0:
        raise CellError(f"'{cell}': an amount must be greater than zero")
    return Figure(currency, precision or "exact", value=value, basis=basis)


def parse_plain_amount(cell: str) -> Decimal | None:
    """A machine-written number (`1000000000`, `2.5E8`); None for an empty cell."""
    text = cell.strip()
    if not text:
        return None
    if not re.fullmatch(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?", text):
        raise CellError(f"'{cell}' is not a number")
    return Decimal(text)
