"""The JSON API, version 2: every document matches the published schema, says what the model says,
refers to what exists, and holds no address of the site but in its index."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURE_HISTORY, assert_golden, mkdocs_build
from roundbook.addresses import API, feed_of
from roundbook.export import SiteInfo
from roundbook.export.api import api_files
from roundbook.export.api_v2 import ApiV2, api_v2_files
from roundbook.history import Freshness
from roundbook.model.records import Organization

SITE = SiteInfo(url="https://example.org/tracker/", name="Test Tracker")


@pytest.fixture(scope="module")
def files(dataset) -> dict[str, bytes]:
    return {f.path: f.content for f in api_v2_files(dataset, SITE, Freshness(dataset, FIXTURE_HISTORY))}


@pytest.fixture(scope="module")
def documents(files) -> dict[str, dict]:
    return {path: json.loads(content) for path, content in files.items()}


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def errors(schema: dict, document: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema).iter_errors(document)]


def values(node, path=()) -> Iterator[tuple[tuple, object]]:
    """Every value in a document with where it is, containers included."""
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from values(value, (*path, key))
    elif isinstance(node, list):
        for number, value in enumerate(node):
            yield from values(value, (*path, number))


def test_one_document_per_list_and_per_profile(documents):
    assert sorted(documents) == [
        "api/v2/companies.json",
        "api/v2/companies/acme-robotics.json",
        "api/v2/companies/beta-labs.json",
        "api/v2/companies/delta-group.json",
        "api/v2/companies/gamma-ventures.json",
        "api/v2/index.json",
        "api/v2/people.json",
        "api/v2/people/jane-roe.json",
        "api/v2/rounds.json",
        "api/v2/schema.json",
    ]


def test_data_documents_are_compact_and_the_schema_indented(files):
    for path, content in files.items():
        if path != "api/v2/schema.json":
            assert content.count(b"\n") == 1 and content.endswith(b"}\n"), path
    assert files["api/v2/companies/acme-robotics.json"].startswith(b'{"document":"company",')
    assert files["api/v2/schema.json"].startswith(b'{\n  "')


def test_every_document_matches_the_schema(documents):
    schema = documents["api/v2/schema.json"]
    assert schema["$id"] == "https://example.org/tracker/api/v2/schema.json"
    for path, document in documents.items():
        if path != "api/v2/schema.json":
            assert errors(schema, document) == [], path


def test_the_schema_rejects_what_it_does_not_describe(documents):
    schema = documents["api/v2/schema.json"]
    company = copy.deepcopy(documents["api/v2/companies/acme-robotics.json"])
    seed, series_b = company["rounds"]
    seed["amount"]["value"] = "2M"  # a figure as text
    series_b["investors"][0]["url"] = "https://example.org/tracker/companies/delta-group/"  # no addresses
    del series_b["source_path"]
    series_b["notes"] = None  # never null: left out
    company["subsidiaries"] = []  # never empty: left out
    del series_b["conflicting_reports"][0]["amount"]["min"]  # a range needs min and max
    as_company = {"$defs": schema["$defs"], "$ref": "#/$defs/companyDocument"}
    found = sorted(errors(as_company, company))
    assert found == [
        "['rounds', 0, 'amount']: {'disclosed': True, 'precision': 'at-least', 'currency': 'USD', 'value': '2M', "
        "'usd': {'value': 2000000, 'rate': 1}} is not valid under any of the given schemas",
        "['rounds', 1, 'conflicting_reports', 0, 'amount']: {'disclosed': True, 'precision': 'range', 'currency': "
        "'CNY', 'max': 800000000, 'reported_usd': 104000000, 'usd': {'min': 97222222, 'max': 111111111, 'rate': 7.2, 'rate_month': '2024-03'}} "
        "is not valid under any of the given schemas",
        "['rounds', 1, 'investors', 0]: Additional properties are not allowed ('url' was unexpected)",
        "['rounds', 1, 'notes']: None is not of type 'string'",
        "['rounds', 1]: 'source_path' is a required property",
        "['subsidiaries']: [] should be non-empty",
    ]
    assert errors(schema, company) != []
    for mistake in ({"document": "company", "slug": "x"}, {**documents["api/v2/index.json"], "document": "people"}):
        assert errors(schema, mistake) != []


def test_no_value_is_null_and_no_list_is_empty(documents):
    for path, document in documents.items():
        if path != "api/v2/schema.json":
            assert [where for where, value in values(document) if value is None or value == []] == [], path


def test_no_record_holds_an_address_of_the_site(documents):
    """Only the index names the site's own addresses; records refer to profiles by slug."""
    for path, document in documents.items():
        if path in ("api/v2/index.json", "api/v2/schema.json"):
            continue
        addresses = [
            where
            for where, value in values(document)
            if isinstance(value, str) and ("example.org/tracker" in value or "api/v" in value)
        ]
        assert addresses == [], path
        assert not [where for where, _ in values(document) if where and where[-1] in ("api_url", "feed_url")], path
        urls = {where[-2] for where, _ in values(document) if where and where[-1] == "url"}
        assert urls <= {"sources"} | set(range(10)), path  # only a source's own url
    index = documents["api/v2/index.json"]
    assert index["url"] == SITE.url and index["schema"] == SITE.url + "api/v2/schema.json"
    assert all(url.startswith(SITE.url) for url in index["endpoints"].values())
    assert not [a for a in index["addresses"].values() if a.startswith(("http", "/"))]


