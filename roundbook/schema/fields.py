"""Field types: each checks one YAML node and describes itself as JSON Schema.

One description serves both the validator and the JSON Schemas that editors use, so the two
cannot drift apart (a test also compares the committed schema files with these definitions).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

import pycountry
from babel.numbers import list_currencies

from roundbook.load.yaml_nodes import Mapping, Node, Scalar, Sequence
from roundbook.problems import Problems
from roundbook.schema.markdown_budget import markdown_overruns
from roundbook.schema.values import Items, LocatedDate, Number, PartialDate, Record, Text
from roundbook.text_safety.characters import invisible_in_name

INVALID = object()
"""Returned by a check that reported a problem; the caller drops the value."""

EARLIEST_YEAR = 1800


@dataclass
class CheckContext:
    problems: Problems
    today: dt.date
    # Dates found after `today`: the one answer of a check that a later day can change
    # (roundbook/validate/indexed.py keeps a file's answer from one day to the next without them).
    future_dates: int = 0


def suggestion(value: str, choices) -> str:
    """`; did you mean 'x'?` when one choice is close, else an empty string."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _describe(node: Node) -> str:
    if not isinstance(node, Scalar):  # the reader builds three kinds of node: the others are these two
        return "a mapping" if isinstance(node, Mapping) else "a list"
    value = node.value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {node.text}"
    if isinstance(value, (int, float)):
        return f"the number {node.text}"
    return f"the text '{node.text}'"


class FieldType:
    """Base: `check` returns a checked value or INVALID after reporting why."""

    def check(self, node: Node, ctx: CheckContext, label: str) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict:
        raise NotImplementedError


class TextType(FieldType):
    """Text: one line unless `multiline` (Markdown); a `name` must show every character it holds."""

    def __init__(
        self,
        multiline: bool = False,
        max_length: int | None = None,
        pattern: str | None = None,
        pattern_hint: str = "",
        name: bool = False,
    ):
        self.multiline = multiline
        self.max_length = max_length
        self.pattern = re.compile(pattern) if pattern else None
        self.pattern_hint = pattern_hint
        self.name = name

    def text_of(self, node: Node, ctx: CheckContext, label: str) -> Text | Any:
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            hint = "; write it in quotes" if isinstance(node, Scalar) and node.value is not None else ""
            ctx.problems.add(node.mark, f"'{label}' must be text, not {_describe(node)}{hint}")
            return INVALID
        value = node.value if self.multiline else node.value.strip()
        if not value.strip():
            ctx.problems.add(node.mark, f"'{label}' must not be empty")
            return INVALID
        return Text(value, node.mark)

    def check(self, node, ctx, label):
        text = self.text_of(node, ctx, label)
        if text is INVALID:
            return INVALID
        if not self.multiline and "\n" in text:
            ctx.problems.add(node.mark, f"'{label}' must be a single line")
            return INVALID
        if not self.multiline and "\t" in text and not self.name:
            ctx.problems.add(node.mark, f"'{label}' holds a tab; write a plain space")
            return INVALID
        if self.name and (hidden := invisible_in_name(text)) is not None:
            ctx.problems.add(node.mark, f"'{label}', character {hidden.index + 1}: {hidden.message}")
            return INVALID
        if self.multiline and (overruns := markdown_overruns(text)):
            for overrun in overruns:
                ctx.problems.add(node.mark, f"'{label}': {overrun.message}")
            return INVALID
        if self.max_length and len(text) > self.max_length:
            ctx.problems.add(node.mark, f"'{label}' is {len(text)} characters long; the limit is {self.max_length}")
            return INVALID
        if self.pattern and not self.pattern.fullmatch(text):
            ctx.problems.add(node.mark, f"'{text}' is not a valid {label}: {self.pattern_hint}")
            return INVALID
        return text

    def json_schema(self):
        schema: dict = {"type": "string", "minLength": 1}
        if self.max_length:
            schema["maxLength"] = self.max_length
        if self.pattern:
            schema["pattern"] = self.pattern.pattern
        return schema


SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_HINT = "use lowercase a-z, 0-9 and single hyphens"


def is_slug(value: str) -> bool:
    # fullmatch: `$` also matches before a final newline, and a file name may end in one.
    return re.fullmatch(SLUG_PATTERN, value) is not None


class SlugType(TextType):
    """A reference to a profile, sector or source by its slug; existence is checked across files."""

    def __init__(self):
        super().__init__(pattern=SLUG_PATTERN, pattern_hint=SLUG_HINT)


