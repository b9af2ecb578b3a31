"""Facets: the companies and rounds of each sector and of each headquarters country."""

from __future__ import annotations

from dataclasses import dataclass

from roundbook.model.money import Total
from roundbook.model.records import Dataset, Organization, Round, Sector, rounds_total


@dataclass
class Facet:
    key: str  # a sector slug, or a lowercase ISO country code
    organizations: list[Organization]
    rounds: list[Round]  # oldest first

    @property
    def total(self) -> Total | None:
        return rounds_total(self.rounds)


@dataclass
class SectorFacet(Facet):
    sector: Sector


def sector_facets(dataset: Dataset) -> list[SectorFacet]:
    """Every sector in the table, even one no profile names yet, in the order of their names."""
    # One pass over the profiles and the rounds, not one a sector: a large site has 50,000 rounds.
    organizations: dict[str, list[Organization]] = {slug: [] for slug in dataset.sectors}
    for organization in dataset.organizations.values():
        for slug in dict.fromkeys(sector.slug for sector in organization.sectors):
            if slug in organizations:  # a sector of the table (validation sees to it)
                organizations[slug].append(organization)
    rounds: dict[str, list[Round]] = {slug: [] for slug in dataset.sectors}
    for funding_round in dataset.rounds:
        for slug in dict.fromkeys(sector.slug for sector in funding_round.company.sectors):
            if slug in rounds:
                rounds[slug].append(funding_round)
    return [
        SectorFacet(sector.slug, organizations[sector.slug], rounds[sector.slug], sector)
        for sector in sorted(dataset.sectors.values(), key=lambda s: s.name)
    ]


def country_facets(dataset: Dataset) -> list[Facet]:
    """Every country that some profile has its headquarters in, by ISO code."""
    organizations: dict[str, list[Organization]] = {}
    for organization in dataset.organizations.values():
        if organization.country:
            organizations.setdefault(organization.country, []).append(organization)
    rounds: dict[str, list[Round]] = {code: [] for code in organizations}
    for funding_round in dataset.rounds:
        if funding_round.company.country in rounds:
            rounds[funding_round.company.country].append(funding_round)
    return [Facet(code.lower(), organizations[code], rounds[code]) for code in sorted(organizations)]
