"""`roundbook import crunchbase` and `roundbook import csv`: exact reports and exit statuses, the
files they write (valid, in fmt's layout, building a strict site), and a second run that writes
nothing. The inputs under tests/fixtures/import/ are fictional."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, make_project, mkdocs_build, roundbook
from roundbook.edit.canonical import canonical_text, plain
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Problems

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

IMPORT = FIXTURES / "import"
PLACEHOLDER = "replace with what your sources say"


def snapshot(project: Path, folder: str = "content") -> dict[str, bytes]:
    """Every file under the project's `folder` ("" for the whole project), by its path, with its bytes."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes() for p in sorted((project / folder).rglob("*")) if p.is_file()
    }


def read(project: Path, path: str) -> dict:
    problems = Problems()
    data = plain(read_yaml(path, (project / path).read_bytes(), problems))
    assert not problems
    return data


def rows_read_add_up(report: str) -> None:
    """The closing line: rows read = rounds written + merged + already present + skipped, each listed."""
    line = report.splitlines()[-1]
    read_, written, merged, present, skipped = (
        int(n)
        for n in re.match(
            r"^(\d+) rows? read: (\d+) rounds? (?:written|to write), (\d+) merged into a round, (\d+) already present, "
            r"(\d+) skipped;",
            line,
        ).groups()
    )
    assert read_ == written + merged + present + skipped
    listed = report.count("\nwrote: ") + report.startswith("wrote: ") + report.count("would write: ")
    assert listed == written
    assert report.count("merged: ") == merged
    assert report.count("present: ") == present
    assert report.count("skipped: ") == skipped


@pytest.fixture
def shipped(tmp_path: Path) -> Path:
    """A project with the fixture dataset (never the shipped content), and the import fixtures beside it."""
    project = make_project(tmp_path / "project")
    shutil.copytree(IMPORT / "crunchbase", project / "export")
    shutil.copytree(IMPORT / "spreadsheet", project / "sheet")
    return project


def imported_once(tmp_path_factory, args: list[str]) -> Path:
    project = make_project(tmp_path_factory.mktemp("imported") / "project")
    shutil.copytree(IMPORT / "crunchbase", project / "export")
    shutil.copytree(IMPORT / "spreadsheet", project / "sheet")
    result = roundbook(args, project)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    return project


@pytest.fixture(scope="module")
def crunchbase_imported(tmp_path_factory) -> Path:
    """The project of `shipped` after the Crunchbase import, once, for the tests that only read it."""
    return imported_once(tmp_path_factory, ["import", "crunchbase", "export"])


@pytest.fixture(scope="module")
def sheet_imported(tmp_path_factory) -> Path:
    """The project of `shipped` after the spreadsheet import, once, for the tests that only read it."""
    return imported_once(tmp_path_factory, SPREADSHEET)


MADE = "summary from the round that names it"
CRUNCHBASE_REPORT = f"""\
wrote: content/rounds/example-robotics/2023-06-15-series-a.yml
wrote: content/rounds/example-robotics/2024-09-02-series-b.yml
wrote: content/rounds/fictional-foods/2021-01-10-seed.yml
wrote: content/rounds/quiet-labs/2022-11-20-strategic.yml
created: content/companies/northwind-ventures.yml ({MADE})
created: content/people/avery-example.yml ({MADE})
created: content/companies/example-robotics.yml (placeholder kind: {PLACEHOLDER})
created: content/companies/fictional-angels.yml ({MADE}; placeholder kind: {PLACEHOLDER})
created: content/companies/fictional-foods.yml ({MADE}; placeholder kind: {PLACEHOLDER})
created: content/companies/quiet-labs.yml ({MADE}; placeholder kind: {PLACEHOLDER})
skipped: export/funding_rounds.csv:5:7: round type 'post_ipo_equity' (equity sold after the IPO) has no stage in Roundbook's list
merged: export/funding_rounds.csv:6: into content/rounds/example-robotics/2023-06-15-series-a.yml with row 2 (same company, stage and date): another source
skipped: export/funding_rounds.csv:8:3: no company name
skipped: export/funding_rounds.csv:9:16: no cb_url: a round needs a source
note: export/funding_rounds.csv:2:13: valuation has no currency code; the figure in US dollars is used
note: export/funding_rounds.csv:3:10: CNY converted at the rate of 2024-03, the latest in the table, for a round of 2024-09; `roundbook rates update` brings newer rates (in content/rounds/example-robotics/2024-09-02-series-b.yml, which this row writes)
note: export/investments.csv:4:3: 'Acme Automata' matched content/companies/acme-robotics.yml by former name
note: export/organizations.csv:2:8: no sector for Robotics: left out (add it to content/reference/sectors.yml, or map it under 'sectors:' in the mapping file)
8 rows read: 4 rounds written, 1 merged into a round, 0 already present, 3 skipped; 6 profiles created (5 organizations, 1 person).
"""

