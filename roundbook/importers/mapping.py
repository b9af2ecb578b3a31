"""The mapping file of `roundbook import csv`: which column holds what, and how to read it.

It is YAML, read with the same strict reader and checked with the same field types as content
files, so a mistake in it is reported at its line and column. docs/pages/run/import.md describes
every key; `docs/pages/run/import-mapping.example.yml` is a complete example.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from roundbook.edit.slugs import source_id
from roundbook.importers.money import MoneyReading
from roundbook.importers.profiles import folded
from roundbook.importers.tables import Table
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Mark, Problems
from roundbook.schema.fields import (
    INVALID,
    CheckContext,
    CountryType,
    CurrencyType,
    EnumType,
    Field,
    ListType,
    MapType,
    ObjectType,
    SlugType,
    TextType,
    suggestion,
)
from roundbook.schema.kinds import ORGANIZATION_KINDS, SOURCE
from roundbook.schema.stages import StageType

COLUMN = TextType(max_length=200)

# The columns a spreadsheet can have, in the order the documentation lists them.
COLUMN_FIELDS = [
    Field("company", COLUMN, "The company that raised the round", required=True),
    Field("announced", COLUMN, "When the round was announced", required=True),
    Field("stage", COLUMN, "The stage: Seed, Series B, Series B+, Strategic, …", required=True),
    Field("amount", COLUMN, "The money raised: $1.0B, €480M, ~$2.8B, Undisclosed, …"),
    Field("valuation", COLUMN, "The valuation: $4B pre-money, $3.5B–$5B, …"),
    Field("currency", COLUMN, "An ISO 4217 code for the row's figures written without one"),
    Field("lead", COLUMN, "Lead investors, separated by commas or semicolons"),
    Field("participants", COLUMN, "Other investors, separated by commas or semicolons"),
    Field("investors", COLUMN, "All investors, leads marked `(lead)`"),
    Field("notes", COLUMN, "Context a reader needs"),
    Field("amount_usd", COLUMN, "The sheet's own US dollar figure for the amount, written as its reported_usd"),
    Field("valuation_usd", COLUMN, "The sheet's own US dollar figure for the valuation, written as its reported_usd"),
    Field("source_url", COLUMN, "Where the round was reported; required unless the mapping has a 'source:' block"),
    Field("source_title", COLUMN, "The headline"),
    Field("source_publisher", COLUMN, "Who published it"),
    Field("source_published", COLUMN, "When it was published"),
    Field("native_name", COLUMN, "The company's name in its own script"),
    Field("country", COLUMN, "The company's country: CN, CHN or China"),
    Field("city", COLUMN, "The company's city"),
    Field("website", COLUMN, "The company's website"),
    Field("founded", COLUMN, "When the company was founded"),
    Field("sectors", COLUMN, "Sectors from content/reference/sectors.yml, by slug or name"),
    Field("summary", COLUMN, "One line about the company"),
]

# What an import does with a label of the sectors column that no sector has (sector_labels.py).
UNKNOWN_SECTORS = {
    "report": "Leave it out of the profile and name it in the report",
    "add": "Add it to content/reference/sectors.yml as a new sector, named as the label",
}

# The one source of a sheet that has no URL per row: a hand-kept ledger, say. The id is made.
FILE_SOURCE = ObjectType("File source", [field for field in SOURCE.fields if field.name not in ("id", "quote")])

MAPPING = ObjectType(
    "Import mapping",
    [
        Field(
            "columns", ObjectType("Columns", COLUMN_FIELDS), "Which column of the spreadsheet holds what", required=True
        ),
        Field(
            "source",
            FILE_SOURCE,
            "The source of every row without its own source_url: url, title, publisher, published",
        ),
        Field("publisher", TextType(max_length=120), "The publisher of every source, for rows without one"),
        Field(
            "currency",
            ObjectType(
                "Currency",
                [
                    Field("default", CurrencyType(), "The currency of figures written with no symbol or code"),
                    Field(
                        "symbols",
                        MapType(TextType(max_length=10), CurrencyType(), key_pattern=".+"),
                        "What a symbol means in this spreadsheet, such as ¥: CNY",
                    ),
                ],
            ),
            "How to read currencies",
        ),
        Field(
            "stages",
            MapType(TextType(max_length=200), StageType(), key_pattern=".+"),
            "Words of the stage column -> a stage of the format",
        ),
        Field("people", ListType(TextType(max_length=120), unique=True), "Investors that are people, by name"),
        Field(
            "sectors",
            MapType(TextType(max_length=200), SlugType(), key_pattern=".+"),
            "Labels of the sectors column -> sector slugs of content/reference/sectors.yml, such as AI chips: semiconductors",
        ),
        Field(
            "unknown_sectors",
            EnumType(UNKNOWN_SECTORS),
            "What becomes of a sector label nothing maps: report (the default) or add",
        ),
        Field(
            "countries",
            MapType(TextType(max_length=120), CountryType(), key_pattern=".+"),
            "Country names of the sheet -> ISO 3166-1 codes, for names the importer does not know",
        ),
        Field("company_kind", EnumType(ORGANIZATION_KINDS), "The kind of a new company profile (default: startup)"),
        Field(
            "investor_kind",
            EnumType(ORGANIZATION_KINDS),
            "The kind of a new investor profile (default: investment-firm)",
        ),
    ],
)


@dataclass
class FileSource:
    """The mapping file's one source, for rows without their own, and where the file gives it."""

    fields: dict
    mark: Mark


