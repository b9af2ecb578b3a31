"""Profile details from cells: headquarters, website, founding date, sectors, summary.

These only ever go into new profiles, and only what a cell says. A cell that cannot be read
leaves its field out and adds a notice at that cell to the report; it does not stop the
import, since the round itself does not depend on it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from urllib.parse import urlsplit

import pycountry

from roundbook.importers.dates import parse_date
from roundbook.importers.money import CellError
from roundbook.importers.names import split_names
from roundbook.importers.profiles import folded
from roundbook.importers.rows import Entity, RoundRow
from roundbook.importers.sector_labels import SectorLabels
from roundbook.problems import Mark

SUMMARY_LIMIT = 300


# Names and abbreviations people write that pycountry's names do not match ("UK" is no ISO code,
# and ISO calls South Korea "Korea, Republic of").
COMMON_COUNTRY_NAMES = {
    "uk": "GB",
    "u.k.": "GB",
    "britain": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "america": "US",
    "united states of america": "US",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "iran": "IR",
    "vietnam": "VN",
    "taiwan": "TW",
    "uae": "AE",
    "u.a.e.": "AE",
    "czech republic": "CZ",
    "czechia": "CZ",
    "hong kong": "HK",
    "macau": "MO",
    "laos": "LA",
    "syria": "SY",
    "mainland china": "CN",
    "prc": "CN",
    "holland": "NL",
    "turkey": "TR",
    "ivory coast": "CI",
}


def country_code(cell: str, names: dict[str, str] | None = None) -> str | None:
    """The ISO 3166-1 alpha-2 code for `CN`, `CHN` (Crunchbase writes alpha-3), `China`, `UK` or
    `South Korea`; `names` is the mapping file's own table (its `countries:`), read first."""
    text = " ".join(cell.split())
    key = text.casefold()
    if names and key in names:
        return names[key]
    if key in COMMON_COUNTRY_NAMES:
        return COMMON_COUNTRY_NAMES[key]
    try:
        return pycountry.countries.lookup(text).alpha_2
    except LookupError:
        return None


def is_web_address(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in text)


class Details:
    """Adds details to an entity, reporting what it leaves out on the row."""

    def __init__(
        self,
        row: RoundRow,
        entity: Entity,
        sectors: SectorLabels | None,
        today: dt.date,
        countries: dict[str, str] | None = None,
    ):
        self.row = row
        self.entity = entity
        self.sectors = sectors
        self.today = today
        self.countries = countries  # the mapping file's country names, folded -> code

    def _set(self, key: str, value, mark: Mark) -> None:
        self.entity.details.setdefault(key, (value, mark))

    def headquarters(self, country: str, country_mark: Mark, city: str, city_mark: Mark) -> None:
        if not country.strip():
            if city.strip():
                self.row.notice(city_mark, f"city '{city.strip()}' left out: a headquarters needs its country")
            return
        code = country_code(country, self.countries)
        if code is None:
            self.row.notice(
                country_mark,
                f"'{country.strip()}' is not a country code or name; headquarters left out "
                "(name it under 'countries:' in the mapping file)",
            )
            return
        place = {"city": " ".join(city.split()) or None, "country": code}
        self._set("headquarters", place, country_mark)

    def website(self, cell: str, mark: Mark) -> None:
        text = cell.strip()
        if not text:
            return
        if is_web_address(text):
            self._set("website", text, mark)
        else:
            self.row.notice(mark, f"'{text}' is not an http or https address; website left out")

    def founded(self, cell: str, mark: Mark) -> None:
        try:
            date = parse_date(cell, self.today)
        except CellError as error:
            self.row.notice(mark, f"{error}; founded left out")
            return
        if date:
            self._set("founded", date, mark)

    def sector_list(self, cell: str, mark: Mark) -> None:
        """Sectors from labels (sector_labels.py); a label with no sector is named in the report."""
        if self.sectors is None:
            return
        names = split_names(cell.replace("|", ","))
        written = self.entity.details.get("sectors", ([], mark))[0]
        assert isinstance(written, list)  # only this method writes "sectors": a list of slugs
        slugs = list(written)
        unknown = []
        for name in names:
            slug = self.sectors.slug(name)
            if not slug and self.sectors.adding:
                slug, why = self.sectors.new_sector(name, self.today)
                if why:
                    self.row.notice(
                        mark,
                        f"cannot add a sector for {name}: {why}; left out (map it under "
                        "'sectors:' in the mapping file)",
                    )
                    continue
            if slug and slug not in slugs:
                slugs.append(slug)
            elif not slug:
                unknown.append(name)
        if unknown:
            self.row.notice(
                mark,
                f"no sector for {', '.join(unknown)}: left out (add it to content/reference/"
                "sectors.yml, or map it under 'sectors:' in the mapping file)",
            )
        if slugs:
            self.entity.details["sectors"] = (slugs, self.entity.details.get("sectors", (None, mark))[1])

    def text(self, key: str, cell: str, mark: Mark) -> None:
        text = " ".join(cell.split())
        if text:
            self._set(key, text, mark)

    def summary(self, cell: str, mark: Mark) -> None:
        """A one-line summary; a longer text becomes the description, and the summary a placeholder."""
        text = " ".join(cell.split())
        if not text:
            return
        if len(text) <= SUMMARY_LIMIT:
            self._set("summary", text, mark)
        else:
            self._set("description", cell.strip(), mark)

    def from_row(
        self, cell: Callable[[str], str], mark: Callable[[str], Mark], sectors_column: str = "sectors"
    ) -> None:
        """Headquarters, website, founding date, sectors and summary from the cells of one row;
        `cell(column)` and `mark(column)` read the row, an absent column being an empty cell."""
        self.headquarters(cell("country"), mark("country"), cell("city"), mark("city"))
        self.website(cell("website"), mark("website"))
        self.founded(cell("founded"), mark("founded"))
        self.sector_list(cell(sectors_column), mark(sectors_column))
        self.summary(cell("summary"), mark("summary"))


def sector_table(checked) -> dict[str, str]:
    """The content's sectors, slug -> name."""
    table = checked.sectors.record.get("sectors", {}) if checked.sectors else {}
    return {str(slug): str(sector["name"]) for slug, sector in table.items() if "name" in sector}


def sector_names(checked) -> dict[str, str]:
    """Folded sector slugs and names -> slug, from the content's sector table."""
    table = checked.sectors.record.get("sectors", {}) if checked.sectors else {}
    names = {}
    for slug, sector in table.items():
        names[folded(slug)] = str(slug)
        if "name" in sector:
            names[folded(sector["name"])] = str(slug)
    return names
