"""`reported_usd`: the source's own conversion of a figure to US dollars, kept as it gives it.

It is a field of amounts and valuations, of a round and of its conflicting reports
(roundbook/schema/kinds.py); pages show it beside Roundbook's own conversion when the two differ
by more than 1 % of it (roundbook/model/money.py), or when Roundbook has none. The rounds written
here are fictional; the fixture's rate table has CNY and EUR for 2024-03 only.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import make_project, mkdocs_build, roundbook
from roundbook.model.money import Money

NO_RATE_ROUND = """\
announced: 2024-03-20
stage: series-a
amount: {value: 50M, currency: NOK, reported_usd: 4.7M}
lead: [gamma-ventures]
sources:
  - id: news
    url: https://news.example/beta-labs-series-a
    publisher: Example News
"""
LATER_ROUND = """\
announced: 2024-06-03
stage: series-b
amount: {value: 10M, currency: EUR, reported_usd: 10.9M}
conflicting_reports:
  - amount: {value: 12M, currency: EUR, reported_usd: 13M}
    sources: [wire]
lead: [gamma-ventures]
sources:
  - id: news
    url: https://news.example/beta-labs-series-b
    publisher: Example News
  - id: wire
    url: https://wire.example/beta-labs-series-b
    publisher: Example Wire
"""
SOURCE = (
    '<span class="rb-usd-source" title="the source&#39;s own conversion, as it gives it">'
    "the source converts it to {}</span>"
)


def write_converted(target: Path) -> Path:
    project = make_project(target)
    (project / "content/rounds/beta-labs/2024-03-20-series-a.yml").write_text(NO_RATE_ROUND, encoding="utf-8")
    (project / "content/rounds/beta-labs/2024-06-03-series-b.yml").write_text(LATER_ROUND, encoding="utf-8")
    return project


@pytest.fixture
def converted(tmp_path: Path) -> Path:
    return write_converted(tmp_path / "project")


@pytest.fixture(scope="module")
def converted_site(tmp_path_factory) -> Path:
    """The project with the two rounds above, built once for the tests that read its pages."""
    project = write_converted(tmp_path_factory.mktemp("converted") / "project")
    build = mkdocs_build(project, project / "site")
    assert build.returncode == 0, build.stderr
    return project / "site"


def _row(page: str, anchor: str) -> str:
    row = page[page.index(f'<tr id="round-{anchor}">') :]
    return row[: row.index("</td></tr>")]


@pytest.mark.build
def test_the_page_shows_the_sources_conversion_beside_roundbooks_or_in_place_of_none(converted_site):
    page = (converted_site / "companies/beta-labs/index.html").read_text(encoding="utf-8")
    assert f'NOK50M <span class="rb-usd">(no USD equivalent; {SOURCE.format("$4.7M")})</span>' in _row(
        page, "2024-03-20-series-a"
    )
    later = page[page.index('<tr id="round-2024-06-03-series-b">') :]
    assert (
        '€10M <span class="rb-usd" title="at 0.9 EUR per US dollar, 2024-03">(≈ $11M, rate of 2024-03, the '
        f"latest in the table; {SOURCE.format('$10.9M')})</span>"
    ) in later
    # €12M is $13.33M, 2.5 % from the source's $13M, but reads $13M at the two digits of 12M: not repeated.
    assert (
        '<strong>Also reported:</strong> amount €12M <span class="rb-usd" title="at 0.9 EUR per US dollar, '
        '2024-03">(≈ $13M, rate of 2024-03, the latest in the table)</span>'
    ) in later


@pytest.mark.build
def test_a_conversion_within_one_percent_of_roundbooks_is_not_repeated(converted_site):
    # The fixture's Series B valuation: ~CN¥5B is $694.44M at 7.2 (shown ~$700M); the source's $700M is 0.8 % away.
    page = (converted_site / "companies/acme-robotics/index.html").read_text(encoding="utf-8")
    assert 'post-money <span class="rb-usd" title="at 7.2 CNY per US dollar, 2024-03">(≈ ~$700M)</span>' in _row(
        page, "2024-03-series-b"
    )


@pytest.mark.parametrize(
    "reported, ours, differs",
    [
        (Decimal("101E6"), Money(value=Decimal("100E6")), False),  # 1M from 101M: 1 % exactly, within
        (Decimal("98.9E6"), Money(value=Decimal("100E6")), True),  # 1.1M from 98.9M: more than 1 %
        (Decimal("100E6"), Money(precision="range", min=Decimal("90E6"), max=Decimal("110E6")), False),  # its middle
        (Decimal("100E6"), None, True),  # no rate: the source's is the only dollar figure
        (None, Money(value=Decimal("100E6")), False),
    ],
)
def test_the_tolerance_is_one_percent_of_the_sources_figure(reported, ours, differs):
    figure = Money(currency="CNY", value=Decimal("720E6"), reported_usd=reported)
    assert figure.reported_usd_differs(ours) is differs


def test_a_figure_in_dollars_has_no_conversion_of_its_own(converted):
    path = converted / "content/rounds/beta-labs/2024-03-20-series-a.yml"
    path.write_text(
        NO_RATE_ROUND.replace("50M, currency: NOK, reported_usd: 4.7M", "5M, currency: USD, reported_usd: 5M").replace(
            "stage: series-a\n", "stage: series-a\nvaluation: {value: 40M, currency: NOK, reported_usd: 0}\n"
        ),
        encoding="utf-8",
    )
    result = roundbook(["validate"], converted)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:2] == [
        "content/rounds/beta-labs/2024-03-20-series-a.yml:3:54: 'reported_usd' must be greater than zero",
        "content/rounds/beta-labs/2024-03-20-series-a.yml:4:50: 'reported_usd' is the source's conversion of a "
        "figure in another currency; a figure in USD has none: leave it out",
    ]


# The importer: a sheet's own dollar figures (its amount_usd column, a bracket such as (≈$282M),
# Crunchbase's raised_amount_usd) become reported_usd; what that one amount cannot hold, the notes.
MAP = """\
columns:
  company: Company
  announced: Date
  stage: Round
  amount: Amount
  amount_usd: Amount (USD)
  source_url: Source