@dataclass
class ImportMapping:
    columns: dict[str, str]  # key -> column name
    column_marks: dict[str, Mark]
    publisher: str | None = None
    reading: MoneyReading = field(default_factory=MoneyReading)
    stages: dict[str, str] = field(default_factory=dict)
    people: set[str] = field(default_factory=set)
    company_kind: str = "startup"
    investor_kind: str = "investment-firm"
    source: FileSource | None = None
    sectors: dict[str, str] = field(default_factory=dict)  # label -> slug
    sector_marks: dict[str, Mark] = field(default_factory=dict)
    unknown_sectors: str = "report"  # or "add"
    countries: dict[str, str] = field(default_factory=dict)  # folded name -> code


def _file_source(record) -> FileSource | None:
    if "source" not in record:
        return None
    block = record["source"]
    values = {key: str(block[key]) if key in block else None for key in ("url", "title", "publisher")}
    for key in ("published", "accessed"):  # checked dates: their text is the date's
        values[key] = str(block[key].date) if key in block else None
    return FileSource({"id": source_id(values["publisher"], values["published"]), **values}, block.mark)


def read_mapping(path: Path, shown: str, problems: Problems, today: dt.date) -> ImportMapping | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(Mark(shown, 1, 1), f"cannot read the mapping file: {error.strerror}")
        return None
    before = len(problems)
    tree = read_yaml(shown, data, problems)
    if tree is None or len(problems) > before:  # read_yaml said why
        return None
    record = MAPPING.check(tree, CheckContext(problems, today), "mapping")
    if record is INVALID or len(problems) > before:
        return None
    columns = record["columns"]
    currency = record.get("currency", {})
    symbols = {str(symbol): str(code) for symbol, code in currency.get("symbols", {}).items()}
    return ImportMapping(
        columns={key: str(name) for key, name in columns.items()},
        column_marks={key: name.mark for key, name in columns.items()},
        publisher=str(record["publisher"]) if "publisher" in record else None,
        reading=MoneyReading(symbols, str(currency["default"]) if "default" in currency else None),
        stages={" ".join(str(k).split()): str(v) for k, v in record.get("stages", {}).items()},
        people={folded(name) for name in record.get("people", [])},
        company_kind=str(record.get("company_kind", "startup")),
        investor_kind=str(record.get("investor_kind", "investment-firm")),
        source=_file_source(record),
        sectors={str(label): str(slug) for label, slug in record.get("sectors", {}).items()},
        sector_marks={str(label): slug.mark for label, slug in record.get("sectors", {}).items()},
        unknown_sectors=str(record.get("unknown_sectors", "report")),
        countries={
            " ".join(str(name).split()).casefold(): str(code) for name, code in record.get("countries", {}).items()
        },
    )


def check_columns(mapping: ImportMapping, table: Table, problems: Problems) -> None:
    """Every column the mapping names is in the table; find their numbers."""
    positions = {name.casefold(): number for number, name in reversed(list(enumerate(table.header, start=1)))}
    for key, name in mapping.columns.items():
        number = positions.get(name.casefold())
        if number is None:
            listed = ", ".join(f"'{n}'" for n in table.header if n)
            problems.add(mapping.column_marks[key], f"no column '{name}' in {table.path}; its columns are: {listed}")
        else:
            table.columns[key] = number
    path = mapping.column_marks["company"].path
    if "source_url" not in mapping.columns and mapping.source is None:
        problems.add(
            Mark(path, 1, 1),
            "say where the rounds were reported: map a 'source_url' column, or give the "
            "file's one source in a 'source:' block (url, title, publisher, published)",
        )
    if (
        "source_url" in mapping.columns
        and "source_publisher" not in mapping.columns
        and not mapping.publisher
        and mapping.source is None
    ):
        problems.add(
            Mark(path, 1, 1), "say who published the sources: map a 'source_publisher' column, or give 'publisher'"
        )


def check_sectors(mapping: ImportMapping, known: set[str], problems: Problems) -> None:
    """Every sector the mapping sends a label to is in content/reference/sectors.yml."""
    for label, slug in mapping.sectors.items():
        if slug not in known:
            problems.add(
                mapping.sector_marks[label],
                f"unknown sector '{slug}'{suggestion(slug, sorted(known))}; "
                "the sectors are those of content/reference/sectors.yml",
            )