def test_every_slug_and_round_id_refers_to_a_record_that_exists(documents):
    index = documents["api/v2/index.json"]
    companies = {c["slug"]: c for c in documents["api/v2/companies.json"]["companies"]}
    people = {p["slug"]: p for p in documents["api/v2/people.json"]["people"]}
    profiles = companies.keys() | people.keys()
    rounds = {(r["company"], r["id"]): r for r in documents["api/v2/rounds.json"]["rounds"]}
    assert len(rounds) == index["counts"]["rounds"] == 3
    for round_ in rounds.values():
        assert round_["company"] in companies and round_["stage"] in index["stages"]
        assert {i["slug"] for i in round_.get("investors", [])} <= profiles
    checked = 0
    for slug in profiles:
        document = documents[api_path_of(index, slug, companies)]
        assert document["slug"] == slug
        for investment in document.get("investments", []):
            invested = rounds[investment["company"], investment["round"]]
            assert investment["announced"] == invested["announced"]
            assert {"slug": slug, "name": document["name"], "lead": investment["lead"]} in invested["investors"]
            checked += 1
        for role in document.get("people", []) + document.get("roles", []):
            assert role["person"] in people and role["organization"] in companies
        if slug in companies:
            summary = companies[slug]
            assert {k: v for k, v in document.items() if k in summary} == summary  # the summary, as in the list
            assert [(slug, r["id"]) for r in document.get("rounds", [])] == [k for k in rounds if k[0] == slug]
            assert all(rounds[slug, r["id"]] == r for r in document.get("rounds", []))  # in full, the same
            if "latest_valuation" in document:
                latest = document["latest_valuation"]
                assert rounds[slug, latest["round"]]["valuation"] == latest["valuation"]
            assert {document.get("parent", slug), *document.get("subsidiaries", [])} <= companies.keys()
            assert set(document.get("sectors", [])) <= index["sectors"].keys()
            cited = [c for p in document.get("products", []) + document.get("milestones", []) for c in p["sources"]]
            assert set(cited) <= {s["id"] for s in document["sources"]}
    assert (
        checked == sum(len(r.get("investors", [])) for r in rounds.values()) == 6
    )  # and every investor of a round has it
    for round_ in rounds.values():
        cited = {c for report in round_.get("conflicting_reports", []) for c in report["sources"]}
        assert cited <= {s["id"] for s in round_["sources"]}