publisher: Example News
currency:
  symbols: {"¥": CNY}
"""
DEALS = """\
Company,Date,Round,Amount,Amount (USD),Source
Kite Robotics,2024-03,Series A,¥2B,$282M,https://news.example/kite-a
Kite Robotics,2024-03,Series A,¥2B,$290M,https://wire.example/kite-a
Lumen Foods,2024-03,Seed,€10M,$10.5M–$11M,https://news.example/lumen-seed
Lumen Foods,2024-03,Series A,€480M (≈¥3.7B),,https://news.example/lumen-a
Orca Compute,2024-03,Seed,¥50M,,https://news.example/orca-seed
Orca Compute,2024-03,Seed,¥50M,$7M,https://wire.example/orca-seed
"""


@pytest.fixture
def imported(project: Path) -> tuple[Path, list[str]]:
    (project / "deals.csv").write_text(DEALS, encoding="utf-8")
    (project / "map.yml").write_text(MAP, encoding="utf-8")
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], project)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    return project, result.stdout.splitlines()


def _round(project: Path, path: str) -> dict:
    from test_import import read

    return read(project, f"content/rounds/{path}.yml")


def test_the_sheets_dollar_figure_is_written_as_reported_usd(imported):
    project, _ = imported
    kite = _round(project, "kite-robotics/2024-03-series-a")
    assert (kite["amount"], "notes" in kite) == ({"value": "2B", "currency": "CNY", "reported_usd": "282M"}, False)


def test_a_range_or_another_currency_is_kept_in_the_notes(imported):
    project, _ = imported
    seed = _round(project, "lumen-foods/2024-03-seed")
    assert (seed["amount"], seed["notes"]) == (
        {"value": "10M", "currency": "EUR"},
        "The source converts the amount to US$10.5M–US$11M.",
    )
    series_a = _round(project, "lumen-foods/2024-03-series-a")
    assert (series_a["amount"], series_a["notes"]) == (
        {"value": "480M", "currency": "EUR"},
        "The source converts the amount to 3.7B CNY.",
    )


def test_a_merged_row_adds_its_dollar_figure_or_says_it_differs(imported):
    project, report = imported
    assert _round(project, "orca-compute/2024-03-seed")["amount"] == {
        "value": "50M",
        "currency": "CNY",
        "reported_usd": "7M",
    }
    assert "conflicting_reports" not in _round(project, "kite-robotics/2024-03-series-a")  # the same figure
    assert [line for line in report if line.startswith(("merged:", "note: deals.csv:3"))] == [
        "merged: deals.csv:3: into content/rounds/kite-robotics/2024-03-series-a.yml with row 2 (same company, stage "
        "and date): another source",
        "merged: deals.csv:7: into content/rounds/orca-compute/2024-03-seed.yml with row 6 (same company, stage and "
        "date): the source's dollar figure for the amount, another source",
        "note: deals.csv:3:5: this row's source converts the amount to US$290M and row 2's to US$282M: "
        "content/rounds/kite-robotics/2024-03-series-a.yml keeps row 2's figure",
    ]


def test_a_dollar_figure_that_cannot_be_read_is_a_problem_at_its_own_cell(project):
    (project / "deals.csv").write_text(
        "Company,Date,Round,Amount,Amount (USD),Source\n"
        "Kite Robotics,2024-03,Series A,¥2B,lots,https://news.example/kite-a\n"
        "Lumen Foods,2024-03,Seed,€10M,$10M (Series A),https://news.example/lumen\n",
        encoding="utf-8",
    )
    (project / "map.yml").write_text(MAP, encoding="utf-8")
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], project)
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [
            "deals.csv:2:5: cannot read 'lots' as an amount; write it like $1.5B, €480M or 2000000 CNY",
            "deals.csv:3:5: cannot read '(Series A)' in '$10M (Series A)'; only a conversion such as (≈$282M) or words "
            "such as (disputed) may follow the figure in brackets",
            "2 problems in 1 file. Nothing was written.",
        ],
    )
