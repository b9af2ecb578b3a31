"""What a page shows, arranged for its template: which records, in which order, how many.

Facts about the data are the model's (roundbook/model/); these are the choices of one kind of page
(an index, a profile, a sector or country), such as the latest hundred entries of the timeline.
Each function gives the variables its template reads besides the dataset; the templates only
present them."""

from __future__ import annotations

import datetime as dt

from roundbook import addresses
from roundbook.history import Freshness
from roundbook.model import stats
from roundbook.model.records import Dataset, Organization, Profile, Round
from roundbook.model.timeline import TimelineEntry, YearEntries, global_timeline, year_summaries
from roundbook.model.valuation_steps import valuation_steps
from roundbook.render.filter_options import filter_options
from roundbook.render.stat_charts import StatRow, stage_name
from roundbook.render.summaries import profile_summary
from roundbook.text import counted, country_text, date_text

# The home page's two short tables: the latest rounds and the largest.
HOME_ROUNDS = 10
# The recent changes page lists this many changes to records, newest first.
RECENT_CHANGES = 50

# The stats page charts this many of the largest rounds, the most active leads, the valuation steps
# to the highest valuations, and the countries and sectors with the most money.
STATS_SHOWN = 10

# A profile names its most frequent co-investors, not all: a large fund shares rounds with hundreds.
CO_INVESTORS_SHOWN = 10


def profile(profile: Profile, changed: dt.datetime | None = None) -> dict:
    """A profile page's own choices; `changed` is when its data last changed (roundbook/history/)."""
    return {
        "co_investors": profile.co_investors[:CO_INVESTORS_SHOWN],
        "profile_changed": changed,
        "search_summary": profile_summary(profile),
    }


def home(dataset: Dataset) -> dict:
    return {"latest_rounds": dataset.rounds[::-1][:HOME_ROUNDS], "largest_rounds": dataset.largest_rounds(HOME_ROUNDS)}


def companies(dataset: Dataset) -> dict:
    """Every organization by name, and the filters' choices among them and their rounds."""
    organizations = _by_name(dataset.organizations.values())
    return {"organizations": organizations, "options": filter_options(organizations, dataset.rounds)}


def people(dataset: Dataset) -> dict:
    return {"people": _by_name(dataset.people.values())}


def data(dataset: Dataset) -> dict:
    """The organization whose document the data page links as an example: the first there is."""
    return {"example_organization": next(iter(dataset.organizations.values()), None)}


def changes(freshness: Freshness) -> dict:
    return {"recent": freshness.recent(RECENT_CHANGES) if freshness.available else []}


def facet(organizations: list[Organization], rounds: list[Round], latest_count: int) -> dict:
    """A sector's or a country's page: its companies by name, and only its latest rounds, newest
    first, as on the timeline's own page. A large sector has tens of thousands of rounds, which the
    timeline's year pages (or, in a busy year, its month pages) already list, with a filter for the
    sector and the country."""
    latest = rounds[::-1][:latest_count]
    return {
        "organizations": _by_name(organizations),
        "rounds": rounds,
        "latest_rounds": latest,
        "rounds_left_out": len(latest) < len(rounds),
    }


def _by_name(profiles) -> list:
    """In the order of their names, ignoring case, as Jinja's sort filter puts them."""
    return sorted(profiles, key=lambda profile: profile.name.lower())


def investors(dataset: Dataset) -> dict:
    """Every investor, most deals first, then most led, then by name."""
    return {"investors": sorted(dataset.investors, key=lambda p: (-len(p.investments), -p.lead_count, p.name.lower()))}


def statistics(dataset: Dataset) -> dict:
    """The stats page's groups of rounds, named for the page, and the few it picks of the rest:
    the largest rounds, the most active leads, the valuation steps to the highest valuations, and
    the countries and sectors with the most money (the others folded into one row of the chart)."""
    rounds = dataset.rounds
    months = stats.per_month(rounds)
    steps = valuation_steps(list(dataset.organizations.values()))
    highest = sorted(steps, key=lambda s: (-(s.after_usd.point or 0), s.after.sort_key))[:STATS_SHOWN]
    countries = [
        StatRow(
            country_text(b.key) if b.key else "No country given",
            b.sum,
            addresses.country_page(b.key) if b.key else None,
        )
        for b in stats.per_country(rounds)
    ]
    sectors = [StatRow(b.label, b.sum, dataset.sectors[b.key]) for b in stats.per_sector(rounds)]
    return {
        "per_year": [StatRow(b.label, b.sum, addresses.timeline_year(int(b.key))) for b in stats.per_year(rounds)],
        "per_month": months,
        "month_rows": [StatRow(date_text(m.date), m.bucket.sum) for m in months if m.bucket.rounds],
        "dated_by_year_only": stats.dated_by_year_only(rounds),
        "largest_rounds": dataset.largest_rounds(STATS_SHOWN),
        "per_stage": [StatRow(stage_name(b.key), b.sum) for b in stats.per_stage(rounds)],
        "lead_investors": stats.lead_investors(dataset)[:STATS_SHOWN],
        "valuation_steps": steps,
        "highest_steps": highest,
        "per_country": countries,
        "country_rows": _fold(countries, "country", "countries"),
        "per_sector": sectors,
        "sector_rows": _fold(sectors, "sector"),
        "without_sector": stats.without_sector(rounds),
    }


def _fold(rows: list[StatRow], word: str, plural_word: str | None = None) -> list[StatRow]:
    """The first STATS_SHOWN rows for a chart, and the rest added up in one row after them."""
    if len(rows) <= STATS_SHOWN + 1:
        return rows
    rest = rows[STATS_SHOWN:]
    whole = rest[0].sum
    for row in rest[1:]:
        whole = whole + row.sum
    return [
        *rows[:STATS_SHOWN],
        StatRow(f"{counted(len(rest), 'other ' + word, 'other ' + (plural_word or word + 's'))}", whole),
    ]


def year_listing(entries: YearEntries) -> list[TimelineEntry]:
    """A year's entries as its listing shows them: newest month first, the entries dated only by
    the year last, newest first within a month, as the year's page shows them by month."""
    return [entry for group in entries.months for entry in group.entries]


def timeline(dataset: Dataset, latest_count: int) -> dict:
    """The whole timeline's size, a line per year, and its latest entries, newest first."""
    entries = global_timeline(dataset)
    return {"entries": entries, "latest": entries[::-1][:latest_count], "year_summaries": year_summaries(dataset)}
