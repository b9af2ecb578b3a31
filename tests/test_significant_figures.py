"""Figures as precise as their source (roundbook/text.py): a converted or summed figure shows no
more significant digits than the figures it comes from, while the CSV downloads and the JSON API
keep every digit.

The cases are real rounds of the starter dataset, with the ECB monthly rates that
content/reference/currency-rates.yml gives them (written out here: engine tests never read content/).
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest

from conftest import FIXTURE_CONTENT, TODAY
from roundbook.export import SiteInfo
from roundbook.export.api import api_files
from roundbook.export.api_v2 import api_v2_files
from roundbook.export.csv_files import csv_files
from roundbook.model.money import Money, total_in_dollars
from roundbook.pipeline import load_dataset
from roundbook.rates.conversion import RateTable
from roundbook.text import money_text, significant_digits, to_significant, total_figure, total_text

# Units per US dollar, monthly means of the ECB's reference rates.
RATES = RateTable(
    {
        "CNY": {"2024-07": Decimal("7.2620"), "2026-01": Decimal("6.9693")},
        "EUR": {"2024-06": Decimal("0.9295")},
    }
)
BILLION, MILLION = Decimal(10) ** 9, Decimal(10) ** 6


def converted(money: Money, month: str) -> Money:
    dollars = money.in_dollars(RATES, month)
    assert dollars is not None
    return dollars


@pytest.mark.parametrize(
    ("value", "digits"),
    [("5000000000", 1), ("2800000000", 2), ("1234500000", 5), ("717000000", 3), ("1500000", 2), ("0.5", 1)],
)
def test_a_figure_has_the_significant_digits_its_source_wrote(value, digits):
    assert significant_digits(Decimal(value)) == digits


def test_rounding_to_significant_digits():
    assert to_significant(Decimal("688524000"), 1) == Decimal("700000000")
    assert to_significant(Decimal("169994491.87"), 5) == Decimal("169990000")
    assert to_significant(Decimal("717000000"), 5) == Decimal("717000000")  # fewer digits than asked: as it is


def test_a_yuan_figure_converted_to_dollars_has_its_sources_one_digit():
    # Baichuan, July 2024: 5 billion yuan, $688.52M at 7.2620: the "≈ $688.52M".
    amount = Money("CNY", "exact", 5 * BILLION)
    dollars = converted(amount, "2024-07")
    assert round(dollars.value / MILLION, 2) == Decimal("688.52")
    assert money_text(amount) == "CN¥5B"
    assert money_text(dollars) == "$700M"


def test_an_approximate_figure_keeps_its_own_digits_and_its_conversion_no_more():
    # SCMP on the same round: "about 5 billion yuan".
    amount = Money("CNY", "approximate", 5 * BILLION)
    assert money_text(amount) == "~CN¥5B"
    assert money_text(converted(amount, "2024-07")) == "~$700M"
    assert money_text(Money("USD", "approximate", Decimal("2834000000"))) == "~$2.83B"  # two decimals at most


def test_an_exact_figure_keeps_its_digits_in_its_own_currency_and_converted():
    assert money_text(Money("USD", "exact", Decimal("717000000"))) == "$717M"  # StepFun, as Startup Wired gives it
    amount = Money("CNY", "exact", Decimal("1234500000"))  # five significant digits
    assert money_text(amount) == "CN¥1.23B"  # as short as tables need: two decimals
    assert money_text(converted(amount, "2024-07")) == "$169.99M"


def test_a_power_of_ten_reads_as_two_digits():
    # Baichuan's 1 billion yuan would read $100M at one digit: the true $137.7M is 38 % away.
    assert money_text(converted(Money("CNY", "exact", BILLION), "2024-07")) == "$140M"


@pytest.mark.parametrize(
    ("money", "month", "shown", "in_dollars"),
    [
        # StepFun, January 2026: "over 5 billion yuan" ($717.43M at 6.9693).
        (Money("CNY", "at-least", 5 * BILLION), "2026-01", "CN¥5B+", "$700M+"),
        # A seed of "up to 1.5 million euros" ($1.6138M at 0.9295).
        (Money("EUR", "up-to", Decimal("1500000")), "2024-06", "up to €1.5M", "up to $1.6M"),
        # A range counts the digits of its more precise end for both: 3.5 billion has two.
        (Money("CNY", "range", min=Decimal("3500000000"), max=5 * BILLION), "2024-07", "CN¥3.5B–CN¥5B", "$480M–$690M"),
        # Ends that would read the same at their own digits get more: 700–800 million yuan.
        (Money("CNY", "range", min=700 * MILLION, max=800 * MILLION), "2024-07", "CN¥700M–CN¥800M", "$96M–$110M"),
    ],
)
def test_bounds_and_ranges_convert_with_their_sources_digits(money, month, shown, in_dollars):
    assert money_text(money) == shown
    assert money_text(converted(money, month)) == in_dollars


def test_a_total_is_as_precise_as_the_least_precise_figure_added():
    yuan = converted(Money("CNY", "exact", 5 * BILLION), "2024-07")  # $688.52M, known to $100M
    exact = Money("USD", "exact", Decimal("12500000"))
    total = total_in_dollars([yuan, exact])
    assert total is not None and total.value == yuan.value + exact.value  # the sum itself is exact
    assert total_text(total) == "$700M"
    approximate = total_in_dollars([Money("USD", "approximate", Decimal("2800000000")), exact])
    assert total_text(approximate) == "at least $2.8B"
    assert total_figure(approximate) == "$2.8B"  # what charts write beside their own "at least"
    exact_only = total_in_dollars([Money("USD", "exact", Decimal("2834567000")), exact])
    assert total_text(exact_only) == "$2.85B"  # exact figures: compact's two decimals only


@pytest.fixture(scope="module")
def fixture_dataset():
    dataset, problems = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    assert not problems
    return dataset


SITE = SiteInfo(url="https://example.org/tracker/", name="Test Tracker")


def test_the_pages_round_but_the_csv_and_json_files_keep_every_digit(fixture_dataset):
    # The fixture's Series B: ~CN¥5B post-money at 7.2 is $694,444,444; Acme's total, $102,000,000.
    acme = fixture_dataset.organizations["acme-robotics"]
    series_b = next(r for r in acme.rounds if r.id == "2024-03-series-b")
    assert money_text(series_b.valuation_usd) == "~$700M"
    assert total_text(acme.total_raised) == "at least $100M"

    files = {f.path: f.content for f in csv_files(fixture_dataset, SITE)}
    rounds = {row["round_id"]: row for row in csv.DictReader(io.StringIO(files["data/rounds.csv"].decode()))}
    assert rounds["2024-03-series-b"]["valuation_usd"] == "694444444"
    companies = {row["slug"]: row for row in csv.DictReader(io.StringIO(files["data/companies.csv"].decode()))}
    assert companies["acme-robotics"]["total_raised_usd"] == "102000000"

    v2 = {f.path: f.content for f in api_v2_files(fixture_dataset, SITE)}
    company = json.loads(v2["api/v2/companies/acme-robotics.json"])
    valuation = next(r for r in company["rounds"] if r["id"] == "2024-03-series-b")["valuation"]
    assert valuation["usd"]["value"] == 694444444
    assert company["total_raised"]["value"] == 102000000

    # Version 1 is frozen: its total's text stays as it was published.
    v1 = {f.path: f.content for f in api_files(fixture_dataset, SITE)}
    assert json.loads(v1["api/v1/companies/acme-robotics.json"])["total_raised"]["text"] == "at least $102M"
