"""What each index page shows, arranged for its template: which records, in which order, how many.

Facts about the data are the model's (roundbook/model/); these are the choices of one page, such
as the latest hundred entries of the timeline. Each function gives the variables its template
reads besides the dataset."""

from __future__ import annotations

from roundbook.model.records import Dataset, Profile
from roundbook.model.timeline import global_timeline, year_summaries

# A profile names its most frequent co-investors, not all: a large fund shares rounds with hundreds.
CO_INVESTORS_SHOWN = 10


def profile(profile: Profile) -> dict:
    return {"co_investors": profile.co_investors[:CO_INVESTORS_SHOWN]}


def investors(dataset: Dataset) -> dict:
    """Every investor, most deals first, then most led, then by name."""
    return {"investors": sorted(dataset.investors, key=lambda p: (-len(p.investments), -p.lead_count, p.name.lower()))}


def timeline(dataset: Dataset, latest_count: int) -> dict:
    """The whole timeline's size, a line per year, and its latest entries, newest first."""
    entries = global_timeline(dataset)
    return {"entries": entries, "latest": entries[::-1][:latest_count], "year_summaries": year_summaries(dataset)}
