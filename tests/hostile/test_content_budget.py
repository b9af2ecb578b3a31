"""How many files the content folder may hold: a bound checked before anything is read, so that a
pull request of a hundred thousand files is refused at once rather than built into a site no
host takes (the size of what is built has its own bound: tests/hostile/test_site_budget.py)."""

from __future__ import annotations

from click.testing import CliRunner

from roundbook.cli import main
from roundbook.load import files


def test_a_content_folder_past_the_file_bound_is_refused_before_anything_is_read(project, monkeypatch):
    monkeypatch.setattr(files, "MAX_CONTENT_FILES", 12)  # the fixture content has 13 files
    result = CliRunner().invoke(main, ["validate", "--root", str(project)])
    assert result.exit_code == 1
    assert result.output == "content:1:1: more than 12 files; the limit is 12\n1 problem in 1 file.\n"


def test_a_content_folder_at_the_file_bound_is_read(project, monkeypatch):
    count = sum(1 for path in (project / "content").rglob("*") if path.is_file())
    monkeypatch.setattr(files, "MAX_CONTENT_FILES", count)
    result = CliRunner().invoke(main, ["validate", "--root", str(project)])
    assert result.exit_code == 0, result.output
