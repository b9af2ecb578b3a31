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
    facets = []
    for sector in sorted(dataset.sectors.values(), key=lambda s: s.name):
        organizations = [o for o in dataset.organizations.values() if sector in o.sectors]
        rounds = [r for r in dataset.rounds if sector in r.company.sectors]
        facets.append(SectorFacet(sector.slug, organizations, rounds, sector))
    return facets


def country_facets(dataset: Dataset) -> list[Facet]:
    """Every country that some profile has its headquarters in, by ISO code."""
    codes = sorted({o.country for o in dataset.organizations.values() if o.country})
    return [
        Facet(
            code.lower(),
            [o for o in dataset.organizations.values() if o.country == code],
            [r for r in dataset.rounds if r.company.country == code],
        )
        for code in codes
    ]