def api_path_of(index: dict, slug: str, companies: dict) -> str:
    """A profile's document, from the index's address template."""
    template = index["addresses"]["company_document" if slug in companies else "person_document"]
    return template.format(slug=slug)


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_index_address_templates_give_the_addresses_the_site_publishes(dataset, directory_urls):
    site = SiteInfo(url=SITE.url, name=SITE.name, directory_urls=directory_urls)
    addresses = ApiV2(dataset, site).index()["addresses"]
    for profile in dataset.profiles:
        kind = "company" if isinstance(profile, Organization) else "person"
        assert site.absolute(addresses[f"{kind}_page"].format(slug=profile.slug)) == site.profile_url(profile)
        assert addresses[f"{kind}_document"].format(slug=profile.slug) == API.document(profile)
        if kind == "company":
            assert addresses["company_feed"].format(slug=profile.slug) == feed_of(profile)
    for funding_round in dataset.rounds:
        filled = addresses["round_page"].format(company=funding_round.company.slug, id=funding_round.id)
        assert site.absolute(filled) == site.round_url(funding_round)
    assert addresses["company_page"] == ("companies/{slug}/" if directory_urls else "companies/{slug}.html")


def test_money_keeps_precision_currency_dollars_and_what_was_not_said(documents):
    seed, series_b = documents["api/v2/companies/acme-robotics.json"]["rounds"]
    assert seed["amount"] == {
        "disclosed": True,
        "precision": "at-least",
        "currency": "USD",
        "value": 2000000,
        "usd": {"value": 2000000, "rate": 1},
    }
    assert seed["valuation"] == {"disclosed": False}  # the source says it was not disclosed
    assert seed["announced"] == "2021"
    assert series_b["amount"] == {
        "disclosed": True,
        "precision": "exact",
        "currency": "CNY",
        "value": 720000000,
        "reported_usd": 101500000,  # the source's own conversion, as it gives it
        "usd": {"value": 100000000, "rate": 7.2, "rate_month": "2024-03"},
    }
    assert (series_b["valuation"]["basis"], series_b["valuation"]["reported_usd"]) == ("post-money", 700000000)
    report = series_b["conflicting_reports"][0]
    assert (
        report["amount"]["min"] == 700000000
        and report["amount"]["max"] == 800000000
        and "value" not in report["amount"]
    )
    assert report["amount"]["usd"]["min"] == 97222222  # 700M / 7.2, rounded to the dollar
    assert report["amount"]["reported_usd"] == 104000000
    assert "valuation" not in report and report["sources"] == ["wire"]
    assert [(i["slug"], i["name"], i["lead"]) for i in series_b["investors"]] == [
        ("delta-group", "Delta Group", True),
        ("gamma-ventures", "Gamma Ventures", False),
        ("jane-roe", "Jane Roe", False),
    ]
    beta_round = documents["api/v2/companies/beta-labs.json"]["rounds"][0]
    assert "valuation" not in beta_round  # no source gives one: not known, unlike not disclosed


def test_every_record_carries_its_sources_and_source_path(documents):
    rounds = documents["api/v2/rounds.json"]["rounds"]
    assert [r["source_path"] for r in rounds] == [
        "content/rounds/acme-robotics/2021-seed.yml",
        "content/rounds/beta-labs/2024-03-seed.yml",
        "content/rounds/acme-robotics/2024-03-series-b.yml",
    ]  # oldest first; 2024-03 sorts before 2024-03-12
    assert all(r["sources"] and r["sources"][0]["url"].startswith("https://") for r in rounds)
    for listed in documents["api/v2/companies.json"]["companies"] + documents["api/v2/people.json"]["people"]:
        assert listed["sources"] and listed["source_path"].startswith("content/")
    jane = documents["api/v2/people/jane-roe.json"]
    assert jane["roles"][0]["sources"] == jane["sources"]  # a role's sources in full: a company's document lists it too
    assert documents["api/v2/companies/delta-group.json"]["people"] == jane["roles"]


def test_records_say_when_their_files_last_changed(documents):
    acme = documents["api/v2/companies/acme-robotics.json"]
    assert acme["last_changed"] == "2024-05-06T12:30:00Z"  # its Series B file changed after its own file
    assert [r.get("last_changed") for r in acme["rounds"]] == [None, "2024-05-06T12:30:00Z"]  # absent: not known
    assert documents["api/v2/people/jane-roe.json"]["last_changed"] == "2024-03-20T08:00:00Z"
    assert "last_changed" not in documents["api/v2/companies/delta-group.json"]
    assert documents["api/v2/index.json"]["last_changed"] == "2024-05-06T12:30:00Z"


