"""`roundbook import crunchbase` on a partial export (tests/fixtures/import/crunchbase-partial/,
fictional, in the bulk export's columns): investments.csv names investors that investors.csv
does not hold, and every round is still imported with every lead that can be named."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project, mkdocs_build, roundbook
from test_import import read, rows_read_add_up, snapshot

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

PARTIAL = FIXTURES / "import" / "crunchbase-partial"

REPORT = """\
wrote: content/rounds/lumen-robotics/2013-05-14-series-a.yml
wrote: content/rounds/lumen-robotics/2024-03-11-series-b.yml
wrote: content/rounds/brightwell-bio/2022-09-01-seed.yml
wrote: content/rounds/ferro-chips/2024-03-20-venture-undisclosed.yml
wrote: content/rounds/brightwell-bio/2024-01-15-series-a.yml
wrote: content/rounds/saltmarsh-labs/2021-06-02-seed.yml
created: content/companies/kestrel-capital.yml (summary from the round that names it)
created: content/people/mara-example.yml (summary from the round that names it)
created: content/companies/orchard-partners.yml
created: content/companies/lumen-robotics.yml (placeholder kind: replace with what your sources say)
created: content/companies/tide-fund.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/quill-angels.yml (summary from the round that names it)
created: content/companies/brightwell-bio.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/unnamed-fund.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/ferro-chips.yml (placeholder kind: replace with what your sources say)
created: content/companies/saltmarsh-labs.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
note: export/funding_rounds.csv:2:11: no USD equivalent: content/reference/currency-rates.yml has no EUR rate for 2013-05 (its EUR rates run from 2024-03 to 2024-03); the figure is shown in EUR only (in content/rounds/lumen-robotics/2013-05-14-series-a.yml, which this row writes)
note: export/funding_rounds.csv:4:6: no sector for Biotechnology: left out (add it to content/reference/sectors.yml, or map it under 'sectors:' in the mapping file)
note: export/funding_rounds.csv:4:7: no sector for Health Care: left out (add it to content/reference/sectors.yml, or map it under 'sectors:' in the mapping file)
note: export/funding_rounds.csv:4:11: no USD equivalent: content/reference/currency-rates.yml has no GBP rate at all; the figure is shown in GBP only (in content/rounds/brightwell-bio/2022-09-01-seed.yml, which this row writes)
note: export/funding_rounds.csv:5:11: no USD equivalent: content/reference/currency-rates.yml has no NOK rate at all; the figure is shown in NOK only (in content/rounds/ferro-chips/2024-03-20-venture-undisclosed.yml, which this row writes)
note: export/funding_rounds.csv:6:6: no sector for Biotechnology: left out (add it to content/reference/sectors.yml, or map it under 'sectors:' in the mapping file)
note: export/funding_rounds.csv:6:7: no sector for Health Care: left out (add it to content/reference/sectors.yml, or map it under 'sectors:' in the mapping file)
note: export/funding_rounds.csv:6:14: valuation has no currency code; the figure in US dollars is used
note: export/funding_rounds.csv:7:19: the export has no page of this round: it cites its company's page, https://www.crunchbase.example/organization/saltmarsh-labs
note: export/investments.csv:6:3: lead investor 'i-09' is in no file of this export (investors.csv, organizations.csv, people.csv) and investor_names cannot tell which name it is: the round is written without this lead
note: export/investments.csv:8:3: investor 'x-77' is in no file of this export; its lead flag goes to 'Unnamed Fund', the name of investor_names no other investor accounts for
note: export/organizations.csv:2:7: no sector for Robotics: left out (add it to content/reference/sectors.yml, or map it under 'sectors:' in the mapping file)
note: export/organizations.csv:2:8: no sector for Hardware: left out (add it to content/reference/sectors.yml, or map it under 'sectors:' in the mapping file)
note: export/organizations.csv:3:8: no sector for Hardware: left out (add it to content/reference/sectors.yml, or map it under 'sectors:' in the mapping file)
1 lead flag on an investor this export does not name: its round is written without it.
6 rows read: 6 rounds written, 0 merged into a round, 0 already present, 0 skipped; 10 profiles created (9 organizations, 1 person).
"""

AGAIN = """\
present: export/funding_rounds.csv:2: already in content/rounds/lumen-robotics/2013-05-14-series-a.yml (same company and stage, and it cites the same source)
present: export/funding_rounds.csv:3: already in content/rounds/lumen-robotics/2024-03-11-series-b.yml (same company and stage, and it cites the same source)
present: export/funding_rounds.csv:4: already in content/rounds/brightwell-bio/2022-09-01-seed.yml (same company and stage, and it cites the same source)
present: export/funding_rounds.csv:5: already in content/rounds/ferro-chips/2024-03-20-venture-undisclosed.yml (same company and stage, and it cites the same source)
present: export/funding_rounds.csv:6: already in content/rounds/brightwell-bio/2024-01-15-series-a.yml (same company and stage, and it cites the same source)
present: export/funding_rounds.csv:7: already in content/rounds/saltmarsh-labs/2021-06-02-seed.yml (same company and stage, and it cites the same source)
6 rows read: 0 rounds written, 0 merged into a round, 6 already present, 0 skipped; 0 profiles created.
"""


@pytest.fixture
def partial(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "project")
    shutil.copytree(PARTIAL, project / "export")
    return project


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    """The partial export imported once, for the tests that only read what the import wrote."""
    project = make_project(tmp_path_factory.mktemp("partial") / "project")
    shutil.copytree(PARTIAL, project / "export")
    result = roundbook(["import", "crunchbase", "export"], project)
    assert (result.returncode, result.stdout, result.stderr) == (0, REPORT, "")
    return project


@pytest.mark.build
def test_every_round_of_a_partial_export_is_imported_and_the_site_builds(partial, tmp_path):
    result = roundbook(["import", "crunchbase", "export"], partial)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == REPORT
    rows_read_add_up(result.stdout)
    assert roundbook(["validate"], partial).returncode == 0
    build = mkdocs_build(partial, tmp_path / "site")
    assert build.returncode == 0, build.stderr


@pytest.mark.parametrize(
    "path, leads, participants",
    [
        # investments.csv: i-01 in investors.csv, p-01 only in people.csv, o-05 only in organizations.csv
        ("lumen-robotics/2013-05-14-series-a", ["kestrel-capital"], ["mara-example", "orchard-partners"]),
        # i-09 (lead) is in no file, and two names of investor_names are left: its flag cannot be placed
        ("lumen-robotics/2024-03-11-series-b", ["kestrel-capital"], ["tide-fund", "quill-angels"]),
        ("brightwell-bio/2022-09-01-seed", ["mara-example"], []),
        # x-77 (lead) is in no file, and one name is left: the flag is that name's
        ("ferro-chips/2024-03-20-venture-undisclosed", ["unnamed-fund"], ["orchard-partners"]),
        # no rows in investments.csv: the lead comes from lead_investor_uuids
        ("brightwell-bio/2024-01-15-series-a", ["kestrel-capital"], ["tide-fund"]),
        ("saltmarsh-labs/2021-06-02-seed", [], ["quill-angels"]),
    ],
)
def test_every_lead_that_can_be_named_is_kept(imported, path, leads, participants):
    data = read(imported, f"content/rounds/{path}.yml")
    assert (data.get("lead", []), data.get("participants", [])) == (leads, participants)


def test_people_are_people_and_kinds_come_from_whichever_file_says(imported):
    assert read(imported, "content/people/mara-example.yml") == {
        "name": "Mara Example",
        "summary": "Invested in the Series A round of Lumen Robotics, announced on 2013-05-14.",
        "sources": [
            {"id": "crunchbase", "url": "https://www.crunchbase.example/person/mara-example", "publisher": "Crunchbase"}
        ],
    }
    assert not (imported / "content/companies/mara-example.yml").exists()
    assert read(imported, "content/companies/quill-angels.yml")["kind"] == "investment-firm"  # angel_group, by name
    assert (
        read(imported, "content/companies/orchard-partners.yml")["kind"] == "investment-firm"
    )  # primary_role investor


def test_categories_become_sectors_and_the_rest_are_named(partial):
    result = roundbook(["import", "crunchbase", "export"], partial)
    assert read(partial, "content/companies/lumen-robotics.yml")["sectors"] == ["artificial-intelligence"]
    assert read(partial, "content/companies/ferro-chips.yml")["sectors"] == [
        "semiconductors",
        "artificial-intelligence",
    ]
    assert "note: export/organizations.csv:2:7: no sector for Robotics: left out" in result.stdout


def test_the_rounds_own_page_is_its_source(imported):
    assert read(imported, "content/rounds/lumen-robotics/2024-03-11-series-b.yml")["sources"] == [
        {
            "id": "crunchbase",
            "url": "https://www.crunchbase.example/funding_round/lumen-robotics-series-b",
            "publisher": "Crunchbase",
        }
    ]
    assert read(imported, "content/rounds/saltmarsh-labs/2021-06-02-seed.yml")["sources"][0]["url"] == (
        "https://www.crunchbase.example/organization/saltmarsh-labs"
    )  # the export has no page of this round


def test_a_second_import_of_the_partial_export_writes_nothing(partial):
    roundbook(["import", "crunchbase", "export"], partial)
    before = snapshot(partial, "")
    again = roundbook(["import", "crunchbase", "export"], partial)
    assert (again.returncode, again.stdout, again.stderr) == (0, AGAIN, "")
    rows_read_add_up(again.stdout)
    # Not a byte written anywhere: the project builds as it did after the first import (the test above).
    assert snapshot(partial, "") == before
