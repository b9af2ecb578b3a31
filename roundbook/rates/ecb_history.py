"""Read the ECB's euro reference-rate history and turn it into monthly rates to the US dollar.

The ECB publishes `eurofxref-hist.csv` (also zipped, as `eurofxref-hist.zip`): one row per
publication day from 1999-01-04, one column per currency, each rate in units of that currency
per euro, and `N/A` on days a currency was not quoted (before it was first quoted, after it was
replaced by the euro or dropped). Roundbook needs units per US dollar for the month a round was
announced, so for each month this takes the mean, over the days both were quoted, of
(currency per euro) / (dollars per euro); the euro itself is 1 / (dollars per euro).

Every currency in the file is kept, from its first quoted month: what a table leaves out is a
round that gets no dollar equivalent.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from roundbook.problems import Mark, Problems

CSV_NAME = "eurofxref-hist.csv"
EURO = "EUR"
DOLLAR = "USD"
NOT_QUOTED = {"", "N/A"}
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[A-Z]{3}$")
_RATE = re.compile(r"^\d+(?:\.\d+)?$")
# Four decimal places keep the rates of the strongest currencies (the Cypriot pound, 0.5 per
# dollar) to a part in five thousand; above 100, two places are already finer than that.
FOUR_PLACES, TWO_PLACES = Decimal("0.0001"), Decimal("0.01")


@dataclass
class History:
    """The daily history, reduced to what the table needs."""

    first_day: str
    last_day: str
    sha256: str  # of the CSV text, so the table names the exact input it was made from
    # currency -> month -> that month's daily (currency per dollar) figures
    days: dict[str, dict[str, list[Decimal]]] = field(default_factory=dict)


def csv_bytes(data: bytes, shown: str, problems: Problems) -> bytes | None:
    """The CSV, from the file as the ECB publishes it: the CSV itself or the zip around it."""
    if not data.startswith(b"PK\x03\x04"):
        return data
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = [name for name in archive.namelist() if name.rsplit("/", 1)[-1] == CSV_NAME]
            if len(names) != 1:
                problems.add(
                    Mark(shown, 1, 1),
                    f"the zip file holds no {CSV_NAME}; give the ECB's eurofxref-hist.zip or the CSV inside it",
                )
                return None
            return archive.read(names[0])
    except (zipfile.BadZipFile, OSError) as error:
        problems.add(Mark(shown, 1, 1), f"not a readable zip file: {error}")
        return None


def read_history(data: bytes, shown: str, problems: Problems) -> History | None:
    """The history in `data` (the CSV or the zip), or None after reporting every problem in it."""
    text_bytes = csv_bytes(data, shown, problems)
    if text_bytes is None:
        return None
    try:
        text = text_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problems.add(Mark(shown, text_bytes[: error.start].count(b"\n") + 1, 1), "invalid UTF-8: not the ECB's file")
        return None
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [name.strip() for name in rows[0]] if rows else []
    if header[:2] != ["Date", DOLLAR]:
        problems.add(
            Mark(shown, 1, 1),
            "not the ECB's reference-rate history: its first row must begin "
            "Date,USD (the file is eurofxref-hist.csv, or eurofxref-hist.zip around it)",
        )
        return None
    columns = {}
    for number, name in enumerate(header[1:], start=2):
        if not name:
            continue  # the ECB ends every row with a comma: an empty last column
        if not _CODE.match(name):
            problems.add(Mark(shown, 1, number), f"'{name}' is not a currency code")
        else:
            columns[name] = number
    history = History("", "", hashlib.sha256(text_bytes).hexdigest())
    for line, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        day = cells[0].strip()
        if not _DAY.match(day):
            problems.add(Mark(shown, line, 1), f"'{day}' is not a date written YYYY-MM-DD")
            continue
        rates = {}
        for code, number in columns.items():
            cell = cells[number - 1].strip() if number <= len(cells) else ""
            if cell in NOT_QUOTED:
                continue
            if not _RATE.match(cell) or Decimal(cell) == 0:
                problems.add(Mark(shown, line, number), f"'{cell}' is neither a rate nor N/A")
                continue
            rates[code] = Decimal(cell)
        _add_day(history, day, rates)
    if not problems and not history.days:
        problems.add(Mark(shown, 2, 1), "no day with a US dollar rate in the file")
    return None if problems else history


def _add_day(history: History, day: str, per_euro: dict[str, Decimal]) -> None:
    dollars_per_euro = per_euro.pop(DOLLAR, None)
    if dollars_per_euro is None:
        return  # no dollar rate that day: nothing can be converted to dollars
    history.first_day = min(history.first_day or day, day)
    history.last_day = max(history.last_day, day)
    month = day[:7]
    per_euro[EURO] = Decimal(1)
    for code, rate in per_euro.items():
        try:
            history.days.setdefault(code, {}).setdefault(month, []).append(rate / dollars_per_euro)
        except InvalidOperation:  # pragma: no cover - both are positive decimals
            continue


def monthly_rates(history: History) -> dict[str, dict[str, Decimal]]:
    """Currency (sorted) -> month (sorted) -> the month's mean, rounded as the table writes it."""
    table: dict[str, dict[str, Decimal]] = {}
    for code in sorted(history.days):
        months = history.days[code]
        table[code] = {}
        for month in sorted(months):
            values = months[month]
            mean = sum(values, Decimal(0)) / len(values)
            table[code][month] = mean.quantize(FOUR_PLACES if mean < 100 else TWO_PLACES, ROUND_HALF_EVEN)
    return table
