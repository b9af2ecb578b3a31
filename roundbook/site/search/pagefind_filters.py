"""What a reader can narrow a Pagefind search by: a company's country, sectors and stages.

Read from the model once per build, as a small map from each company profile's page to its
values, so the per-page HTML step only looks them up. The values are the words readers see on
the site (China, Artificial intelligence, Series B), since the search box lists them as they are.
"""

from __future__ import annotations

from roundbook.addresses import profile_page
from roundbook.model import Dataset
from roundbook.text import country_text


def profile_filters(dataset: Dataset) -> dict[str, dict[str, list[str]]]:
    """A company profile's docs path -> {"country": [...], "sector": [...], "stage": [...]}, empty lists left out.

    A company's stages are those of its own rounds (not of the rounds it invested in).
    """
    filters = {}
    for organization in dataset.organizations.values():
        values = {
            "country": [country_text(organization.country)] if organization.country else [],
            "sector": [sector.name for sector in organization.sectors],
            "stage": sorted({funding_round.stage_label for funding_round in organization.rounds}),
        }
        values = {name: found for name, found in values.items() if found}
        if values:
            filters[profile_page(organization)] = values
    return filters
