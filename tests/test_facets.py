"""The sectors' and countries' pages gather their companies and rounds in one pass over the model
(roundbook/model/facets.py): each as the sector or country asked for it, in the model's order."""

from __future__ import annotations

import sys

from conftest import REPO
from roundbook.model.facets import country_facets, sector_facets
from roundbook.pipeline import load_dataset

sys.path.insert(0, str(REPO / "benchmarks"))
from synthetic import generate


def test_each_facet_holds_what_names_it_in_the_models_order(tmp_path):
    generate(tmp_path, 60, seed=5)  # companies of one or two sectors, in several countries
    dataset, problems = load_dataset(tmp_path)
    assert dataset is not None and not problems.items
    sectors = sector_facets(dataset)
    assert [facet.sector for facet in sectors] == sorted(dataset.sectors.values(), key=lambda s: s.name)
    for facet in sectors:
        assert facet.organizations == [o for o in dataset.organizations.values() if facet.sector in o.sectors]
        assert facet.rounds == [r for r in dataset.rounds if facet.sector in r.company.sectors]
    assert sum(len(facet.organizations) > 0 for facet in sectors) > 3
    assert any(len(o.sectors) > 1 for o in dataset.organizations.values())  # counted once in each
    countries = country_facets(dataset)
    codes = sorted({o.country for o in dataset.organizations.values() if o.country})
    assert [facet.key for facet in countries] == [code.lower() for code in codes] and len(codes) > 3
    for facet, code in zip(countries, codes, strict=True):
        assert facet.organizations == [o for o in dataset.organizations.values() if o.country == code]
        assert facet.rounds == [r for r in dataset.rounds if r.company.country == code]
