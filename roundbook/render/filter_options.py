"""The choices offered by a page's filter controls: only values that occur on that page."""

from __future__ import annotations

from collections.abc import Sequence

from roundbook.model.records import Organization, Round
from roundbook.model.timeline import TimelineEntry
from roundbook.schema.kinds import STAGES
from roundbook.text import country_text

AMOUNT_THRESHOLDS = [
    ("1000000", "$1M or more"),
    ("10000000", "$10M or more"),
    ("100000000", "$100M or more"),
    ("1000000000", "$1B or more"),
]


def filter_options(organizations: list[Organization], rounds: Sequence[Round] = ()) -> dict[str, list[tuple[str, str]]]:
    sectors = {sector.slug: sector for org in organizations for sector in org.sectors}
    countries = sorted({org.country for org in organizations if org.country})
    stages = {r.stage for r in rounds}
    return {
        "sector": [(slug, sector.name) for slug, sector in sorted(sectors.items(), key=lambda kv: kv[1].name)],
        "country": [(code, country_text(code)) for code in countries],
        "stage": [(stage, label) for stage, label in STAGES.items() if stage in stages],
        "amount": AMOUNT_THRESHOLDS,
        "year": [(str(year), f"{year} or later") for year in sorted({r.announced.year for r in rounds}, reverse=True)],
    }


def timeline_filter_options(entries: list[TimelineEntry]) -> dict[str, list[tuple[str, str]]]:
    """The choices over timeline entries: their organizations' sectors and countries, their rounds' stages."""
    return filter_options([entry.organization for entry in entries], [entry.round for entry in entries if entry.round])
