"""Figures stay in the range every later step handles: a float of one never becomes 0 or infinity,
and rounding to the dollar or writing a figure short never fails, however absurd the input."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest

from conftest import TODAY, mkdocs_build
from roundbook.export.values import dollars, number
from roundbook.importers.money import written_amount
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Problems
from roundbook.schema.fields import (
    INVALID,
    MAX_AMOUNT,
    MIN_AMOUNT,
    MIN_RATE,
    CheckContext,
    ListType,
    LiteralOr,
    MapType,
    ObjectType,
)
from roundbook.schema.kinds import KINDS, ROUND
from roundbook.schema.values import Number

AMOUNT = ROUND.by_name["amount"].type.other.by_name["value"].type
RATE = KINDS["currency-rates"].by_name["rates"].type.value.value


def check(field_type, written: str):
    """The field type's answer for `x: <written>`, and the problems it reported."""
    problems = Problems()
    node = read_yaml("f.yml", f"x: {written}\n".encode(), problems).get("x")
    assert not problems
    value = field_type.check(node, CheckContext(problems, TODAY), "value")
    return value, [p.message for p in problems.items]


@pytest.mark.parametrize(
    "written, message",
    [
        ("1e-400", "'value' 1e-400 is below 1; check the figure and its currency"),  # a float of 0
        ("0.5", "'value' 0.5 is below 1; check the figure and its currency"),
        ("0.0000000005B", "'value' 0.0000000005B is below 1; check the figure and its currency"),
        (
            "1e-9999999999999999999999",
            "'value' 1e-9999999999999999999999 is below 1; check the figure and its currency",
        ),
        ("1e400", "'value' 1e400 is more than 10^18; check the figure and its currency"),  # a float of infinity
        (
            "1e9999999999999999999999",
            "'value' 1e9999999999999999999999 is more than 10^18; check the figure and its currency",
        ),
        (
            "9" * 4_500,
            "'value' 99999999999999999999… (4,500 characters) is more than 10^18; check the figure and its currency",
        ),
        ("0e9999999999999999999999", "'value' must be greater than zero"),
        ("-1e9999999999999999999999", "'value' must be greater than zero"),
    ],
)
def test_an_amount_out_of_range_is_a_problem(written, message):
    assert check(AMOUNT, written) == (INVALID, [message])


@pytest.mark.parametrize(
    "written, value", [("1", 1), ("1e0", 1), ("0.001K", 1), ("1e18", 10**18), ("1000000T", 10**18)]
)
def test_an_amount_at_either_bound_passes(written, value):
    checked, problems = check(AMOUNT, written)
    assert (checked, problems) == (Number(Decimal(value), checked.mark), [])


@pytest.mark.parametrize(
    "written, problems",
    [
        ("0.3", []),  # the Kuwaiti dinar
        ("0.000001", []),
        ("1e-6", []),
        ("0.0000009", ["'value' 0.0000009 is below 0.000001; check the rate, in units of the currency per US dollar"]),
        ("1e-400", ["'value' 1e-400 is below 0.000001; check the rate, in units of the currency per US dollar"]),
        ("1e400", ["'value' 1e400 is more than 10^18; check the rate, in units of the currency per US dollar"]),
    ],
)
def test_a_rate_has_its_own_floor(written, problems):
    assert check(RATE, written)[1] == problems


def test_the_schemas_say_the_same_bounds():
    assert AMOUNT.json_schema()["oneOf"][0] == {"type": "number", "minimum": 1, "maximum": 10**18}
    assert RATE.json_schema()["oneOf"][0] == {"type": "number", "minimum": 0.000001, "maximum": 10**18}
    assert json.dumps(RATE.json_schema()["oneOf"][0]["minimum"]) == "1e-06"


def _leaves(field_type):
    """Every field type that reads a single value, in any kind of file."""
    if isinstance(field_type, ObjectType):
        for spec in field_type.fields:
            yield from _leaves(spec.type)
    elif isinstance(field_type, ListType):
        yield from _leaves(field_type.item)
    elif isinstance(field_type, MapType):
        yield from _leaves(field_type.key)
        yield from _leaves(field_type.value)
    elif isinstance(field_type, LiteralOr):
        yield from _leaves(field_type.other)
    else:
        yield field_type


@pytest.mark.parametrize("written", ["1e400", "-1e400", "1e-400", "9" * 4_500, "1e9999999999999999999999"])
def test_no_field_takes_a_number_a_float_cannot_hold(written):
    """YAML reads these as floats of infinity or 0 (an integer of 4,500 digits too: Python reads no
    longer one): a field either refuses them or keeps a figure inside the bounds."""
    for kind in KINDS.values():
        for leaf in _leaves(kind):
            value, problems = check(leaf, written)
            if value is INVALID:
                assert problems, leaf
            else:
                assert not isinstance(value, float), leaf
                if isinstance(value, Number):
                    assert MIN_RATE <= value.value <= MAX_AMOUNT and math.isfinite(float(value.value))


def test_the_extremes_convert_to_finite_non_zero_figures():
    smallest, largest = MIN_AMOUNT / MAX_AMOUNT, MAX_AMOUNT / MIN_RATE  # 1 unit at 10^18 a dollar; 10^18 at 10^-6
    assert 0 < number(smallest) and math.isfinite(number(largest)) and number(MIN_RATE) == 0.000001
    assert (dollars(smallest), dollars(largest)) == (0, 10**24)


def test_rounding_to_the_dollar_takes_any_total():
    # Ten thousand figures of 10^18 at a millionth of a dollar: more digits than Decimal's 28.
    assert dollars(10_000 * MAX_AMOUNT / MIN_RATE) == 10**28
    assert dollars(Decimal("2.5")) == 2 and dollars(Decimal("3.5")) == 4  # to the even dollar, as before


def test_a_figure_too_long_for_decimal_arithmetic_is_still_written_for_the_check_to_refuse():
    assert written_amount(Decimal("1" + "0" * 39)) == "1000000000000000000000000000T"
    assert written_amount(Decimal("1234567.5")) == "1234567.5"


@pytest.mark.build
def test_a_site_with_the_extreme_figures_builds(project):
    rates = project / "content/reference/currency-rates.yml"
    rates.write_text(rates.read_text() + "  XAU:\n    2024-03: 0.000001\n  IRR:\n    2024-03: 1e18\n")
    for slug, value, currency in (("2024-03-largest", "1e18", "XAU"), ("2024-03-smallest", "1", "IRR")):
        (project / f"content/rounds/acme-robotics/{slug}.yml").write_text(
            f"announced: 2024-03\nstage: seed\namount: {{value: {value}, currency: {currency}}}\n"
            "sources: [{id: s, url: 'https://news.example/x', publisher: Example News}]\n"
        )
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    api = json.loads((project / "site/api/v1/companies/acme-robotics.json").read_text())
    amounts = {
        r["id"]: (r["amount"]["value"], r["amount"]["usd"]["value"], r["amount"]["usd"]["rate"])
        for r in api["rounds"]
        if r["id"] in ("2024-03-largest", "2024-03-smallest")
    }
    assert amounts == {"2024-03-largest": (10**18, 10**24, 0.000001), "2024-03-smallest": (1, 0, 10**18)}
