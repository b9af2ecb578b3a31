"""Date cells as spreadsheets and exports write them, turned into the format's partial dates.

Read: `2026-02-04`, `2026-02`, `2026`, `2026/02/04`, `2026-02-04T10:00:00Z` (the day is kept),
`1-May-07` and `1-May-2007` (Excel's way), `May-07`, `May 2007`, `1 May 2007`, `May 1, 2007`.
A date is as precise as the cell: `2026-02` stays a month.

A two-digit year is the latest year ending in those digits that is not after the current year:
read in 2026, `07` is 2007, `26` is 2026 and `27` is 1927. A round or a founding date cannot be in
the future, so that is the only reading that can be right.

Refused, with the reason: `02/04/2026` (the 2nd of April or February 4th?), quarters, and
anything else.
"""

from __future__ import annotations

import datetime as dt
import re

from roundbook.importers.money import CellError
from roundbook.schema.fields import EARLIEST_YEAR
from roundbook.schema.values import PartialDate

_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (dt.date(2000, number, 1).strftime("%b").lower(), dt.date(2000, number, 1).strftime("%B").lower())
}
_MONTHS["sept"] = 9
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_ISO = re.compile(
    r"^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)?)?$"
)
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}})[-\s]{_MONTH}[-\s,]\s*(\d{{2}}|\d{{4}})$", re.IGNORECASE)
_MONTH_YEAR = re.compile(rf"^{_MONTH}[-\s,]\s*(\d{{2}}|\d{{4}})$", re.IGNORECASE)
_MONTH_DAY_YEAR = re.compile(rf"^{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})$", re.IGNORECASE)
_SLASHED = re.compile(r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$")


def full_year(digits: str, today: dt.date) -> int:
    """A year from 2 or 4 digits; see the module's note on two-digit years."""
    if len(digits) == 4:
        return int(digits)
    century = today.year - today.year % 100
    year = century + int(digits)
    return year - 100 if year > today.year else year


def _fields(text: str, today: dt.date) -> tuple[int, int | None, int | None] | None:
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
        return int(year), int(month) if month else None, int(day) if day else None
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month, year = match.groups()
        return full_year(year, today), _MONTHS[month.lower()], int(day)
    match = _MONTH_YEAR.match(text)
    if match:
        month, year = match.groups()
        return full_year(year, today), _MONTHS[month.lower()], None
    match = _MONTH_DAY_YEAR.match(text)
    if match:
        month, day, year = match.groups()
        return int(year), _MONTHS[month.lower()], int(day)
    return None


def parse_date(cell: str, today: dt.date) -> str | None:
    """The date as the format writes it (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`); None for an empty cell."""
    text = " ".join(cell.split())
    if not text:
        return None
    fields = _fields(text, today)
    if fields is None:
        if _SLASHED.match(text):
            raise CellError(f"'{cell}' could be day/month or month/day; write it as YYYY-MM-DD")
        raise CellError(f"cannot read '{cell}' as a date; write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = fields
    written = f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")
    try:
        date = PartialDate.parse(written)
    except ValueError as error:
        raise CellError(str(error).replace(f"'{written}'", f"'{cell}'")) from None
    if date.year < EARLIEST_YEAR:
        raise CellError(f"'{cell}' is before {EARLIEST_YEAR}")
    if date.earliest > today:
        raise CellError(f"'{cell}' is in the future")
    return str(date)