class UrlType(TextType):
    def check(self, node, ctx, label):
        text = TextType.check(self, node, ctx, label)
        if text is INVALID:
            return INVALID
        try:
            parts = urlsplit(text)
        except ValueError:  # such as an unclosed [ around an IPv6 address
            ctx.problems.add(node.mark, f"'{text}' is not a valid URL")
            return INVALID
        if parts.scheme not in ("http", "https"):
            ctx.problems.add(node.mark, f"'{label}' must be an http or https URL, not '{text}'")
            return INVALID
        if not parts.hostname or any(ch.isspace() for ch in text):
            ctx.problems.add(node.mark, f"'{text}' is not a valid URL")
            return INVALID
        return text

    def json_schema(self):
        return {"type": "string", "format": "uri", "pattern": "^https?://[^\\s/]+"}


class DateType(FieldType):
    """A partial date: `2023`, `2023-03` or `2023-03-15`, not before 1800 and not in the future."""

    def check(self, node, ctx, label):
        if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
            text = node.text  # a plain year such as `founded: 2023` reads as a number
        elif isinstance(node, Scalar) and isinstance(node.value, str):
            text = node.value.strip()
        else:
            ctx.problems.add(
                node.mark, f"'{label}' must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not {_describe(node)}"
            )
            return INVALID
        try:
            date = PartialDate.parse(text)
        except ValueError as error:
            ctx.problems.add(node.mark, f"'{label}': {error}")
            return INVALID
        if date.year < EARLIEST_YEAR:
            ctx.problems.add(node.mark, f"'{label}' {text} is before {EARLIEST_YEAR}")
            return INVALID
        if date.earliest > ctx.today:
            ctx.future_dates += 1
            ctx.problems.add(node.mark, f"'{label}' {text} is in the future")
            return INVALID
        return LocatedDate(date, node.mark)

    def json_schema(self):
        return {
            "oneOf": [
                {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"},
                {"type": "integer", "minimum": EARLIEST_YEAR, "maximum": 9999},
            ]
        }


class EnumType(FieldType):
    def __init__(self, values: dict[str, str]):
        self.values = values  # value -> what it means, shown in editors

    def check(self, node, ctx, label):
        if not isinstance(node, Scalar) or not isinstance(node.value, str):
            ctx.problems.add(node.mark, f"'{label}' must be one of: {', '.join(self.values)}")
            return INVALID
        if node.value not in self.values:
            ctx.problems.add(node.mark, f"unknown {label} '{node.value}'{self.hint(node.value)}")
            return INVALID
        return Text(node.value, node.mark)

    def hint(self, value: str) -> str:
        """What follows "unknown <label> '<value>'": the closest value, or all of them."""
        return suggestion(value, self.values) or f"; expected one of: {', '.join(self.values)}"

    def json_schema(self):
        return {"enum": list(self.values)}


class BoolType(FieldType):
    def check(self, node, ctx, label):
        if not isinstance(node, Scalar) or not isinstance(node.value, bool):
            ctx.problems.add(node.mark, f"'{label}' must be true or false, not {_describe(node)}")
            return INVALID
        return node.value

    def json_schema(self):
        return {"type": "boolean"}


class CodeType(TextType):
    """A code from an ISO list: the right shape, and present in the list."""

    def __init__(self, shape: str, exists: Callable[[str], bool], what: str):
        super().__init__()
        self.shape = shape
        self.exists = exists
        self.what = what

    def check(self, node, ctx, label):
        text = TextType.check(self, node, ctx, label)
        if text is INVALID:
            return INVALID
        if not re.match(self.shape, text) or not self.exists(text):
            ctx.problems.add(node.mark, f"'{text}' is not {self.what}")
            return INVALID
        return text

    def json_schema(self):
        return {"type": "string", "pattern": self.shape}


def CountryType() -> CodeType:
    """An ISO 3166-1 alpha-2 country code."""
    return CodeType(
        r"^[A-Z]{2}$",
        lambda code: pycountry.countries.get(alpha_2=code) is not None,
        "an ISO 3166-1 country code (such as CN, US, GB)",
    )


# pycountry has the current ISO 4217 codes only; CLDR (through babel) also has the withdrawn ones
# that older rounds and the ECB's rate history use, such as EEK, the Estonian kroon until 2010.
_CLDR_CURRENCIES = frozenset(list_currencies())


def is_currency_code(code: str) -> bool:
    """An ISO 4217 code, current or withdrawn."""
    return pycountry.currencies.get(alpha_3=code) is not None or code in _CLDR_CURRENCIES


def CurrencyType() -> CodeType:
    """An ISO 4217 currency code, current or withdrawn."""
    return CodeType(r"^[A-Z]{3}$", is_currency_code, "an ISO 4217 currency code (such as USD, CNY, EUR)")


# Room for $100 billion in the weakest currency (the Iranian rial, about 10^16), and small enough
# that every later step can turn a figure into a float and format it: a typo, not a figure.
MAX_AMOUNT = Decimal(10) ** 18
# A figure below one unit of its currency is a typo too (0.5 for 0.5B, 1e-9 for 1e9). The floor
# also keeps every figure one that a float holds: 1e-400 is above zero, but as a float it is 0.
MIN_AMOUNT = Decimal(1)
AMOUNT_ADVICE = "check the figure and its currency"
# A rate is units of a currency per US dollar: the strongest currencies are fractions (the Kuwaiti
# dinar about 0.3, a troy ounce of gold, XAU, about 0.0004), none near a millionth. The floor bounds
# a conversion too: 10^18 / 10^-6 is 10^24 dollars, inside the 28 digits Decimal rounds to the dollar.
MIN_RATE = Decimal("0.000001")
RATE_ADVICE = "check the rate, in units of the currency per US dollar"
_SCALE = {"": 1, "K": 10**3, "M": 10**6, "B": 10**9, "T": 10**12}
_AMOUNT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)([KMBT]?)$")
_LONGEST_SHOWN = 40  # characters of a figure an error repeats: the rest of 4,000 digits says nothing more


