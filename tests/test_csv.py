"""CSV downloads: what pandas and the csv module read is the model, row for row and number for number."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd
import pytest

from conftest import FIXTURE_CONTENT, FIXTURE_HISTORY, TODAY, assert_golden
from roundbook.export import SiteInfo
from roundbook.export.csv_files import Text, cell, csv_files
from roundbook.export.values import dollars
from roundbook.history import Freshness
from roundbook.pipeline import load_dataset

SITE = SiteInfo(url="https://example.org/tracker/", name="Test Tracker")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def fixture_files() -> dict[str, bytes]:
    dataset, problems = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    assert not problems
    return {f.path: f.content for f in csv_files(dataset, SITE, Freshness(dataset, FIXTURE_HISTORY))}


@pytest.mark.parametrize("name", ["rounds.csv", "investments.csv", "companies.csv"])
def test_the_files_are_the_golden_ones(name):
    assert_golden(f"open-data/data/{name}", fixture_files()[f"data/{name}"].decode("utf-8"))


def read(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content))  # no options: an analyst's first try must work


def check_against_model(files: dict[str, bytes], dataset) -> None:
    rounds = read(files["data/rounds.csv"])
    assert len(rounds) == len(dataset.rounds)
    assert not rounds.duplicated(["company_slug", "round_id"]).any()
    for column in (
        "amount_value",
        "amount_usd",
        "valuation_value",
        "valuation_usd",
        "investor_count",
        "amount_usd_rate",
    ):
        assert pd.api.types.is_numeric_dtype(rounds[column]), column
    assert pd.api.types.is_bool_dtype(rounds["disputed"])
    for row, model in zip(rounds.itertuples(), dataset.rounds, strict=True):
        assert (row.company_slug, row.round_id) == (model.company.slug, model.id)
        usd = model.amount_usd.value if model.amount_usd is not None else None
        assert (pd.isna(row.amount_usd) and usd is None) or row.amount_usd == dollars(usd)
        value = model.amount.value if model.amount is not None and model.amount.disclosed else None
        assert (pd.isna(row.amount_value) and value is None) or row.amount_value == float(value)
        assert row.investor_count == len(model.investors)
    assert rounds["announced_earliest"].map(lambda d: bool(ISO_DATE.match(d))).all()

    investments = read(files["data/investments.csv"])
    expected = [(r.company.slug, r.id, i.slug, i in r.leads) for r in dataset.rounds for i in r.investors]
    assert len(investments) == len(expected)
    assert pd.api.types.is_bool_dtype(investments["lead"])
    assert (
        list(investments[["company_slug", "round_id", "investor_slug", "lead"]].itertuples(index=False, name=None))
        == expected
    )

    companies = read(files["data/companies.csv"])
    assert list(companies["slug"]) == list(dataset.organizations)
    assert pd.api.types.is_numeric_dtype(companies["total_raised_usd"])
    for row in companies.itertuples():
        total = dataset.organizations[row.slug].total_raised
        assert (pd.isna(row.total_raised_usd) and total is None) or row.total_raised_usd == dollars(total.value)


def test_pandas_reads_the_fixture_files_as_the_model_says():
    dataset, _ = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    check_against_model(fixture_files(), dataset)


def test_the_csv_module_reads_utf8_with_one_header_row():
    for path, content in fixture_files().items():
        assert not content.startswith(b"\xef\xbb\xbf"), path  # no byte order mark
        rows = list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))
        header, body = rows[0], rows[1:]
        assert len(set(header)) == len(header) and all(len(row) == len(header) for row in body), path
        for row in body:
            for name, value in zip(header, row, strict=True):
                if name in ("announced", "announced_earliest", "founded") and value:
                    assert ISO_DATE.match(value), (path, name, value)
                if name.endswith(("_usd", "_value", "_min", "_max", "_count")) and value:
                    float(value)  # plain numbers: no currency sign, no separators
                    assert re.match(r"^[0-9.]+$", value), (path, name, value)
    assert "阿克米机器人" in fixture_files()["data/companies.csv"].decode("utf-8")


def test_contributor_text_cannot_become_a_spreadsheet_formula():
    assert cell(Text('=HYPERLINK("https://evil.example","x")')) == '\'=HYPERLINK("https://evil.example","x")'
    assert [cell(Text(t)) for t in ("+1", "-1", "@SUM(A1)", "\tx", "Plain, with a comma")] == [
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\tx",
        "Plain, with a comma",
    ]
    assert (cell(None), cell(True), cell(False), cell(7)) == ("", "true", "false", "7")


def test_quotes_commas_and_line_breaks_survive(tmp_path):
    dataset, _ = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    dataset.rounds[0].notes = 'A "quoted", comma\nand a second line'
    rounds = read({f.path: f.content for f in csv_files(dataset, SITE)}["data/rounds.csv"])
    assert rounds.loc[0, "notes"] == 'A "quoted", comma\nand a second line' and len(rounds) == len(dataset.rounds)


def test_the_built_site_downloads_match_the_data_it_was_built_from(fixture_site: Path):
    dataset, problems = load_dataset(FIXTURE_CONTENT.parent)
    assert not problems
    files = {
        f"data/{name}": (fixture_site / "data" / name).read_bytes()
        for name in ("rounds.csv", "investments.csv", "companies.csv")
    }
    check_against_model(files, dataset)
    rounds = read(files["data/rounds.csv"]).set_index(["company_slug", "round_id"])
    acme = rounds.loc[("acme-robotics", "2024-03-series-b")]
    assert (acme.amount_value, acme.amount_currency, acme.amount_usd, acme.usd_rate_month) == (
        7.2e8,
        "CNY",
        1e8,
        "2024-03",
    )
    beta = rounds.loc[("beta-labs", "2024-03-seed")]
    assert beta.amount_currency == "EUR" and beta.usd_rate_month == "2024-03" and 1.6e6 < beta.amount_usd < 1.7e6
