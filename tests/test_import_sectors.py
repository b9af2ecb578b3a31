"""`unknown_sectors: add` in a mapping file: a sector label nothing maps becomes a sector of
content/reference/sectors.yml, named as the label, when a profile the import creates names it.
A label whose slug is reserved or already another sector's is left out, and the report says why.
The sheets here are written by the tests; everything in them is fictional."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import roundbook
from roundbook.cli import main
from test_import import read, snapshot

pytestmark = pytest.mark.command  # runs roundbook (or git and pre-commit) as a process of its own

MAP = """\
columns:
  company: Company
  announced: Date
  stage: Round
  sectors: Sectors
  source_url: Source
publisher: Example News
unknown_sectors: add
"""
LONG = "Autonomous underwater vehicles for offshore wind farm inspection and maintenance work"  # 85 characters
DEALS = f"""\
Company,Date,Round,Sectors,Source
Kite Robotics,2024-03,Seed,Space tech; Health: biotech; Yes; 2024,https://news.example/kite
Lumen Foods,2024-03,Seed,Space-Tech; Index; Software!; ???; {LONG},https://news.example/lumen
Acme Robotics,2024-05,Seed,Drones,https://news.example/acme
"""
SECTORS = "content/reference/sectors.yml"
REPORT = """\
wrote: content/rounds/kite-robotics/2024-03-seed.yml
wrote: content/rounds/lumen-foods/2024-03-seed.yml
wrote: content/rounds/acme-robotics/2024-05-seed.yml
created: content/companies/kite-robotics.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
created: content/companies/lumen-foods.yml (summary from the round that names it; placeholder kind: replace with what your sources say)
{verb} sector: space-tech (Space tech)
{verb} sector: health-biotech (Health: biotech)
note: deals.csv:2:4: cannot add a sector for 2024: its slug '2024' does not read as plain text in YAML; left out (map it under 'sectors:' in the mapping file)
note: deals.csv:2:4: cannot add a sector for Yes: its slug 'yes' does not read as plain text in YAML; left out (map it under 'sectors:' in the mapping file)
note: deals.csv:3:4: cannot add a sector for ???: it makes no slug; left out (map it under 'sectors:' in the mapping file)
note: deals.csv:3:4: cannot add a sector for {long}: 'name' is 85 characters long; the limit is 80; left out (map it under 'sectors:' in the mapping file)
note: deals.csv:3:4: cannot add a sector for Index: its slug 'index' is reserved for the page that lists the whole folder; left out (map it under 'sectors:' in the mapping file)
note: deals.csv:3:4: cannot add a sector for Software!: its slug 'software' is already the sector Software's; left out (map it under 'sectors:' in the mapping file)
3 rows read: 3 rounds {written}, 0 merged into a round, 0 already present, 0 skipped; 2 profiles {created} (2 organizations, 0 people).{dry}
"""


@pytest.fixture
def sheet(project: Path) -> Path:
    (project / "deals.csv").write_text(DEALS, encoding="utf-8")
    (project / "map.yml").write_text(MAP, encoding="utf-8")
    return project


def test_labels_no_sector_has_become_sectors_and_the_report_says_which_could_not(sheet):
    before = (sheet / SECTORS).read_text(encoding="utf-8")
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], sheet)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == REPORT.format(verb="added", long=LONG, written="written", created="created", dry="")
    # Added at the end of the table, the file otherwise as it was; a name YAML would read as
    # something else is quoted.
    assert (sheet / SECTORS).read_text(encoding="utf-8") == before + (
        '  space-tech:\n    name: Space tech\n  health-biotech:\n    name: "Health: biotech"\n'
    )
    assert read(sheet, "content/companies/kite-robotics.yml")["sectors"] == ["space-tech", "health-biotech"]
    # Space-Tech finds the sector Space tech added; the labels that could not be added are left out.
    assert read(sheet, "content/companies/lumen-foods.yml")["sectors"] == ["space-tech"]
    assert roundbook(["validate"], sheet).returncode == 0
    # `roundbook fmt` would leave the sectors file as the import wrote it.
    assert SECTORS not in roundbook(["fmt", "--check", "content/reference"], sheet).stdout


def test_a_label_only_a_known_companys_row_gives_adds_no_sector(sheet):
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], sheet)
    assert result.returncode == 0
    assert (sheet / "content/rounds/acme-robotics/2024-05-seed.yml").is_file()
    assert "drones" not in (sheet / SECTORS).read_text(encoding="utf-8")  # Acme Robotics has its profile


def test_a_dry_run_says_which_sectors_it_would_add_and_writes_nothing(sheet):
    before = snapshot(sheet)
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml", "--dry-run"], sheet)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == REPORT.format(
        verb="would add", long=LONG, written="to write", created="to create", dry=" Nothing was written (--dry-run)."
    ).replace("wrote:", "would write:").replace("created:", "would create:")
    assert snapshot(sheet) == before


def test_a_second_run_adds_nothing(sheet):
    roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], sheet)
    (sheet / "deals.csv").write_text(DEALS.replace("Kite Robotics", "Kite Marine"), encoding="utf-8")
    before = (sheet / SECTORS).read_text(encoding="utf-8")
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], sheet)
    assert result.returncode == 0
    assert [line for line in result.stdout.splitlines() if "sector:" in line] == []
    assert read(sheet, "content/companies/kite-marine.yml")["sectors"] == ["space-tech", "health-biotech"]
    assert (sheet / SECTORS).read_text(encoding="utf-8") == before


def test_without_unknown_sectors_add_a_label_is_only_reported(sheet):
    (sheet / "map.yml").write_text(MAP.replace("unknown_sectors: add\n", ""), encoding="utf-8")
    before = (sheet / SECTORS).read_text(encoding="utf-8")
    result = roundbook(["import", "csv", "deals.csv", "--map", "map.yml"], sheet)
    assert (
        "note: deals.csv:2:4: no sector for Space tech, Health: biotech, Yes, 2024: left out (add it to content/reference/"
        "sectors.yml, or map it under 'sectors:' in the mapping file)" in result.stdout.splitlines()
    )
    assert (sheet / SECTORS).read_text(encoding="utf-8") == before


def _import(project: Path):
    return CliRunner().invoke(
        main, ["import", "csv", str(project / "deals.csv"), "--map", str(project / "map.yml"), "--root", str(project)]
    )


def test_a_link_planted_at_the_sectors_file_is_refused_and_nothing_is_written(sheet, tmp_path, monkeypatch):
    from roundbook.importers import run

    outside = tmp_path / "outside.yml"
    real = run.replace_text

    def planting(root, shown, text):
        (sheet / SECTORS).unlink()
        (sheet / SECTORS).symlink_to(outside)
        return real(root, shown, text)

    monkeypatch.setattr(run, "replace_text", planting)
    result = _import(sheet)
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {SECTORS} is a symbolic link, which Roundbook does not write through; nothing was written\n",
    )
    assert not outside.exists()
    assert not (sheet / "content/rounds/kite-robotics").exists()


def test_the_sectors_file_is_put_back_when_the_new_files_cannot_be_written(sheet, monkeypatch):
    from roundbook.importers import run

    before = (sheet / SECTORS).read_text(encoding="utf-8")

    def appeared(root, texts):
        raise FileExistsError(17, "File exists", "content/rounds/kite-robotics/2024-03-seed.yml")

    monkeypatch.setattr(run, "create_all", appeared)
    result = _import(sheet)
    assert (result.exit_code, result.output) == (
        1,
        "Error: content/rounds/kite-robotics/2024-03-seed.yml appeared "
        "while the import ran; nothing was written. Run the import again.\n",
    )
    assert (sheet / SECTORS).read_text(encoding="utf-8") == before