CRUNCHBASE_AGAIN = """\
present: export/funding_rounds.csv:2: already in content/rounds/example-robotics/2023-06-15-series-a.yml (same company and stage, and it cites the same source)
present: export/funding_rounds.csv:3: already in content/rounds/example-robotics/2024-09-02-series-b.yml (same company and stage, and it cites the same source)
present: export/funding_rounds.csv:4: already in content/rounds/fictional-foods/2021-01-10-seed.yml (same company and stage, and it cites the same source)
skipped: export/funding_rounds.csv:5:7: round type 'post_ipo_equity' (equity sold after the IPO) has no stage in Roundbook's list
present: export/funding_rounds.csv:6: already in content/rounds/example-robotics/2023-06-15-series-a.yml (same company and stage, and it cites the same source)
present: export/funding_rounds.csv:7: already in content/rounds/quiet-labs/2022-11-20-strategic.yml (same company and stage, and it cites the same source)
skipped: export/funding_rounds.csv:8:3: no company name
skipped: export/funding_rounds.csv:9:16: no cb_url: a round needs a source
8 rows read: 0 rounds written, 0 merged into a round, 5 already present, 3 skipped; 0 profiles created.
"""


@pytest.mark.build
def test_crunchbase_export_merges_into_the_content_and_builds_strict(shipped, tmp_path):
    before = snapshot(shipped)
    result = roundbook(["import", "crunchbase", "export"], shipped)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == CRUNCHBASE_REPORT
    rows_read_add_up(result.stdout)
    after = snapshot(shipped)
    assert dict(before) == {path: after[path] for path in before}  # nothing changed
    assert len(after) - len(before) == 10
    assert roundbook(["validate"], shipped).stdout.splitlines()[-1] == (
        "9 organizations, 2 people and 7 rounds: no problems. 1 warning: the build goes on."
    )
    assert roundbook(["fmt", "--check", *(path for path in after if path not in before)], shipped).returncode == 0
    build = mkdocs_build(shipped, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    page = (tmp_path / "site/companies/example-robotics/index.html").read_text(encoding="utf-8")
    assert 'id="round-2024-09-02-series-b"' in page and "../acme-robotics/" in page


def test_a_second_crunchbase_run_writes_nothing(shipped):
    roundbook(["import", "crunchbase", "export"], shipped)
    before = snapshot(shipped)
    again = roundbook(["import", "crunchbase", "export"], shipped)
    assert (again.returncode, again.stdout, again.stderr) == (0, CRUNCHBASE_AGAIN, "")
    rows_read_add_up(again.stdout)
    assert snapshot(shipped) == before


def test_crunchbase_leads_are_the_investors_marked_is_lead_investor(crunchbase_imported):
    with open(IMPORT / "crunchbase/investors.csv", encoding="utf-8") as f:
        names = {row["uuid"]: row["investor_name"] for row in csv.DictReader(f)}
    with open(IMPORT / "crunchbase/investments.csv", encoding="utf-8") as f:
        investments = list(csv.DictReader(f))
    profiles = {
        read(crunchbase_imported, p.relative_to(crunchbase_imported).as_posix())["name"]: p.stem
        for folder in ("companies", "people")
        for p in (crunchbase_imported / "content" / folder).glob("*.yml")
    }
    profiles["Acme Automata"] = "acme-robotics"  # a former name of the fixture's profile
    rounds = {
        "fr-0001": "example-robotics/2023-06-15-series-a",
        "fr-0002": "example-robotics/2024-09-02-series-b",
        "fr-0003": "fictional-foods/2021-01-10-seed",
        "fr-0006": "quiet-labs/2022-11-20-strategic",
    }
    for uuid, path in rounds.items():
        data = read(crunchbase_imported, f"content/rounds/{path}.yml")
        expected_leads = [
            profiles[names[i["investor_uuid"]]]
            for i in investments
            if i["funding_round_uuid"] == uuid and i["is_lead_investor"] == "t"
        ]
        expected_others = [
            profiles[names[i["investor_uuid"]]]
            for i in investments
            if i["funding_round_uuid"] == uuid and i["is_lead_investor"] == "f"
        ]
        assert (data.get("lead", []), data.get("participants", [])) == (expected_leads, expected_others), path
    for name in names.values():  # every investor has a profile
        assert name in profiles


def test_crunchbase_files_say_only_what_the_export_says(crunchbase_imported):
    assert read(crunchbase_imported, "content/rounds/example-robotics/2024-09-02-series-b.yml") == {
        "announced": "2024-09-02",
        "stage": "series-b",
        "amount": {"value": "200M", "currency": "CNY", "reported_usd": "28M"},  # raised_amount_usd: Crunchbase's own
        "lead": ["acme-robotics"],
        "participants": ["northwind-ventures"],
        "sources": [
            {
                "id": "crunchbase",
                "url": "https://www.crunchbase.example/funding_round/example-robotics-series-b",
                "publisher": "Crunchbase",
            }
        ],
    }
    text = (crunchbase_imported / "content/companies/fictional-foods.yml").read_text(encoding="utf-8")
    assert (
        text
        == """\
# yaml-language-server: $schema=../../schemas/organization.schema.json
# Imported by `roundbook import crunchbase` from funding_rounds.csv, row 4.
name: Fictional Foods
kind: startup                 # a default: the input does not say; check it
founded: 2007-05-01
headquarters:
  city: Austin
  country: US
sectors:
  - e-commerce
summary: Raised a Seed round announced on 2021-01-10.
sources:
  - id: crunchbase
    url: https://www.crunchbase.example/organization/fictional-foods
    publisher: Crunchbase
"""
    )
    assert read(crunchbase_imported, "content/people/avery-example.yml")["summary"] == (
        "Invested in the Series A round of Example Robotics, announced on 2023-06-15."
    )
    northwind = read(crunchbase_imported, "content/companies/northwind-ventures.yml")
    assert northwind["kind"] == "investment-firm"  # venture_capital


def test_dry_run_lists_the_files_and_writes_nothing(shipped):
    before = snapshot(shipped)
    result = roundbook(["import", "crunchbase", "export", "--dry-run"], shipped)
    assert result.returncode == 0
    expected = (
        CRUNCHBASE_REPORT.replace("wrote: ", "would write: ")
        .replace("created: ", "would create: ")
        .replace(
            "4 rounds written, 1 merged into a round, 0 already present, 3 skipped; 6 profiles created (5 organizations, 1 person).",
            "4 rounds to write, 1 merged into a round, 0 already present, 3 skipped; 6 profiles to create (5 organizations, 1 person). "
            "Nothing was written (--dry-run).",
        )
    )
    assert result.stdout == expected
    rows_read_add_up(result.stdout)
    assert snapshot(shipped) == before


SPREADSHEET = ["import", "csv", "sheet/deals.csv", "--map", "sheet/mapping.yml"]


def test_spreadsheet_import_report(shipped):
    result = roundbook(SPREADSHEET, shipped)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert lines[:7] == [
        f"wrote: content/rounds/{p}.yml"
        for p in (
            "example-robotics/2026-02-04-series-c",
            "lantern-ai/2026-02-series-b",
            "harbor-bio/2007-05-01-seed",
            "lantern-ai/2025-06-30-series-a",
            "quiet-labs/2024-08-series-b-extension",
            "quiet-labs/2023-05-20-strategic",
            "gull-works/2022-03-angel",
        )
    ]
    assert "skipped: sheet/deals.csv:9:8: no source URL: a round needs a source" in lines
    assert lines[-1] == (
        "8 rows read: 7 rounds written, 0 merged into a round, 0 already present, 1 skipped; "
        "10 profiles created (9 organizations, 1 person)."
    )
    rows_read_add_up(result.stdout)
    assert (
        roundbook(["validate"], shipped).returncode == 0
    )  # the layout: test_imported_files_are_in_fmts_canonical_layout


@pytest.mark.parametrize(
    "path, amount, valuation",
    [
        (
            "example-robotics/2026-02-04-series-c",
            {"value": "1B", "currency": "USD"},
            {"value": "4B", "currency": "USD", "basis": "pre-money"},
        ),
        (
            "lantern-ai/2026-02-series-b",
            {"value": "2B", "currency": "CNY", "reported_usd": "282M"},  # ¥2.0B (≈$282M)
            {"currency": "USD", "precision": "range", "min": "3.5B", "max": "5B"},
        ),
        (
            "harbor-bio/2007-05-01-seed",
            {"value": "2B", "currency": "USD", "precision": "at-least"},
            {"currency": "USD", "precision": "range", "min": "3.5B", "max": "5B"},
        ),
        (
            "lantern-ai/2025-06-30-series-a",
            {"value": "480M", "currency": "EUR"},
            {"value": "2.8B", "currency": "USD", "precision": "approximate"},
        ),
        (
            "quiet-labs/2024-08-series-b-extension",
            {"value": "18B", "currency": "USD", "precision": "up-to"},
            {"value": "12B", "currency": "USD", "basis": "post-money"},
        ),
        (
            "quiet-labs/2023-05-20-strategic",
            {"currency": "USD", "precision": "range", "min": "3.5B", "max": "5B"},
            "undisclosed",
        ),
        ("gull-works/2022-03-angel", None, None),
    ],
)
def test_every_amount_format_gives_the_right_value_currency_precision_and_basis(
    sheet_imported, path, amount, valuation
):
    data = read(sheet_imported, f"content/rounds/{path}.yml")
    assert (data.get("amount"), data.get("valuation")) == (amount, valuation)


def test_spreadsheet_dates_stages_investors_and_sources(sheet_imported):
    series_c = read(sheet_imported, "content/rounds/example-robotics/2026-02-04-series-c.yml")
    assert (series_c["lead"], series_c["participants"]) == (["northwind-ventures"], ["avery-example", "gull-partners"])
    assert series_c["sources"] == [
        {
            "id": "example-news-2026-02",
            "url": "https://news.example/example-robotics-series-c",
            "publisher": "Example News",
            "published": "2026-02-04",
        }
    ]
    assert series_c["notes"] == "Fictional: every figure here is made up."
    lantern_b = read(sheet_imported, "content/rounds/lantern-ai/2026-02-series-b.yml")
    assert (lantern_b["announced"], lantern_b["participants"]) == ("2026-02", ["harbor-capital", "fictional-angels"])
    extension = read(sheet_imported, "content/rounds/quiet-labs/2024-08-series-b-extension.yml")
    assert (extension["stage"], extension["extension"]) == ("series-b", True)
    assert (
        read(sheet_imported, "content/rounds/gull-works/2022-03-angel.yml")["sources"][0]["publisher"] == "Example News"
    )
    assert (
        read(sheet_imported, "content/people/avery-example.yml")["name"] == "Avery Example"
    )  # `people:` in the mapping
    assert read(sheet_imported, "content/companies/lantern-ai.yml") == {
        "name": "Lantern AI",
        "kind": "startup",
        "headquarters": {"country": "CN"},
        "summary": "Raised a Series B round announced in 2026-02.",
        "sources": [
            {
                "id": "example-news-2026-02",
                "url": "https://news.example/lantern-ai-series-b",
                "publisher": "Example News",
                "published": "2026-02",
            }
        ],
    }


def test_a_second_spreadsheet_run_writes_nothing(shipped):
    roundbook(SPREADSHEET, shipped)
    before = snapshot(shipped)
    again = roundbook(SPREADSHEET, shipped)
    assert again.returncode == 0
    assert again.stdout.splitlines()[-1] == (
        "8 rows read: 0 rounds written, 0 merged into a round, 7 already present, 1 skipped; 0 profiles created."
    )
    rows_read_add_up(again.stdout)
    assert snapshot(shipped) == before


def test_imported_files_are_in_fmts_canonical_layout(shipped):
    roundbook(["import", "crunchbase", "export"], shipped)
    roundbook(SPREADSHEET, shipped)
    kinds = {"companies": "organization", "people": "person", "rounds": "round"}
    for path in (shipped / "content").rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        if "# Imported by `roundbook import" in text:
            shown = path.relative_to(shipped).as_posix()
            assert canonical_text(shown, kinds[shown.split("/")[1]], text, Problems()) == text, shown


def test_the_report_in_contributing_is_what_the_crunchbase_import_prints():
    contributing = (REPO / "docs/pages/run/import.md").read_text(encoding="utf-8")
    documented = (
        re.search(
            r"rows read = rounds written \+ merged into a round \+ already present \+ skipped\.\n\n```\n(.*?)```",
            contributing,
            flags=re.DOTALL,
        )
        .group(1)
        .splitlines()
    )
    printed = CRUNCHBASE_REPORT.splitlines()
    assert documented[-1] == printed[-1]
    assert all(line in printed for line in documented)


def test_a_round_whose_date_was_corrected_is_still_found_by_its_source(shipped):
    roundbook(["import", "crunchbase", "export"], shipped)
    path = shipped / "content/rounds/example-robotics/2024-09-02-series-b.yml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("announced: 2024-09-02", "announced: 2024-08-30"), encoding="utf-8"
    )
    again = roundbook(["import", "crunchbase", "export"], shipped)
    assert (
        "present: export/funding_rounds.csv:3: already in content/rounds/example-robotics/2024-09-02-series-b.yml "
        "(same company and stage, and it cites the same source)"
    ) in again.stdout.splitlines()
    assert again.stdout.splitlines()[-1] == (
        "8 rows read: 0 rounds written, 0 merged into a round, 5 already present, 3 skipped; 0 profiles created."
    )
