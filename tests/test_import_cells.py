"""The cells `roundbook import` reads: money and dates as people write them, lists of names,
stages, and CSV tables. Every figure here is made up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from roundbook.importers.dates import full_year, parse_date
from roundbook.importers.details import country_code
from roundbook.importers.money import UNDISCLOSED, CellError, Figure, MoneyReading, parse_money, written_amount
from roundbook.importers.names import lead_marked, split_names
from roundbook.importers.stages import UnsupportedStage, crunchbase_stage, written_stage
from roundbook.importers.tables import Column, locate, read_table
from roundbook.problems import Problems

TODAY = dt.date(2026, 11, 29)
YUAN = MoneyReading(symbols={"¥": "CNY"})
B, M = Decimal(10) ** 9, Decimal(10) ** 6


@pytest.mark.parametrize(
    "cell, valuation, expected",
    [
        ("$1.0B", False, Figure("USD", value=1 * B)),
        ("¥2.0B (≈$282M)", False, Figure("CNY", value=2 * B)),
        ("€480M", False, Figure("EUR", value=480 * M)),
        ("~$2.8B", True, Figure("USD", "approximate", value=Decimal("2.8") * B)),
        ("$2.0B+", False, Figure("USD", "at-least", value=2 * B)),
        ("up to $18B", False, Figure("USD", "up-to", value=18 * B)),
        ("$3.5B–$5B", True, Figure("USD", "range", min=Decimal("3.5") * B, max=5 * B)),
        ("$3.5B-$5B", True, Figure("USD", "range", min=Decimal("3.5") * B, max=5 * B)),
        ("$3.5B to $5B", True, Figure("USD", "range", min=Decimal("3.5") * B, max=5 * B)),
        ("$3.5–5B", True, Figure("USD", "range", min=Decimal("3.5") * B, max=5 * B)),
        ("$500M–1B", True, Figure("USD", "range", min=500 * M, max=1 * B)),
        ("between $1B and $2B", True, Figure("USD", "range", min=1 * B, max=2 * B)),
        ("$4B pre-money", True, Figure("USD", value=4 * B, basis="pre-money")),
        ("$4B post-money", True, Figure("USD", value=4 * B, basis="post-money")),
        ("~$4B (post-money)", True, Figure("USD", "approximate", value=4 * B, basis="post-money")),
        ("¥30B (≈$4.2B) post-money", True, Figure("CNY", value=30 * B, basis="post-money")),
        ("US$ 300 million", False, Figure("USD", value=300 * M)),
        ("HK$2B", False, Figure("HKD", value=2 * B)),
        ("2 billion yuan", False, Figure("CNY", value=2 * B)),
        ("20亿元", False, Figure("CNY", value=2 * B)),
        ("2B BRL", False, Figure("BRL", value=2 * B)),
        ("CNY 1,200,000", False, Figure("CNY", value=Decimal(1_200_000))),
        ("about $1.5bn", False, Figure("USD", "approximate", value=Decimal("1.5") * B)),
        ("more than $2B", False, Figure("USD", "at-least", value=2 * B)),
    ],
)
def test_money_cells_give_value_currency_precision_and_basis(cell, valuation, expected):
    assert parse_money(cell, YUAN, valuation) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Undisclosed", UNDISCLOSED),
        ("undisclosed", UNDISCLOSED),
        ("not disclosed", UNDISCLOSED),
        ("", None),
        ("  ", None),
        ("—", None),
    ],
)
def test_undisclosed_and_empty_cells(cell, expected):
    assert parse_money(cell, MoneyReading(), valuation=False) == expected


def test_a_figure_without_currency_takes_the_rows_or_the_mappings():
    assert parse_money("5M", MoneyReading(), False, row_currency="EUR") == Figure("EUR", value=5 * M)
    assert parse_money("5M", MoneyReading(default_currency="SGD"), False) == Figure("SGD", value=5 * M)
    assert parse_money("$5M", MoneyReading(default_currency="SGD"), False) == Figure("USD", value=5 * M)
    assert parse_money("$5M", MoneyReading(symbols={"$": "AUD"}), False) == Figure("AUD", value=5 * M)


@pytest.mark.parametrize(
    "cell, message",
    [
        (
            "¥2.0B",
            "'¥' may mean the yuan (CNY) or the yen (JPY); say which in the mapping file, "
            'such as currency: {symbols: {"¥": CNY}}',
        ),
        (
            "5M",
            "'5M' has no currency; write it ($1.5B, 2B CNY), or give the mapping file a currency column "
            "or currency: {default: USD}",
        ),
        (
            "$2B (Series C)",
            "cannot read '(Series C)' in '$2B (Series C)'; only a conversion such as (≈$282M) "
            "or words such as (disputed) may follow the figure in brackets",
        ),
        ("1,5B $", "cannot read the number in '1,5B $'; write 1.5B, 1,200,000 or 1200000"),
        ("~$3–5B", "'~$3–5B' is a range and approximate at once; the format holds one of them"),
        ("$5B–$3B", "'$5B–$3B': the low end of a range must be smaller than the high end"),
        ("$0", "'$0': an amount must be greater than zero"),
        ("US$1B EUR", "'US$1B EUR' names two currencies, USD and EUR"),
        (
            "12 kr",
            "'kr' may mean Swedish, Norwegian, Danish or Icelandic krona (SEK, NOK, DKK, ISK); say which in "
            'the mapping file, such as currency: {symbols: {"kr": CNY}}',
        ),
        ("lots", "cannot read 'lots' as an amount; write it like $1.5B, €480M or 2000000 CNY"),
        ("$1B-", "cannot read '$1B-' as an amount; write it like $1.5B, €480M or $3.5B–$5B"),
        ("5 doubloons", "'doubloons' is not a currency this importer knows; write an ISO 4217 code such as USD or CNY"),
    ],
)
def test_money_cells_that_cannot_be_read_for_certain(cell, message):
    with pytest.raises(CellError) as error:
        parse_money(cell, MoneyReading(), valuation=True)
    assert str(error.value) == message


def test_only_a_valuation_has_a_basis():
    with pytest.raises(
        CellError,
        match=r"^'\$4B pre-money' is pre-money: only a valuation has a basis; "
        "map this column as the valuation$",
    ):
        parse_money("$4B pre-money", MoneyReading(), valuation=False)


@pytest.mark.parametrize(
    "value, written",
    [
        ("1000000000.0", "1B"),
        ("2800000000", "2.8B"),
        ("282000000", "282M"),
        ("1234567", "1234567"),
        ("1500", "1.5K"),
        ("2050000000", "2.05B"),
        ("999", "999"),
    ],
)
def test_amounts_are_written_exactly_and_short(value, written):
    assert written_amount(Decimal(value)) == written


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("2026-02-04", "2026-02-04"),
        ("2026-02", "2026-02"),
        ("2026", "2026"),
        ("1-May-07", "2007-05-01"),
        ("01-May-2007", "2007-05-01"),
        ("May-07", "2007-05"),
        ("May 2007", "2007-05"),
        ("1 May 2007", "2007-05-01"),
        ("May 1, 2007", "2007-05-01"),
        ("2026/2/4", "2026-02-04"),
        ("2024-03-05T10:00:00Z", "2024-03-05"),
        ("31-Dec-99", "1999-12-31"),
        ("1-Jan-26", "2026-01-01"),
        ("1-Jan-27", "1927-01-01"),
        ("", None),
    ],
)
def test_date_cells(cell, expected):
    assert parse_date(cell, TODAY) == expected


def test_two_digit_years_pivot_on_the_current_year():
    assert [full_year(yy, dt.date(2026, 6, 1)) for yy in ("00", "07", "26", "27", "99")] == [
        2000,
        2007,
        2026,
        1927,
        1999,
    ]
    assert full_year("27", dt.date(2027, 1, 1)) == 2027


@pytest.mark.parametrize(
    "cell, message",
    [
        ("02/04/2026", "'02/04/2026' could be day/month or month/day; write it as YYYY-MM-DD"),
        ("Q1 2024", "cannot read 'Q1 2024' as a date; write YYYY-MM-DD, YYYY-MM or YYYY"),
        ("30-Feb-24", "'30-Feb-24' is not a day of the calendar"),
        ("2026-13", "'2026-13' has no month 13"),
        ("2027-01", "'2027-01' is in the future"),
        ("1700", "'1700' is before 1800"),
    ],
)
def test_date_cells_that_cannot_be_read(cell, message):
    with pytest.raises(CellError) as error:
        parse_date(cell, TODAY)
    assert str(error.value) == message


@pytest.mark.parametrize(
    "cell, names",
    [
        ("Alibaba, Tencent", ["Alibaba", "Tencent"]),
        ("Alibaba; Tencent", ["Alibaba", "Tencent"]),
        ("Founders Fund, LLC; Tencent", ["Founders Fund, LLC", "Tencent"]),
        ("Acme, Inc., Beta Capital", ["Acme, Inc.", "Beta Capital"]),
        ('{"Sequoia Capital",Tencent}', ["Sequoia Capital", "Tencent"]),
        (" Alibaba ;; alibaba ; Alibaba ", ["Alibaba", "alibaba"]),
        ("", []),
    ],
)
def test_investor_lists_split_on_commas_or_semicolons(cell, names):
    assert split_names(cell) == names


def test_a_lead_is_marked_in_brackets():
    assert lead_marked("Alibaba (lead)") == ("Alibaba", True)
    assert lead_marked("Alibaba (Lead investor)") == ("Alibaba", True)
    assert lead_marked("Alibaba") == ("Alibaba", False)


@pytest.mark.parametrize(
    "round_type, code, stage",
    [
        ("venture", "A", ("series-a", False)),
        ("venture", "b+", ("series-b", True)),
        ("venture", "", ("venture-undisclosed", False)),
        ("seed", "", ("seed", False)),
        ("corporate_round", "", ("strategic", False)),
        ("series_c", "", ("series-c", False)),
        ("debt_financing", "", ("debt", False)),
        ("non_equity_assistance", "", ("non-equity", False)),
    ],
)
def test_crunchbase_round_types(round_type, code, stage):
    assert crunchbase_stage(round_type, code) == stage


def test_crunchbase_types_without_a_stage_are_skipped_and_unknown_ones_refused():
    with pytest.raises(UnsupportedStage, match=r"^round type 'convertible_note' \(a convertible note\) has no stage"):
        crunchbase_stage("convertible_note", "")
    with pytest.raises(ValueError, match=r"^unknown round type 'mezzanine'; Crunchbase's types are: angel, "):
        crunchbase_stage("mezzanine", "")
    with pytest.raises(ValueError, match=r"^round code 'Z' is not a series A to K$"):
        crunchbase_stage("venture", "Z")


@pytest.mark.parametrize(
    "cell, stage",
    [
        ("Series B", ("series-b", False)),
        ("Series B+", ("series-b", True)),
        ("series-b", ("series-b", False)),
        ("SERIES C extension", ("series-c", True)),
        ("Pre-Seed", ("pre-seed", False)),
        ("Venture", ("venture-undisclosed", False)),
        ("Corporate round", ("strategic", False)),
        ("Mezzanine", ("growth", False)),
    ],
)
def test_written_stages(cell, stage):
    assert written_stage(cell, {"Mezzanine": "growth"}) == stage


def test_an_unknown_written_stage_is_refused():
    with pytest.raises(ValueError, match=r"^unknown stage 'Series Z'; write Seed, Series A … Series K"):
        written_stage("Series Z", {})


def test_tables_number_rows_as_a_spreadsheet_does(tmp_path):
    # A cell over two lines is still one row; a blank line is a row with nothing in it.
    path = tmp_path / "deals.csv"
    path.write_bytes('\ufeffCompany;Amount\n\nAcme;"$1,0\nB"\nBeta;$2B\n;\n'.encode())
    problems = Problems()
    table = read_table(path, "deals.csv", problems)
    assert not problems
    assert table.header == ["Company", "Amount"]
    assert [(row.number, row.cells) for row in table.rows] == [(3, ["Acme", "$1,0\nB"]), (4, ["Beta", "$2B"])]


def test_table_problems_point_at_their_row_and_column(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_bytes(b"Company,Amount,company\nAcme,$1B,x,extra\n")
    problems = Problems()
    table = read_table(path, "deals.csv", problems)
    locate(table, [Column("date", ("announced_on", "funded_at"), required=True)], problems)
    assert [str(p) for p in problems.sorted()] == [
        "deals.csv:1:1: missing column 'announced_on' (or 'funded_at')",
        "deals.csv:1:3: column 'company' appears twice (first as column 1)",
        "deals.csv:2:4: this row has 4 cells but the header names 3 columns",
    ]


def test_a_table_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "deals.csv"
    path.write_bytes(b"Company\nCaf\xe9\n")
    problems = Problems()
    assert read_table(path, "deals.csv", problems) is None
    assert [str(p) for p in problems.items] == ["deals.csv:2:1: invalid UTF-8 (byte 0xe9); save the file as CSV UTF-8"]


@pytest.mark.parametrize(
    "cell, expected, said",
    [
        ("$3.5B–$5B (reported range)", Figure("USD", "range", min=Decimal("3.5") * B, max=5 * B), "reported"),
        ("reported range $3.5B to $5B", Figure("USD", "range", min=Decimal("3.5") * B, max=5 * B), "reported"),
        ("$3B (disputed)", Figure("USD", value=3 * B), "disputed"),
        ("disputed $3B", Figure("USD", value=3 * B), "disputed"),
        ("€80M (rumoured)", Figure("EUR", value=80 * M), "rumoured"),
        ("$250M (unconfirmed)", Figure("USD", value=250 * M), "unconfirmed"),
        ("$2B (estimated)", Figure("USD", "approximate", value=2 * B), "estimated"),
        ("≈$2.8B", Figure("USD", "approximate", value=Decimal("2.8") * B), None),
        ("$900K", Figure("USD", value=900_000), None),
        ("SEK 40 million", Figure("SEK", value=40 * M), None),
        ("~$4B (reported) post-money", Figure("USD", "approximate", value=4 * B, basis="post-money"), "reported"),
    ],
)
def test_words_about_a_figure_are_read_and_kept_apart(cell, expected, said):
    figure = parse_money(cell, YUAN, valuation=True)
    assert (figure, figure.said) == (expected, said)


def test_the_sheets_own_conversion_in_brackets_is_kept():
    figure = parse_money("¥2.0B (≈$282M)", YUAN, valuation=False)
    assert (figure, figure.conversion) == (Figure("CNY", value=2 * B), Figure("USD", "approximate", value=282 * M))


@pytest.mark.parametrize(
    "cell, code",
    [
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("China", "CN"),
        ("South Korea", "KR"),
        ("USA", "US"),
        ("CHN", "CN"),
        ("France", "FR"),
        ("Taiwan", "TW"),
        ("Atlantis", None),
    ],
)
def test_country_names_and_abbreviations_become_iso_codes(cell, code):
    assert country_code(cell) == code


def test_a_mappings_own_country_names_come_first():
    assert country_code("Formosa", {"formosa": "TW"}) == "TW"
