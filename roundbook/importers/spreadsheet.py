"""`roundbook import csv FILE --map MAPPING`: a spreadsheet with one round per row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from roundbook.edit.slugs import source_id
from roundbook.importers.dates import parse_date
from roundbook.importers.details import Details, is_web_address, sector_names, sector_table
from roundbook.importers.mapping import ImportMapping, check_columns, check_sectors, read_mapping
from roundbook.importers.money import CellError, Figure, MoneyReading, parse_money
from roundbook.importers.names import lead_marked, split_names
from roundbook.importers.profiles import folded
from roundbook.importers.rows import Entity, RoundRow
from roundbook.importers.sector_labels import NewSector, SectorLabels
from roundbook.importers.stages import written_stage
from roundbook.importers.tables import Row, Table, read_table
from roundbook.problems import Problems
from roundbook.schema.fields import CurrencyType

DOLLARS = MoneyReading(default_currency="USD")  # the sheet's own USD columns: figures with or without $


class Reader:
    def __init__(self, table: Table, mapping: ImportMapping, checked, today: dt.date):
        self.table = table
        self.mapping = mapping
        self.today = today
        names = sector_table(checked) if mapping.unknown_sectors == "add" else None
        self.sectors = SectorLabels(sector_names(checked), mapping.sectors, names)

    def rows(self) -> list[RoundRow]:
        return [self._round(row) for row in self.table.rows]

    def _cell(self, row: Row, key: str) -> str:
        return self.table.cell(row, key)

    def _source(self, result: RoundRow, row: Row) -> dict | None:
        table = self.table
        url = self._cell(row, "source_url")
        shared = self.mapping.source
        if not url and shared is not None:
            # The file's one source: it backs every row, so it never tells one round from another.
            result.own_source = False
            result.marks["sources"] = shared.mark
            return dict(shared.fields)
        publisher = (
            " ".join(self._cell(row, "source_publisher").split())
            or self.mapping.publisher
            or (shared.fields.get("publisher") if shared else None)
        )
        if not url:
            result.skipped(table.mark(row, "source_url"), "no source URL: a round needs a source")
            return None
        if not is_web_address(url):
            result.problem(table.mark(row, "source_url"), f"'{url}' is not an http or https address")
        if not publisher:
            result.skipped(
                table.mark(row, "source_publisher"),
                "no publisher for the source, and the mapping file gives none ('publisher')",
            )
            return None
        try:
            published = parse_date(self._cell(row, "source_published"), self.today)
        except CellError as error:
            result.problem(table.mark(row, "source_published"), str(error))
            published = None
        title = " ".join(self._cell(row, "source_title").split()) or None
        return {
            "id": source_id(publisher, published),
            "url": url,
            "title": title,
            "publisher": publisher,
            "published": published,
        }

    def _currency(self, result: RoundRow, row: Row) -> str | None:
        code = self._cell(row, "currency").upper()
        if code and not CurrencyType().exists(code):
            result.problem(self.table.mark(row, "currency"), f"'{code}' is not an ISO 4217 currency code")
            return None
        return code or None

    def _money(self, result: RoundRow, row: Row, key: str, currency: str | None):
        try:
            figure = parse_money(self._cell(row, key), self.mapping.reading, key == "valuation", currency)
        except CellError as error:
            result.problem(self.table.mark(row, key), str(error))
            return None
        try:
            dollars = parse_money(self._cell(row, f"{key}_usd"), DOLLARS, key == "valuation")
        except CellError as error:  # at its own cell, not the figure's
            result.problem(self.table.mark(row, f"{key}_usd"), str(error))
            return None
        result.marks[key] = self.table.mark(row, key)
        if isinstance(figure, Figure):
            if figure.said == "disputed":
                result.disputed = True
            elif figure.said:
                result.said[key] = figure.said
            conversion = dollars if isinstance(dollars, Figure) else figure.conversion
            if conversion is not None and figure.currency != "USD":
                result.conversions[key] = conversion
                if isinstance(dollars, Figure):
                    result.marks[f"{key}_usd"] = self.table.mark(row, f"{key}_usd")
        return figure

    def _round(self, row: Row) -> RoundRow:
        table = self.table
        result = RoundRow(table.mark(row))
        name = " ".join(self._cell(row, "company").split())
        if not name:
            result.skipped(table.mark(row, "company"), "no company name")
            return result
        source = self._source(result, row)
        result.source = source
        result.marks["sources"] = table.mark(row, "source_url")
        result.company = self._company(result, row, name, source)
        result.read_announced(self._cell(row, "announced"), table.mark(row, "announced"), self.today)
        stage = " ".join(self._cell(row, "stage").split())
        result.marks["stage"] = result.marks["extension"] = table.mark(row, "stage")
        if stage:
            try:
                result.stage, result.extension = written_stage(stage, self.mapping.stages)
            except ValueError as error:
                result.problem(table.mark(row, "stage"), str(error))
        else:
            result.skipped(table.mark(row, "stage"), "no stage: a round needs one")
        currency = self._currency(result, row)
        result.amount = self._money(result, row, "amount", currency)
        result.valuation = self._money(result, row, "valuation", currency)
        if result.announced is None and not result.problems:
            result.skipped(table.mark(row, "announced"), "no announced date")
        notes = " ".join(self._cell(row, "notes").split())
        if notes:
            result.notes = notes
            result.marks["notes"] = table.mark(row, "notes")
        self._investors(result, row, source)
        return result

    def _company(self, result: RoundRow, row: Row, name: str, source: dict | None) -> Entity:
        table = self.table
        entity = Entity(name, table.mark(row, "company"), source=source)
        details = Details(result, entity, self.sectors, self.today, self.mapping.countries)
        details.text("native_name", self._cell(row, "native_name"), table.mark(row, "native_name"))
        details.from_row(lambda column: self._cell(row, column), lambda column: table.mark(row, column))
        return entity

    def _investors(self, result: RoundRow, row: Row, source: dict | None) -> None:
        table = self.table
        for key, lead in (("lead", True), ("participants", False), ("investors", None)):
            mark = table.mark(row, key)
            for written in split_names(self._cell(row, key)):
                name, marked = lead_marked(written)
                entity = Entity(name, mark, person=folded(name) in self.mapping.people, source=source)
                (result.leads if (lead or marked) else result.participants).append(entity)
            if key != "investors" and key in table.columns:
                result.marks[key] = mark
        if "investors" in table.columns:
            result.marks.setdefault("lead", table.mark(row, "investors"))
            result.marks.setdefault("participants", table.mark(row, "investors"))


def read_rows(
    path: Path, mapping_path: Path, checked, today: dt.date, problems: Problems
) -> tuple[list[RoundRow] | None, ImportMapping | None, dict[str, NewSector]]:
    """The rows of the spreadsheet, the mapping, and the sectors the rows' labels would add
    (`unknown_sectors: add`); (None, None, {}) after reporting why they cannot be read."""
    mapping = read_mapping(mapping_path, mapping_path.as_posix(), problems, today)
    table = read_table(path, path.as_posix(), problems)
    if mapping is None or table is None:
        return None, None, {}
    check_columns(mapping, table, problems)
    check_sectors(mapping, set(sector_names(checked).values()), problems)
    if problems:
        return None, None, {}
    reader = Reader(table, mapping, checked, today)
    return reader.rows(), mapping, reader.sectors.new