def test_the_index_and_a_company_document_are_the_golden_ones(documents):
    for path in ("api/v2/index.json", "api/v2/companies/acme-robotics.json"):
        assert_golden(f"open-data/{path}", json.dumps(documents[path], indent=2, ensure_ascii=False) + "\n")


def test_version_2_is_much_smaller_than_version_1(dataset, files):
    """The reason for version 2: here about half (a few small records, whose sources weigh most);
    at 10,000 companies 116 MB against 310 MB (benchmarks/api_size.py)."""
    v1 = sum(
        len(f.content)
        for f in api_files(dataset, SITE, Freshness(dataset, FIXTURE_HISTORY))
        if f.path != "api/v1/schema.json"
    )
    v2 = sum(len(content) for path, content in files.items() if path != "api/v2/schema.json")
    assert v2 < 0.55 * v1, (v2, v1)


# On the built site: every JSON file under api/v2/, and the round the issue asks for.


def test_every_json_file_in_the_built_api_folder_matches_the_published_schema(fixture_site: Path):
    schema = json.loads((fixture_site / "api/v2/schema.json").read_text(encoding="utf-8"))
    checked = 0
    for path in sorted((fixture_site / "api/v2").rglob("*.json")):
        if path.name != "schema.json":
            assert errors(schema, json.loads(path.read_text(encoding="utf-8"))) == [], path
            checked += 1
    # index, 3 lists, one per profile (the fixture's 4 organizations and 1 person)
    assert checked == 4 + 4 + 1


def test_a_company_document_holds_its_disputed_round(fixture_site: Path):
    acme = json.loads((fixture_site / "api/v2/companies/acme-robotics.json").read_text(encoding="utf-8"))
    funding = {r["id"]: r for r in acme["rounds"]}["2024-03-series-b"]
    assert funding["company"] == "acme-robotics" and funding["announced"] == "2024-03-12"
    assert funding["amount"] == {
        "disclosed": True,
        "precision": "exact",
        "currency": "CNY",
        "value": 720000000,
        "reported_usd": 101500000,
        "usd": {"value": 100000000, "rate": 7.2, "rate_month": "2024-03"},
    }
    assert funding["valuation"]["precision"] == "approximate" and funding["valuation"]["value"] == 5000000000
    assert funding["disputed"] is True and funding["conflicting_reports"][0]["amount"]["precision"] == "range"
    leads = [i["slug"] for i in funding["investors"] if i["lead"]]
    others = [i["slug"] for i in funding["investors"] if not i["lead"]]
    assert (leads, others) == (["delta-group"], ["gamma-ventures", "jane-roe"])
    assert any(s["publisher"] == "Example Wire" for s in funding["sources"])
    assert funding["source_path"] == "content/rounds/acme-robotics/2024-03-series-b.yml"
    index = json.loads((fixture_site / "api/v2/index.json").read_text(encoding="utf-8"))
    page = index["url"] + index["addresses"]["round_page"].format(company=funding["company"], id=funding["id"])
    assert page == "https://roundbook.github.io/roundbook/companies/acme-robotics/#round-2024-03-series-b"
    delta = json.loads((fixture_site / "api/v2/companies/delta-group.json").read_text(encoding="utf-8"))
    assert {"round": "2024-03-series-b", "company": "acme-robotics", "announced": "2024-03-12", "lead": True} in delta[
        "investments"
    ]


def test_a_site_publishes_version_1_only_when_mkdocs_yml_asks(project, fixture_site):
    """The shipped mkdocs.yml asks (the project's site published version 1 before); without the
    option a site has version 2 only, and its data page links nothing under api/v1/."""
    config = project / "mkdocs.yml"
    assert "      api_v1: true\n" in config.read_text(encoding="utf-8")
    config.write_text(config.read_text(encoding="utf-8").replace("      api_v1: true\n", ""), encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert (project / "site/api/v2/index.json").is_file() and not (project / "site/api/v1").exists()
    assert "api/v1/index.json" not in (project / "site/data/index.html").read_text(encoding="utf-8")
    assert (fixture_site / "api/v1/index.json").is_file() and (fixture_site / "api/v2/index.json").is_file()
    assert 'href="../api/v1/index.json"' in (fixture_site / "data/index.html").read_text(encoding="utf-8")