def _exactly(text: str) -> Decimal:
    """The number written in YAML's exponent form, exactly (a float would turn 1e400 into infinity
    and 1e-400 into 0). An exponent too long for Decimal means a figure beyond every limit here."""
    try:
        return Decimal(text)
    except InvalidOperation:
        mantissa, _, exponent = text.lower().partition("e")
        size = Decimal("1e-999999") if exponent.startswith("-") else Decimal("1e999999")
        return size * Decimal(mantissa).compare(0)  # keeps the sign, and a zero


def _as_written(text: str) -> str:
    if len(text) <= _LONGEST_SHOWN:
        return text
    return f"{text[: _LONGEST_SHOWN // 2]}… ({len(text):,} characters)"


class AmountType(FieldType):
    """A positive number, written out (`1000000000`) or with a K, M, B or T suffix (`1B`, `2.5B`),
    from `minimum` to 10^18, each bound a problem that ends with `advice`."""

    def __init__(self, minimum: Decimal = MIN_AMOUNT, advice: str = AMOUNT_ADVICE):
        self.minimum = minimum
        self.advice = advice

    def check(self, node, ctx, label):
        number = None
        if isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, bool):
            text = node.text.strip()
            match = _AMOUNT.match(text)
            if match:
                number = Decimal(match.group(1)) * _SCALE[match.group(2)]
            elif isinstance(node.value, float):  # 1e9 and 2.5e9 are YAML numbers too
                number = _exactly(text)
        if number is None:
            ctx.problems.add(
                node.mark, f"'{label}' must be a positive amount such as 1000000, 300M or 2.5B, not {_describe(node)}"
            )
            return INVALID
        if number <= 0:
            ctx.problems.add(node.mark, f"'{label}' must be greater than zero")
            return INVALID
        if number < self.minimum:
            ctx.problems.add(node.mark, f"'{label}' {_as_written(text)} is below {self.minimum:f}; {self.advice}")
            return INVALID
        if number > MAX_AMOUNT:
            ctx.problems.add(node.mark, f"'{label}' {_as_written(text)} is more than 10^18; {self.advice}")
            return INVALID
        return Number(number, node.mark)

    def json_schema(self):
        minimum = int(self.minimum) if self.minimum == self.minimum.to_integral_value() else float(self.minimum)
        return {
            "oneOf": [
                {"type": "number", "minimum": minimum, "maximum": int(MAX_AMOUNT)},
                {"type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?[KMBT]?$"},
            ]
        }


class ListType(FieldType):
    def __init__(self, item: FieldType, min_items: int = 0, unique: bool = False):
        self.item = item
        self.min_items = min_items
        self.unique = unique

    def check(self, node, ctx, label):
        if not isinstance(node, Sequence):
            ctx.problems.add(node.mark, f"'{label}' must be a list, not {_describe(node)}")
            return INVALID
        if len(node.items) < self.min_items:
            ctx.problems.add(
                node.mark, f"'{label}' needs at least {self.min_items} item{'s' if self.min_items > 1 else ''}"
            )
            return INVALID
        checked = []
        seen: dict[Any, int] = {}
        for item in node.items:
            value = self.item.check(item, ctx, label)
            if value is INVALID:
                continue
            if self.unique and isinstance(value, str):
                if value in seen:
                    ctx.problems.add(item.mark, f"'{value}' is listed twice in '{label}'")
                    continue
                seen[value] = item.mark.line
            checked.append(value)
        return Items(checked, node.mark)

    def json_schema(self):
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique:
            schema["uniqueItems"] = True
        return schema


