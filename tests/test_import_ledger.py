"""`roundbook import csv` on a hand-kept ledger (tests/fixtures/import/ledger/, fictional): one
source for the whole file in the mapping, no URL per row, figures as people write them, a round
given twice, free-text sectors and country names. Every row is imported, the report adds up, a
second run writes nothing, and the site builds strictly after each."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project, mkdocs_build, roundbook
from test_import import read, rows_read_add_up, snapshot

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

LEDGER = FIXTURES / "import" / "ledger"
IMPORT = ["import", "csv", "sheet/ledger.csv", "--map", "sheet/mapping.yml"]
SOURCE = {
    "id": "example-ledger-2025-10",
    "url": "https://ledger.example/ai-funding",
    "title": "AI funding ledger (fictional)",
    "publisher": "Example Ledger",
    "published": "2025-10",
}

REPORT = """\
wrote: content/rounds/halden-ai/2024-06-series-b.yml
wrote: content/rounds/halden-ai/2024-11-series-b.yml
wrote: content/rounds/halden-ai/2025-03-series-c.yml
wrote: content/rounds/yunhe-compute/2025-01-series-a.yml
wrote: content/rounds/hanul-robotics/2024-03-seed.yml
wrote: content/rounds/orbit-cloud/2023-11-series-b.yml
wrote: content/rounds/tessel-labs/2025-02-seed.yml
wrote: content/rounds/norrland-data/2013-10-series-a.yml
created: content/companies/kestrel-capital.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/tide-fund.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/halden-ai.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/quill-angels.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/orchard-partners.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/yunhe-compute.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/hanul-robotics.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/orbit-cloud.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/tessel-labs.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/norrland-data.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
merged: sheet/ledger.csv:5: into content/rounds/halden-ai/2025-03-series-c.yml with row 4 (same company, stage and date): a conflicting report, disputed
merged: sheet/ledger.csv:10: into content/rounds/tessel-labs/2025-02-seed.yml with row 9 (same company, stage and date): a conflicting report
note: sheet/ledger.csv:6:6: CNY converted at the rate of 2024-03, the latest in the table, for a round of 2025-01; `roundbook rates update` brings newer rates (in content/rounds/yunhe-compute/2025-01-series-a.yml, which this row writes)
note: sheet/ledger.csv:7:3: no sector for Robotics: left out (add it to content/reference/sectors.yml, or map it under 'sectors:' in the mapping file)
note: sheet/ledger.csv:9:6: EUR converted at the rate of 2024-03, the latest in the table, for a round of 2025-02; `roundbook rates update` brings newer rates (in content/rounds/tessel-labs/2025-02-seed.yml, which this row writes)
note: sheet/ledger.csv:9:7: EUR converted at the rate of 2024-03, the latest in the table, for a round of 2025-02; `roundbook rates update` brings newer rates (in content/rounds/tessel-labs/2025-02-seed.yml, which this row writes)
note: sheet/ledger.csv:10:6: EUR converted at the rate of 2024-03, the latest in the table, for a round of 2025-02; `roundbook rates update` brings newer rates (in content/rounds/tessel-labs/2025-02-seed.yml, which this row writes)
note: sheet/ledger.csv:11:6: no USD equivalent: content/reference/currency-rates.yml has no SEK rate at all; the figure is shown in SEK only (in content/rounds/norrland-data/2013-10-series-a.yml, which this row writes)
10 rows read: 8 rounds written, 2 merged into a round, 0 already present, 0 skipped; 10 profiles created (10 organizations, 0 people).
"""

AGAIN = """\
present: sheet/ledger.csv:2: already in content/rounds/halden-ai/2024-06-series-b.yml (same company, stage and date)
present: sheet/ledger.csv:3: already in content/rounds/halden-ai/2024-11-series-b.yml (same company, stage and date)
present: sheet/ledger.csv:4: already in content/rounds/halden-ai/2025-03-series-c.yml (same company, stage and date)
present: sheet/ledger.csv:5: already in content/rounds/halden-ai/2025-03-series-c.yml (same company, stage and date)
present: sheet/ledger.csv:6: already in content/rounds/yunhe-compute/2025-01-series-a.yml (same company, stage and date)
present: sheet/ledger.csv:7: already in content/rounds/hanul-robotics/2024-03-seed.yml (same company, stage and date)
present: sheet/ledger.csv:8: already in content/rounds/orbit-cloud/2023-11-series-b.yml (same company, stage and date)
present: sheet/ledger.csv:9: already in content/rounds/tessel-labs/2025-02-seed.yml (same company, stage and date)
present: sheet/ledger.csv:10: already in content/rounds/tessel-labs/2025-02-seed.yml (same company, stage and date)
present: sheet/ledger.csv:11: already in content/rounds/norrland-data/2013-10-series-a.yml (same company, stage and date)
10 rows read: 0 rounds written, 0 merged into a round, 10 already present, 0 skipped; 0 profiles created.
"""


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    shutil.copytree(LEDGER, project / "sheet")
    return project


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """The ledger imported once, for the tests that only read what the import wrote."""
    project = make_project(tmp_path_factory.mktemp("ledger") / "project")
    shutil.copytree(LEDGER, project / "sheet")
    result = roundbook(IMPORT, project)
    assert (result.returncode, result.stdout, result.stderr) == (0, REPORT, "")
    return project


@pytest.mark.build
def test_every_row_of_the_ledger_is_imported_and_the_report_adds_up(ledger, tmp_path):
    result = roundbook(IMPORT, ledger)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == REPORT
    rows_read_add_up(result.stdout)
    assert roundbook(["validate"], ledger).returncode == 0
    build = mkdocs_build(ledger, tmp_path / "site")
    assert build.returncode == 0, build.stderr


def test_a_second_import_of_the_ledger_writes_nothing(ledger):
    roundbook(IMPORT, ledger)
    before = snapshot(ledger, "")
    again = roundbook(IMPORT, ledger)
    assert (again.returncode, again.stdout, again.stderr) == (0, AGAIN, "")
    rows_read_add_up(again.stdout)
    # Not a byte written anywhere: the project builds as it did after the first import (the test above).
    assert snapshot(ledger, "") == before


def test_one_source_for_the_file_and_rounds_told_apart_by_their_dates(imported):
    # Halden AI's two Series B rounds share the ledger's source but not their month: two rounds.
    june = read(imported, "content/rounds/halden-ai/2024-06-series-b.yml")
    november = read(imported, "content/rounds/halden-ai/2024-11-series-b.yml")
    assert june["sources"] == november["sources"] == [SOURCE]
    assert (june["amount"], november["amount"]) == (
        {"value": "400M", "currency": "USD"},
        {"value": "600M", "currency": "USD", "precision": "approximate"},
    )


@pytest.mark.parametrize(
    "path, amount, valuation",
    [
        (
            "halden-ai/2024-06-series-b",
            {"value": "400M", "currency": "USD"},
            {"value": "2B", "currency": "USD", "basis": "post-money"},
        ),
        (
            "halden-ai/2025-03-series-c",
            {"value": "2.8B", "currency": "USD", "precision": "approximate"},
            {"currency": "USD", "precision": "range", "min": "3.5B", "max": "5B"},
        ),  # $3.5B–$5B (reported range)
        (
            "yunhe-compute/2025-01-series-a",
            {"value": "2B", "currency": "CNY", "reported_usd": "282M"},
            None,
        ),  # ¥ is CNY
        ("hanul-robotics/2024-03-seed", {"value": "900K", "currency": "USD"}, None),
        (
            "orbit-cloud/2023-11-series-b",
            {"value": "150M", "currency": "USD", "precision": "at-least"},
            {"value": "1.2B", "currency": "USD", "basis": "post-money"},
        ),
        (
            "tessel-labs/2025-02-seed",
            {"value": "100M", "currency": "EUR", "precision": "up-to", "reported_usd": "104M"},
            {"value": "450M", "currency": "EUR", "basis": "pre-money"},
        ),
        ("norrland-data/2013-10-series-a", {"value": "40M", "currency": "SEK", "reported_usd": "6.2M"}, None),
    ],
)
def test_every_money_form_becomes_structured_precision(imported, path, amount, valuation):
    data = read(imported, f"content/rounds/{path}.yml")
    assert (data.get("amount"), data.get("valuation")) == (amount, valuation)


def test_a_disputed_figure_is_a_conflicting_report_of_the_same_round_never_a_second_round(imported):
    assert sorted(p.name for p in (imported / "content/rounds/halden-ai").iterdir()) == [
        "2024-06-series-b.yml",
        "2024-11-series-b.yml",
        "2025-03-series-c.yml",
    ]
    series_c = read(imported, "content/rounds/halden-ai/2025-03-series-c.yml")
    assert (series_c["disputed"], series_c["conflicting_reports"]) == (
        True,
        [
            {
                "amount": {"value": "3B", "currency": "USD"},
                "sources": ["example-ledger-2025-10"],
                "note": "A second report gives $3B.",
            }
        ],
    )
    assert series_c["participants"] == ["tide-fund", "quill-angels"]
    tessel = read(imported, "content/rounds/tessel-labs/2025-02-seed.yml")
    assert "disputed" not in tessel  # rumoured is not disputed
    assert tessel["conflicting_reports"] == [
        {
            "amount": {"value": "80M", "currency": "EUR"},
            "sources": ["example-ledger-2025-10"],
            "note": "Other reports give €80M. The source marks the amount as rumoured.",
        }
    ]


def test_the_ledgers_own_dollar_figures_are_kept_as_the_sources_conversion(imported):
    yunhe = read(imported, "content/rounds/yunhe-compute/2025-01-series-a.yml")
    assert (yunhe["amount"], "notes" in yunhe) == ({"value": "2B", "currency": "CNY", "reported_usd": "282M"}, False)
    norrland = read(imported, "content/rounds/norrland-data/2013-10-series-a.yml")  # no SEK rate in the fixture table
    assert (norrland["amount"], "notes" in norrland) == (
        {"value": "40M", "currency": "SEK", "reported_usd": "6.2M"},
        False,
    )
    # A figure in dollars has no conversion: the sheet's $400M beside $400M is not written twice.
    assert read(imported, "content/rounds/halden-ai/2024-06-series-b.yml")["amount"] == {
        "value": "400M",
        "currency": "USD",
    }


@pytest.mark.parametrize(
    "company, country, sectors",
    [
        ("halden-ai", "GB", ["artificial-intelligence"]),  # UK, Frontier lab
        ("yunhe-compute", "CN", ["semiconductors"]),  # China, AI chips
        ("hanul-robotics", "KR", None),  # South Korea; Robotics has no sector: named in the report
        ("orbit-cloud", "US", ["cloud-computing"]),
        ("tessel-labs", "FR", ["artificial-intelligence"]),
    ],
)
def test_country_names_and_sector_labels_become_codes_and_slugs(imported, company, country, sectors):
    profile = read(imported, f"content/companies/{company}.yml")
    assert (profile["headquarters"], profile.get("sectors")) == ({"country": country}, sectors)


def test_profiles_it_makes_say_who_they_are_from_the_round_that_names_them(imported):
    assert read(imported, "content/companies/kestrel-capital.yml") == {
        "name": "Kestrel Capital",
        "kind": "investment-firm",
        "summary": "Led the Series B round of Halden AI, announced in 2024-06.",
        "sources": [SOURCE],
    }
    assert (
        read(imported, "content/companies/halden-ai.yml")["summary"] == "Raised a Series B round announced in 2024-06."
    )


def test_a_mapping_that_sends_a_label_to_no_sector_is_refused(ledger):
    mapping = ledger / "sheet/mapping.yml"
    mapping.write_text(
        mapping.read_text(encoding="utf-8").replace("AI chips: semiconductors", "AI chips: chips"), encoding="utf-8"
    )
    result = roundbook(IMPORT, ledger)
    assert (result.returncode, result.stdout.splitlines()) == (
        1,
        [
            "sheet/mapping.yml:25:13: unknown sector 'chips'; the sectors are those of content/reference/sectors.yml",
            "1 problem in 1 file. Nothing was written.",
        ],
    )


@pytest.mark.build
def test_with_unknown_sectors_add_the_ledgers_unmapped_label_becomes_a_sector_once(ledger, tmp_path):
    mapping = ledger / "sheet/mapping.yml"
    mapping.write_text(mapping.read_text(encoding="utf-8") + "unknown_sectors: add\n", encoding="utf-8")
    sectors = ledger / "content/reference/sectors.yml"
    before = sectors.read_text(encoding="utf-8")
    result = roundbook(IMPORT, ledger)
    assert (result.returncode, result.stderr) == (0, "")
    lines = REPORT.splitlines()
    robotics = next(line for line in lines if "no sector for Robotics" in line)
    last_created = max(number for number, line in enumerate(lines) if line.startswith("created:"))
    lines.insert(last_created + 1, "added sector: robotics (Robotics)")
    lines.remove(robotics)
    assert result.stdout.splitlines() == lines
    assert sectors.read_text(encoding="utf-8") == before + "  robotics:\n    name: Robotics\n"
    assert read(ledger, "content/companies/hanul-robotics.yml")["sectors"] == ["robotics"]
    again = roundbook(IMPORT, ledger)
    assert (again.returncode, again.stdout) == (0, AGAIN)
    assert sectors.read_text(encoding="utf-8") == before + "  robotics:\n    name: Robotics\n"
    build = mkdocs_build(ledger, tmp_path / "site")
    assert build.returncode == 0, build.stderr
    assert "Hanul Robotics" in (tmp_path / "site/sectors/robotics/index.html").read_text(encoding="utf-8")
