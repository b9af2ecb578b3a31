"""Files made of a part per record take the unchanged parts from the last build's file
(roundbook/site/incremental/parts.py), and a listing's further pages come from the cache unless
one of their rows changed (graph.py); the site stays a cold build's, byte for byte.

A module of its own, apart from tests/test_incremental.py: each module runs on one worker
(`make test` distributes by module), and these builds need not wait behind that one's.
"""

from __future__ import annotations

import gzip
import importlib
import json
from functools import partial
from pathlib import Path

import pytest

from roundbook import render
from roundbook.render import Renderer
from roundbook.site.incremental.store import CACHE_FOLDER
from test_incremental import build_site, cold_site, make_synthetic_project, tree

pytestmark = pytest.mark.build


def read_lines(path: Path, compressed: bool) -> list[str]:
    """A bulk file's lines, from its gzipped copy when the site compresses them."""
    if compressed:
        return gzip.decompress(path.with_name(path.name + ".gz").read_bytes()).decode().splitlines()
    return path.read_text().splitlines()


def edit_one_round(project: Path) -> None:
    round_file = sorted(sorted((project / "content" / "rounds").iterdir())[0].glob("*.yml"))[0]
    round_file.write_text(round_file.read_text().replace("title: ", "title: Edited ", 1))


def count_calls(monkeypatch, module, name: str, counted: Path) -> None:
    """Each call of module.name writes a line to `counted`: the build renders in forked processes."""
    real = getattr(module, name)

    def counting(*args):
        with counted.open("a") as out:
            out.write(name + "\n")
        return real(*args)

    monkeypatch.setattr(module, name, counting)


@pytest.mark.parametrize("compressed", [False, True], ids=["plain", "gzipped"])
def test_after_an_edit_only_the_parts_about_changed_profiles_are_made_again(tmp_path, monkeypatch, compressed):
    # After an edit of one round, only the listings' rows, the CSV downloads' lines and the API's
    # lists' items about the profiles whose fingerprint changed are made again, from a bulk file
    # gzipped or not; listings of five rows a page have further pages, and those without a
    # changed row are the first build's files still (hard links to what the cache kept).
    monkeypatch.setattr("roundbook.site.prepare.Renderer", partial(Renderer, listing_page_size=5))
    project = make_synthetic_project(tmp_path / "project", companies=24, seed=7)
    if compressed:
        config = project / "mkdocs.yml"
        config.write_text(
            config.read_text().replace("  - roundbook:\n", "  - roundbook:\n      compress_downloads: true\n")
        )
    first = tmp_path / "first"
    build_site(project, first)
    rows = json.loads((first / "investors" / "list" / "rows.json").read_text())["rows"]
    rows += json.loads((first / "companies" / "list" / "rows.json").read_text())["rows"]
    lines = sum(
        len(read_lines(first / "data" / name, compressed)) - 1
        for name in ("rounds.csv", "investments.csv", "companies.csv")
    )
    items = json.loads(read_lines(first / "api" / "v2" / "rounds.json", compressed)[0])["count"]
    further = sorted(
        path.relative_to(first) for path in first.glob("*/list/*/index.html") if path.parent.name.isdigit()
    )

    counted = tmp_path / "made"
    count_calls(monkeypatch, render, "row_text", counted)
    count_calls(monkeypatch, importlib.import_module("roundbook.export.csv_files"), "write_row", counted)
    count_calls(monkeypatch, importlib.import_module("roundbook.export.json_files"), "compact_json", counted)
    edit_one_round(project)
    build_site(project, tmp_path / "second")
    made = counted.read_text().splitlines()
    assert 0 < made.count("row_text") < len(rows) / 4  # the edited company's rows and its investors'
    assert 0 < made.count("write_row") < lines / 4  # the edited company's lines
    assert (
        0 < made.count("compact_json") < items / 4
    )  # items of the 2 x 3 lists (API versions 1 and 2), and their heads
    kept = [page for page in further if (first / page).stat().st_ino == (tmp_path / "second" / page).stat().st_ino]
    assert len(further) >= 4
    assert 0 < len(kept) < len(further), (further, kept)
    cold_site(project, tmp_path / "cold")
    assert tree(tmp_path / "second") == tree(tmp_path / "cold")


def test_without_the_parts_the_last_build_kept_every_part_is_made_again(tmp_path, monkeypatch):
    # The parts' list beside the manifest is lost (or was written by another Roundbook): the files
    # made of parts are made whole, as the build before made them, and the site is the same.
    project = make_synthetic_project(tmp_path / "project", companies=24, seed=7)
    build_site(project, tmp_path / "first")
    (parts_file,) = (project / CACHE_FOLDER).glob("site/manifests/*.parts")
    parts_file.write_bytes(b"not what the cache wrote")
    counted = tmp_path / "made"
    count_calls(monkeypatch, render, "row_text", counted)
    edit_one_round(project)
    build_site(project, tmp_path / "second")
    rows = json.loads((tmp_path / "first" / "companies" / "list" / "rows.json").read_text())["rows"]
    assert len(counted.read_text().splitlines()) >= len(rows)
    cold_site(project, tmp_path / "cold")
    assert tree(tmp_path / "second") == tree(tmp_path / "cold")
