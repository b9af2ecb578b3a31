"""`roundbook import`: what it refuses, exactly as printed, and how it matches names to profiles.
The spreadsheets here are written by the tests; everything in them is fictional."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import roundbook
from roundbook.edit.files import create_all
from test_import import rows_read_add_up, snapshot

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

MAP = """\
columns:
  company: Company
  announced: Date
  stage: Round
  amount: Amount
  source_url: Source
  source_publisher: Publisher
"""

DEALS = """\
Company,Date,Round,Amount,Source,Publisher
Acme,2024-03-12,Series B,¥2B,https://news.example/a,Example News
Beta Labs,02/04/2024,Series Z,$1B (Series A),https://news.example/b,Example News
New Co,2024-03,Seed,€2000000T,https://news.example/c,Example News
Other Co,2024-03,Seed,$1M pre-money,ftp://x,Example News
"""

YEN = """'¥' may mean the yuan (CNY) or the yen (JPY); say which in the mapping file, such as currency: {symbols: {"¥": CNY}}"""
TOO_LARGE = (
    "'value' 2000000T is more than 10^18; check the figure and its currency "
    "(in content/rounds/new-co/2024-03-seed.yml, which this row would write)"
)
STAGE = (
    "unknown stage 'Series Z'; write Seed, Series A … Series K (Series B+ for an extension), Strategic, Growth, "
    "Bridge, Debt, Grant, IPO, Secondary, Venture, or add it under 'stages' in the mapping file"
)
BRACKETS = (
    "cannot read '(Series A)' in '$1B (Series A)'; only a conversion such as (≈$282M) or words such as "
    "(disputed) may follow the figure in brackets"
)


def write(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text, encoding="utf-8")


def test_every_unreadable_cell_is_reported_at_its_row_and_column_and_nothing_is_written(project):
    write(project, "deals.csv", DEALS)
    write(project, "map.yml", MAP)
    before = snapshot(project)
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], project)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        f"deals.csv:2:4: {YEN}",
        "deals.csv:3:2: '02/04/2024' could be day/month or month/day; write it as YYYY-MM-DD",
        f"deals.csv:3:3: {STAGE}",
        f"deals.csv:3:4: {BRACKETS}",
        f"deals.csv:4:4: {TOO_LARGE}",
        "deals.csv:5:4: '$1M pre-money' is pre-money: only a valuation has a basis; map this column as the valuation",
        "deals.csv:5:5: 'ftp://x' is not an http or https address",
        "7 problems in 1 file. Nothing was written.",
    ]
    assert snapshot(project) == before


def test_skip_bad_rows_skips_them_with_every_reason_and_imports_the_rest(project):
    write(project, "deals.csv", DEALS + "Gamma Ventures,2024-03,Seed,€1M,https://news.example/d,Example News\n")
    write(project, "map.yml", MAP)
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml", "--skip-bad-rows"], project)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "wrote: content/rounds/gamma-ventures/2024-03-seed.yml",
        f"skipped: deals.csv:2:4: {YEN}",
        "skipped: deals.csv:3:2: '02/04/2024' could be day/month or month/day; write it as YYYY-MM-DD",
        f"skipped: deals.csv:4:4: {TOO_LARGE}",
        "skipped: deals.csv:5:4: '$1M pre-money' is pre-money: only a valuation has a basis; map this column as the valuation",
        f"note: deals.csv:3:3: {STAGE}",
        f"note: deals.csv:3:4: {BRACKETS}",
        "note: deals.csv:5:5: 'ftp://x' is not an http or https address",
        "5 rows read: 1 round written, 0 merged into a round, 0 already present, 4 skipped; 0 profiles created.",
    ]
    rows_read_add_up(result.stdout)
    assert not (project / "content/companies/new-co.yml").exists()  # its only row was skipped


def test_the_yen_sign_is_read_once_the_mapping_says_which_currency(project):
    write(
        project,
        "deals.csv",
        "Company,Date,Round,Amount,Source,Publisher\n"
        "Acme Robotics,2024-03-20,Series C,¥2B (≈$282M),https://news.example/a,Example News\n",
    )
    write(project, "map.yml", MAP + 'currency:\n  symbols: {"¥": JPY}\n')
    write(
        project,
        "content/reference/currency-rates.yml",
        (project / "content/reference/currency-rates.yml")
        .read_text()
        .replace("  EUR:", "  JPY:\n    2024-03: 150\n  EUR:"),
    )
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], project)
    assert result.returncode == 0, result.stdout
    assert (
        "  value: 2B\n  currency: JPY\n"
        in (project / "content/rounds/acme-robotics/2024-03-20-series-c.yml").read_text()
    )


@pytest.mark.parametrize(
    "mapping, expected",
    [
        (
            MAP.replace("  announced: Date\n", "  anounced: Date\n") + "currency: {default: XYZ}\n",
            [
                "map.yml:2:3: missing required field 'announced' (When the round was announced)",
                "map.yml:3:3: unknown field 'anounced'; did you mean 'announced'?",
                "map.yml:8:21: 'XYZ' is not an ISO 4217 currency code (such as USD, CNY, EUR)",
                "3 problems in 1 file. Nothing was written.",
            ],
        ),
        (
            MAP.replace("Source\n", "Link\n").replace("  source_publisher: Publisher\n", ""),
            [
                "map.yml:1:1: say who published the sources: map a 'source_publisher' column, or give 'publisher'",
                "map.yml:6:15: no column 'Link' in deals.csv; its columns are: 'Company', 'Date', 'Round', 'Amount', "
                "'Source', 'Publisher'",
                "2 problems in 1 file. Nothing was written.",
            ],
        ),
        (
            "columns: [a\n",
            [
                "map.yml:2:1: invalid YAML: did not find expected ',' or ']'",
                "1 problem in 1 file. Nothing was written.",
            ],
        ),
        (
            "",
            [
                "map.yml:1:1: the file is empty; it must be a mapping of fields",
                "1 problem in 1 file. Nothing was written.",
            ],
        ),
    ],
)
def test_mapping_file_problems(project, mapping, expected):
    write(project, "deals.csv", DEALS)
    write(project, "map.yml", mapping)
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], project)
    assert (result.returncode, result.stdout.splitlines(), result.stderr) == (1, expected, "")


def test_crunchbase_columns_are_checked_not_assumed(project):
    (project / "cb").mkdir()
    write(project, "cb/funding_rounds.csv", "company_name,funding_round_type,extra\nAcme,seed,x\n")
    write(project, "cb/investments.csv", "investor_uuid\n")
    result = roundbook(["import", "crunchbase", "cb"], project)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [
        "cb/funding_rounds.csv:1:1: missing column 'announced_on' (or 'funded_at')",
        "cb/funding_rounds.csv:1:1: missing column 'cb_url' (or 'funding_round_permalink', 'permalink', "
        "'company_permalink'): a round needs a page to cite",
        "cb/funding_rounds.csv:1:1: missing column 'funding_round_uuid' (or 'uuid'), which investments.csv refers to",
        "cb/investments.csv:1:1: missing column 'funding_round_uuid'",
        "cb/investments.csv:1:1: missing column 'is_lead_investor'",
        "5 problems in 2 files. Nothing was written.",
    ]


def test_crunchbase_needs_funding_rounds_csv_and_tolerates_the_rest_missing(project):
    (project / "cb").mkdir()
    result = roundbook(["import", "crunchbase", "cb"], project)
    assert (result.returncode, result.stdout) == (
        1,
        "cb/funding_rounds.csv:1:1: no funding_rounds.csv in cb; a Crunchbase export has one\n"
        "1 problem in 1 file. Nothing was written.\n",
    )
    write(
        project,
        "cb/funding_rounds.csv",
        "org_name,investment_type,funded_at,cb_url,investor_names\n"
        'Beta Labs,series_a,1-Mar-24,https://cb.example/r/1,"Jane Roe, Gamma Ventures"\n',
    )
    result = roundbook(["import", "crunchbase", "cb"], project)
    assert result.stdout.splitlines() == [
        "wrote: content/rounds/beta-labs/2024-03-01-series-a.yml",
        "1 row read: 1 round written, 0 merged into a round, 0 already present, 0 skipped; 0 profiles created.",
    ]
    text = (project / "content/rounds/beta-labs/2024-03-01-series-a.yml").read_text()
    assert "participants:\n  - jane-roe\n  - gamma-ventures\n" in text  # investor_names says nothing of leads


def test_unknown_crunchbase_values_are_problems(project):
    (project / "cb").mkdir()
    write(
        project,
        "cb/funding_rounds.csv",
        "funding_round_uuid,company_name,funding_round_type,funding_round_code,announced_on,raised_amount,"
        "raised_amount_currency_code,cb_url\n"
        "r1,Beta Labs,venture,Z,2024-03-01,12x,USD,https://cb.example/r/1\n"
        "r2,Beta Labs,mezzanine,,2024-03-01,,,https://cb.example/r/2\n",
    )
    write(project, "cb/investments.csv", "funding_round_uuid,investor_uuid,is_lead_investor\nr1,i1,maybe\nr1,i2,t\n")
    result = roundbook(["import", "crunchbase", "cb"], project)
    assert result.returncode == 1
    assert result.stdout.splitlines()[:4] == [
        "cb/funding_rounds.csv:2:3: round code 'Z' is not a series A to K",
        "cb/funding_rounds.csv:2:6: '12x' is not a number",
        "cb/funding_rounds.csv:3:3: unknown round type 'mezzanine'; Crunchbase's types are: angel, convertible_note, "
        "corporate_round, debt_financing, equity_crowdfunding, grant, initial_coin_offering, non_equity_assistance, "
        "post_ipo_debt, post_ipo_equity, post_ipo_secondary, pre_seed, private_equity, product_crowdfunding, "
        "secondary_market, seed, series_a, series_b, series_c, series_d, series_e, series_f, series_g, series_h, "
        "series_i, series_j, series_k, series_unknown, undisclosed, venture",
        "cb/investments.csv:2:3: is_lead_investor 'maybe' is neither t nor f",
    ]
    assert result.stdout.splitlines()[
        4:
    ] == [  # investor i2, in no file of the export, is no problem: see test_import_partial
        "4 problems in 2 files. Nothing was written.",
    ]


def test_content_with_problems_is_not_imported_into(project):
    write(
        project,
        "content/rounds/beta-labs/2024-03-seed.yml",
        (project / "content/rounds/beta-labs/2024-03-seed.yml").read_text().replace("stage: seed", "stage: sed"),
    )
    write(project, "deals.csv", DEALS)
    write(project, "map.yml", MAP)
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], project)
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [
            "content/rounds/beta-labs/2024-03-seed.yml:2:8: unknown stage 'sed'; did you mean 'seed'?",
            "1 problem in 1 file in the content: fix them first (`roundbook validate` lists them). Nothing was written.",
        ],
    )


NAMES = """\
Company,Date,Round,Investors,Source
AI Labs,2024-03,Seed,ACME ROBOTICS (lead); J. Roe,https://news.example/ai-labs-seed
AI-Labs,2024-03,Seed,Acme Automata,https://news.example/ai-labs-2-seed
Beta Labs!,2024-03,Series A,Gamma Ventures (lead),https://news.example/beta-labs-a
月之暗面,2024-03,Seed,,https://news.example/yue
Acme Robotics,2024-03-12,Series B,Delta Group,https://news.example/other-acme-b
"""
NAMES_MAP = (
    "columns: {company: Company, announced: Date, stage: Round, investors: Investors, source_url: Source}\n"
    "publisher: Example News\n"
)
PLACEHOLDERS = "(summary from the round that names it; placeholder kind: replace with what your sources say)"


def test_names_match_by_name_alias_former_name_and_slug_and_new_slugs_never_collide(project):
    write(project, "names.csv", NAMES)
    write(project, "names.yml", NAMES_MAP)
    result = roundbook(["import", "csv", "names.csv", "--map", "names.yml"], project)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        "wrote: content/rounds/ai-labs/2024-03-seed.yml",
        "wrote: content/rounds/ai-labs-2/2024-03-seed.yml",
        "wrote: content/rounds/beta-labs/2024-03-series-a.yml",
        "wrote: content/rounds/yue-zhi-an-mian/2024-03-seed.yml",
        f"created: content/companies/ai-labs.yml {PLACEHOLDERS}",
        f"created: content/companies/ai-labs-2.yml {PLACEHOLDERS}",
        f"created: content/companies/yue-zhi-an-mian.yml {PLACEHOLDERS}",
        "present: names.csv:6: already in content/rounds/acme-robotics/2024-03-series-b.yml (same company, stage and date)",
        "note: names.csv:2:4: 'J. Roe' matched content/people/jane-roe.yml by alias",
        "note: names.csv:3:1: the slug 'ai-labs' is taken by content/companies/ai-labs.yml ('AI Labs'); "
        "'AI-Labs' gets content/companies/ai-labs-2.yml",
        "note: names.csv:3:4: 'Acme Automata' matched content/companies/acme-robotics.yml by former name",
        "note: names.csv:4:1: 'Beta Labs!' matched content/companies/beta-labs.yml by slug",
        "5 rows read: 4 rounds written, 0 merged into a round, 1 already present, 0 skipped; 3 profiles created "
        "(3 organizations, 0 people).",
    ]
    ai_labs = (project / "content/rounds/ai-labs/2024-03-seed.yml").read_text()
    assert "lead:\n  - acme-robotics\nparticipants:\n  - jane-roe\n" in ai_labs
    assert "name: 月之暗面\n" in (project / "content/companies/yue-zhi-an-mian.yml").read_text()
    before = snapshot(project)
    again = roundbook(["import", "csv", "names.csv", "--map", "names.yml"], project)
    assert again.stdout.splitlines()[-1] == (
        "5 rows read: 0 rounds written, 0 merged into a round, 5 already present, 0 skipped; 0 profiles created."
    )
    assert snapshot(project) == before
    assert roundbook(["validate"], project).returncode == 0


def test_a_name_that_fits_two_profiles_or_a_person_as_company_is_a_problem(project):
    write(
        project,
        "content/companies/beta-labs.yml",
        (project / "content/companies/beta-labs.yml")
        .read_text()
        .replace("name: Beta Labs\n", "name: Beta Labs\naliases: [Acme]\n"),
    )
    write(
        project,
        "names.csv",
        "Company,Date,Round,Investors,Source\n"
        "Gamma Ventures,2024-03,Seed,Acme,https://news.example/1\n"
        "Jane Roe,2024-03,Seed,,https://news.example/2\n",
    )
    write(project, "names.yml", NAMES_MAP)
    result = roundbook(["import", "csv", "names.csv", "--map", "names.yml"], project)
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [
            "names.csv:2:4: 'Acme' matches more than one profile: content/companies/acme-robotics.yml (by alias), "
            "content/companies/beta-labs.yml (by alias); give each its own name, alias or former name",
            "names.csv:3:1: company 'Jane Roe' matches content/people/jane-roe.yml, a person; a round belongs to an organization",
            "2 problems in 1 file. Nothing was written.",
        ],
    )


def test_create_all_writes_every_file_or_none(tmp_path):
    taken = tmp_path / "b/taken.yml"
    taken.parent.mkdir()
    taken.write_text("mine\n")
    with pytest.raises(FileExistsError):
        create_all(tmp_path, {"a/new/one.yml": "one\n", "b/taken.yml": "theirs\n", "c.yml": "c\n"})
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == ["b", "b/taken.yml"]
    assert taken.read_text() == "mine\n"
    create_all(tmp_path, {"a/new/one.yml": "one\n", "c.yml": "c\n"})
    assert (tmp_path / "a/new/one.yml").read_text() == "one\n"
    assert oct(os.stat(tmp_path / "c.yml").st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@pytest.mark.parametrize(
    "error, message",
    [
        (
            FileExistsError(17, "File exists", "content/rounds/beta-labs/2024-03-20-series-a.yml"),
            "Error: content/rounds/beta-labs/2024-03-20-series-a.yml appeared while the import ran; nothing was written. "
            "Run the import again.\n",
        ),
        (
            PermissionError(13, "Permission denied", "content/rounds/beta-labs"),
            "Error: cannot write content/rounds/beta-labs: Permission denied; nothing was written\n",
        ),
    ],
)
def test_a_file_that_cannot_be_written_stops_the_import_without_a_traceback(project, monkeypatch, error, message):
    from click.testing import CliRunner

    from roundbook.cli import main
    from roundbook.importers import run

    write(
        project,
        "deals.csv",
        "Company,Date,Round,Amount,Source,Publisher\n"
        "Beta Labs,2024-03-20,Series A,$5M,https://news.example/a,Example News\n",
    )
    write(project, "map.yml", MAP)

    def refuse(root, files):
        raise error

    monkeypatch.setattr(run, "create_all", refuse)
    result = CliRunner().invoke(
        main, ["import", "csv", str(project / "deals.csv"), "--map", str(project / "map.yml"), "--root", str(project)]
    )
    assert (result.exit_code, result.output) == (1, message)
