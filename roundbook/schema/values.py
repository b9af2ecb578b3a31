"""Checked values that still know where they were written, so later checks can point at them."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from roundbook.problems import Mark


class Text(str):
    """A string that remembers its mark (file, line, column)."""

    mark: Mark

    def __new__(cls, value: str, mark: Mark) -> Text:
        obj = super().__new__(cls, value)
        obj.mark = mark
        return obj

    def __reduce__(self):  # pickled with its mark (an incremental build keeps checked records)
        return _text, (str(self), *self.mark)


def _text(value: str, path: str, line: int, col: int) -> Text:
    """A Text back from a pickle: its mark made here, in the same call (there are hundreds of
    thousands of them at 10,000 companies, and each Python call to unpickle one counts)."""
    obj = str.__new__(Text, value)
    obj.mark = tuple.__new__(Mark, (path, line, col))
    return obj


class Record(dict):
    """A checked mapping: field name to checked value, plus the mark of the mapping itself."""

    mark: Mark
    # Fields written with a value that failed its check (and was reported): present, not missing.
    invalid: frozenset[str] = frozenset()

    def __init__(self, mark: Mark):
        super().__init__()
        self.mark = mark

    def written(self, key: str) -> bool:
        """The field was in the file, whether or not its value passed."""
        return key in self or key in self.invalid


class Items(list):
    """A checked list, plus its mark."""

    mark: Mark

    def __init__(self, items, mark: Mark):
        super().__init__(items)
        self.mark = mark


@dataclass(frozen=True)
class Number:
    """An exact decimal amount as written (`1B` is 1,000,000,000), with its mark."""

    value: Decimal
    mark: Mark = None  # type: ignore[assignment]


_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day, as reporting gives it (`2023-03`)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError with a readable reason."""
        match = _DATE.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
        year = int(match[1])  # always there; the month and the day may not be
        month, day = (int(part) if part else None for part in match.groups()[1:])
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"'{text}' has no month {month:02d}")
        if day is not None and month is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueError(f"'{text}' is not a day of the calendar")
        return cls(year, month, day)

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def is_before(self, other: PartialDate) -> bool:
        """True only when every day this date may mean comes before every day `other` may mean."""
        return self.latest < other.earliest

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def month_key(self) -> str | None:
        return f"{self.year:04d}-{self.month:02d}" if self.month else None

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class LocatedDate:
    """A PartialDate with its mark."""

    date: PartialDate
    mark: Mark
