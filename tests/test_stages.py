"""Stages by name (roundbook/schema/stages.py): what people type, on the command line or in a
spreadsheet, is matched to a stage in any case and spacing; a record keeps the slug, and one
that holds another spelling is told the slug to write."""

from __future__ import annotations

import pytest
import yaml

from conftest import roundbook
from roundbook.importers.stages import written_stage
from roundbook.schema.stages import (
    _BY_KEY,
    STAGES,
    stage_and_extension,
    stage_from_text,
    stage_hint,
    stage_key,
    stage_short_label,
)

SERIES_A = [
    "Series A",
    "series a",
    "series-a",
    "SERIES_A",
    "Series  A",
    "seriesa",
    "A",
    "a",
    "Series A round",
    "Ｓｅｒｉｅｓ Ａ",
]


@pytest.mark.parametrize("written", SERIES_A)
def test_every_way_of_writing_series_a_is_series_a(written):
    assert stage_from_text(written) == "series-a"


@pytest.mark.parametrize(
    ("written", "stage"),
    [
        ("Pre-seed", "pre-seed"),
        ("pre seed", "pre-seed"),
        ("IPO", "ipo"),
        ("Initial public offering", "ipo"),
        ("Venture, stage not disclosed", "venture-undisclosed"),
        ("Venture (undisclosed)", "venture-undisclosed"),
        ("venture", "venture-undisclosed"),
        ("Private Equity", "private-equity"),
        ("Debt financing", "debt"),
        ("K", "series-k"),
    ],
)
def test_a_stage_is_found_by_its_slug_its_labels_and_the_names_people_give_it(written, stage):
    assert stage_from_text(written) == stage


def test_every_spelling_names_one_stage_only():
    for stage, label in STAGES.items():
        for spelling in (stage, label, stage_short_label(stage)):
            assert _BY_KEY[stage_key(spelling)] == stage, spelling
    assert stage_from_text("L") is None and stage_from_text("") is None  # no series L; nothing is nothing


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("Series B+", ("series-b", True)),
        ("series-b+", ("series-b", True)),
        ("B ext.", ("series-b", True)),
        ("SERIES C extension round", ("series-c", True)),
        ("Series B", ("series-b", False)),
        ("Series Z", None),
    ],
)
def test_an_extension_written_into_the_stage_is_read_as_one(written, found):
    assert stage_and_extension(written) == found
    assert stage_from_text(written) is None or not found[1]  # a stage with its + is no stage by itself


def test_each_stage_has_a_short_label_for_tables_and_charts():
    assert stage_short_label("venture-undisclosed") == "Venture (undisclosed)"
    assert stage_short_label("ipo") == "IPO"
    assert stage_short_label("series-b") == "Series B" == STAGES["series-b"]
    assert all(len(stage_short_label(stage)) <= 21 for stage in STAGES)


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Series A", "; write series-a"),
        ("Series B+", "; write series-b with extension: true"),
        ("serie-b", "; did you mean 'series-b'?"),
        ("sed", "; did you mean 'seed'?"),
        # As near series-a as series-k: no guess, the list.
        ("Series Z", "; expected one of: " + ", ".join(STAGES)),
    ],
)
def test_a_record_is_told_the_slug_to_write(written, hint):
    assert stage_hint(written, "extension: true") == hint


@pytest.mark.parametrize(
    ("cell", "stage"),
    [
        ("A", ("series-a", False)),
        ("Series A", ("series-a", False)),
        ("series_a", ("series-a", False)),
        ("Venture (undisclosed)", ("venture-undisclosed", False)),
        ("IPO", ("ipo", False)),
        ("mezzanine", ("growth", False)),  # the mapping's own words, matched the same way
        ("MEZZANINE ", ("growth", False)),
    ],
)
def test_spreadsheet_cells_are_matched_the_same_way(cell, stage):
    assert written_stage(cell, {"Mezzanine": "growth"}) == stage


SOURCE = ["--source-url", "https://news.example/fictional-round", "--source-publisher", "Example News"]


@pytest.mark.command
@pytest.mark.parametrize(
    ("stage", "written", "slug", "extension"),
    [
        ("Series A", "2024-08-series-a.yml", "series-a", False),
        ("Series B+", "2024-08-series-b-extension.yml", "series-b", True),
    ],
)
def test_new_round_takes_the_stage_as_people_write_it(project, stage, written, slug, extension):
    result = roundbook(["new", "round", "acme-robotics", "--announced", "2024-08", "--stage", stage, *SOURCE], project)
    assert (result.returncode, result.stdout) == (0, f"Wrote content/rounds/acme-robotics/{written}; it validates.\n")
    record = yaml.safe_load((project / "content/rounds/acme-robotics" / written).read_text(encoding="utf-8"))
    assert (record["stage"], record["extension"]) == (slug, extension or None)


@pytest.mark.command
def test_new_round_refuses_a_stage_it_cannot_name(project):
    result = roundbook(["new", "round", "acme-robotics", "--announced", "2024-08", "--stage", "Series Z"], project)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--stage': unknown stage 'Series Z'; expected one of: " + ", ".join(STAGES)
    )
    assert not list((project / "content/rounds/acme-robotics").glob("2024-08-*"))


@pytest.mark.command
def test_a_record_keeps_the_slug_and_validate_says_which(project):
    rounds = project / "content/rounds/acme-robotics"
    seed = (rounds / "2021-seed.yml").read_text(encoding="utf-8")
    for name, written in [
        ("2021-seed", "Series A"),
        ("2022-seed", "series b+"),
        ("2023-seed", "Venture (undisclosed)"),
    ]:
        (rounds / f"{name}.yml").write_text(seed.replace("stage: seed", f"stage: {written}"), encoding="utf-8")
    result = roundbook(["validate"], project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/rounds/acme-robotics/2021-seed.yml:2:8: unknown stage 'Series A'; write series-a",
        "content/rounds/acme-robotics/2022-seed.yml:2:8: unknown stage 'series b+'; write series-b with extension: true",
        "content/rounds/acme-robotics/2023-seed.yml:2:8: unknown stage 'Venture (undisclosed)'; write venture-undisclosed",
        "3 problems in 3 files.",
    ]