@dataclass
class Field:
    """One key of a mapping: its name, its type, whether it must be present, and what it means."""

    name: str
    type: FieldType
    doc: str
    required: bool = False


Rule = Callable[[Record, CheckContext], None]


def _property_schema(spec: Field) -> dict:
    """An optional field may be written empty (`field:`), which the validator reads as left out."""
    if spec.required:
        return spec.type.json_schema()
    return {"anyOf": [spec.type.json_schema(), {"type": "null"}]}


@dataclass
class ObjectType(FieldType):
    """A mapping with known keys; unknown keys are errors, with a suggestion when one is close."""

    title: str
    fields: list[Field]
    rules: list[Rule] = field(default_factory=list)
    description: str = ""

    def __post_init__(self):
        self.by_name = {f.name: f for f in self.fields}

    def check(self, node, ctx, label):
        if not isinstance(node, Mapping):
            ctx.problems.add(node.mark, f"'{label}' must be a mapping of fields, not {_describe(node)}")
            return INVALID
        record = Record(node.mark)
        for key, (key_node, value_node) in node.entries.items():
            spec = self.by_name.get(key)
            if spec is None:
                hint = suggestion(key, self.by_name) or f"; expected one of: {', '.join(self.by_name)}"
                ctx.problems.add(key_node.mark, f"unknown field '{key}'{hint}")
                continue
            if isinstance(value_node, Scalar) and value_node.value is None and not value_node.quoted:
                # `field:` with nothing after it is the same as leaving the field out, which a
                # required field cannot be: later stages rely on every required value being there.
                if spec.required:
                    ctx.problems.add(key_node.mark, f"required field '{key}' is empty ({spec.doc})")
                continue
            value = spec.type.check(value_node, ctx, key)
            if value is not INVALID:
                record[key] = value
            else:
                record.invalid = record.invalid | {key}
        for spec in self.fields:
            if spec.required and spec.name not in node.entries and spec.name not in node.refused:
                ctx.problems.add(node.mark, f"missing required field '{spec.name}' ({spec.doc})")
        for rule in self.rules:
            rule(record, ctx)
        return record

    def json_schema(self):
        schema: dict = {
            "type": "object",
            "title": self.title,
            "additionalProperties": False,
            "properties": {f.name: {"description": f.doc, **_property_schema(f)} for f in self.fields},
        }
        if self.description:
            schema["description"] = self.description
        required = [f.name for f in self.fields if f.required]
        if required:
            schema["required"] = required
        return schema


class LiteralOr(FieldType):
    """Either one fixed word (such as `undisclosed`) or a value of another type."""

    def __init__(self, literal: str, other: FieldType):
        self.literal = literal
        self.other = other

    def check(self, node, ctx, label):
        if isinstance(node, Scalar) and node.value == self.literal:
            return Text(self.literal, node.mark)
        if isinstance(node, Scalar):
            ctx.problems.add(
                node.mark,
                f"'{label}' must be '{self.literal}' or a mapping with value and currency, not {_describe(node)}",
            )
            return INVALID
        return self.other.check(node, ctx, label)

    def json_schema(self):
        return {"oneOf": [{"const": self.literal}, self.other.json_schema()]}


class MapType(FieldType):
    """A mapping whose keys are data (currency codes, months, slugs), each value of one type."""

    def __init__(self, key: FieldType, value: FieldType, key_pattern: str, min_items: int = 0):
        self.key = key
        self.value = value
        self.key_pattern = key_pattern
        self.min_items = min_items

    def check(self, node, ctx, label):
        if not isinstance(node, Mapping):
            ctx.problems.add(node.mark, f"'{label}' must be a mapping, not {_describe(node)}")
            return INVALID
        if len(node.entries) < self.min_items:
            ctx.problems.add(node.mark, f"'{label}' needs at least {self.min_items} entries")
        record = Record(node.mark)
        for key, (key_node, value_node) in node.entries.items():
            checked_key = self.key.check(key_node, ctx, f"key in '{label}'")
            value = self.value.check(value_node, ctx, key)
            if checked_key is not INVALID and value is not INVALID:
                record[checked_key] = value
        return record

    def json_schema(self):
        schema: dict[str, Any] = {
            "type": "object",
            "propertyNames": {"pattern": self.key_pattern},
            "additionalProperties": self.value.json_schema(),
        }
        if self.min_items:
            schema["minProperties"] = self.min_items
        return schema
