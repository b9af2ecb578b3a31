"""Read a CSV file into rows with their spreadsheet numbers, and find its columns by name.

Rows and columns are numbered as a spreadsheet shows them: the header is row 1, the first
column is column 1. A line with no text in any cell is no row of data and is not counted.
The stdlib csv module reads the file; the delimiter (comma, semicolon or tab) is the one the
header line uses most, since spreadsheets save with any of the three.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from roundbook.problems import Mark, Problems

DELIMITERS = ",;\t"


@dataclass(frozen=True)
class Column:
    """A column an importer reads: its own name, the names exports also use, whether it must be there."""

    key: str
    names: tuple[str, ...]
    required: bool = False


@dataclass
class Row:
    number: int  # as a spreadsheet numbers it: the header is row 1
    cells: list[str]


@dataclass
class Table:
    path: str  # as reports show it
    header: list[str]
    rows: list[Row] = field(default_factory=list)
    columns: dict[str, int] = field(default_factory=dict)  # key -> 1-based column number

    def cell(self, row: Row, key: str) -> str:
        """The text of the row's cell in column `key`; empty when the table has no such column."""
        number = self.columns.get(key)
        if number is None or number > len(row.cells):
            return ""
        return row.cells[number - 1].strip()

    def mark(self, row: Row, key: str | None = None) -> Mark:
        return Mark(self.path, row.number, self.columns.get(key, 1) if key else 1)


def _delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in DELIMITERS}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def read_table(path: Path, shown: str, problems: Problems) -> Table | None:
    """The table, or None after reporting why it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.add(Mark(shown, 1, 1), f"cannot read the file: {error.strerror}")
        return None
    try:
        text = data.decode("utf-8-sig")  # Excel starts its UTF-8 CSV files with a byte order mark
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(
            Mark(shown, line, 1), f"invalid UTF-8 (byte 0x{data[error.start]:02x}); save the file as CSV UTF-8"
        )
        return None
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        problems.add(Mark(shown, 1, 1), "the first row must name the columns")
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line), strict=True))
    except csv.Error as error:
        problems.add(Mark(shown, 1, 1), f"not a readable CSV file: {error}")
        return None
    header = [name.strip() for name in records[0]]
    table = Table(shown, header)
    for number, cells in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header) and any(cell.strip() for cell in cells[len(header) :]):
            problems.add(
                Mark(shown, number, len(header) + 1),
                f"this row has {len(cells)} cells but the header names {len(header)} columns",
            )
            continue
        table.rows.append(Row(number, cells))
    seen: dict[str, int] = {}
    for number, name in enumerate(header, start=1):
        folded = name.casefold()
        if folded and folded in seen:
            problems.add(Mark(shown, 1, number), f"column '{name}' appears twice (first as column {seen[folded]})")
        seen.setdefault(folded, number)
    return table


def locate(table: Table, columns: list[Column], problems: Problems) -> None:
    """Find each column by any of its names (case does not matter); report the required ones missing."""
    positions = {name.casefold(): number for number, name in reversed(list(enumerate(table.header, start=1)))}
    for column in columns:
        number = next((positions[n.casefold()] for n in column.names if n.casefold() in positions), None)
        if number is not None:
            table.columns[column.key] = number
        elif column.required:
            also = f" (or {', '.join(repr(n) for n in column.names[1:])})" if len(column.names) > 1 else ""
            problems.add(Mark(table.path, 1, 1), f"missing column '{column.names[0]}'{also}")
