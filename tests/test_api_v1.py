"""Version 1 of the JSON API, frozen and published only on request: its files stay byte for byte
as they were, every document matches its schema, and says what the model says."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURE_CONTENT, FIXTURE_HISTORY, GOLDEN, TODAY, assert_golden
from roundbook.export import SiteInfo, open_data_files
from roundbook.export.api import api_files
from roundbook.history import Freshness
from roundbook.pipeline import load_dataset

SITE = SiteInfo(url="https://example.org/tracker/", name="Test Tracker")


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    dataset, problems = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    assert not problems
    return {f.path: json.loads(f.content) for f in api_files(dataset, SITE, Freshness(dataset, FIXTURE_HISTORY))}


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def errors(schema: dict, document: dict) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(schema).iter_errors(document)]


def test_one_document_per_list_and_per_profile(documents):
    assert sorted(documents) == [
        "api/v1/companies.json",
        "api/v1/companies/acme-robotics.json",
        "api/v1/companies/beta-labs.json",
        "api/v1/companies/delta-group.json",
        "api/v1/companies/gamma-ventures.json",
        "api/v1/index.json",
        "api/v1/people.json",
        "api/v1/people/jane-roe.json",
        "api/v1/rounds.json",
        "api/v1/schema.json",
    ]


def test_version_1_is_frozen_byte_for_byte():
    """The SHA-256 of every file as version 1 was frozen (commit fd0abad); not a golden file that
    ROUNDBOOK_UPDATE_GOLDENS rewrites: these files must not change."""
    dataset, _ = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    made = {
        f.path: hashlib.sha256(f.content).hexdigest()
        for f in api_files(dataset, SITE, Freshness(dataset, FIXTURE_HISTORY))
    }
    frozen = dict(
        reversed(line.split("  ")) for line in (GOLDEN / "open-data/api/v1/SHA256SUMS").read_text().splitlines()
    )
    assert made == frozen


def test_data_documents_are_compact_and_the_schema_indented():
    dataset, problems = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    files = {f.path: f.content for f in api_files(dataset, SITE, Freshness(dataset, FIXTURE_HISTORY))}
    for path in (
        "api/v1/companies.json",
        "api/v1/people.json",
        "api/v1/rounds.json",
        "api/v1/companies/acme-robotics.json",
        "api/v1/index.json",
    ):
        assert files[path].count(b"\n") == 1 and files[path].endswith(b"}\n"), path
    assert files["api/v1/companies/acme-robotics.json"].startswith(b'{"document":"company",')
    assert files["api/v1/schema.json"].startswith(b'{\n  "')


def test_every_document_matches_the_schema(documents):
    schema = documents["api/v1/schema.json"]
    for path, document in documents.items():
        if path != "api/v1/schema.json":
            assert errors(schema, document) == [], path


def test_the_schema_rejects_what_it_does_not_describe(documents):
    schema = documents["api/v1/schema.json"]
    company = copy.deepcopy(documents["api/v1/companies/acme-robotics.json"])
    company["rounds"][0]["amount"]["value"] = "2M"
    company["rounds"][1]["investors"][0]["share"] = 0.5
    del company["rounds"][1]["source_path"]
    as_company = {"$defs": schema["$defs"], "$ref": "#/$defs/companyDocument"}
    found = sorted(errors(as_company, company))
    assert found[0].startswith("['rounds', 0, 'amount']: ")  # a text figure fits neither money shape
    assert found[1:] == [
        "['rounds', 1, 'investors', 0]: Additional properties are not allowed ('share' was unexpected)",
        "['rounds', 1]: 'source_path' is a required property",
    ]
    assert errors(schema, company) != []
    for mistake in ({"document": "company", "slug": "x"}, {**documents["api/v1/index.json"], "document": "people"}):
        assert errors(schema, mistake) != []


def test_the_company_document_is_the_golden_one(documents):
    for path in ("api/v1/index.json", "api/v1/companies/acme-robotics.json"):
        assert_golden(f"open-data/{path}", json.dumps(documents[path], indent=2, ensure_ascii=False) + "\n")


def test_money_keeps_precision_currency_dollars_and_what_was_not_said(documents):
    seed, series_b = documents["api/v1/companies/acme-robotics.json"]["rounds"]
    assert seed["amount"] == {
        "disclosed": True,
        "precision": "at-least",
        "currency": "USD",
        "value": 2000000,
        "min": None,
        "max": None,
        "basis": None,
        "text": "$2M+",
        "usd": {"value": 2000000, "min": None, "max": None, "rate": 1, "rate_month": None},
    }
    assert seed["valuation"]["disclosed"] is False and seed["valuation"]["value"] is None  # reported as undisclosed
    assert (
        seed["announced"] == "2021"
        and seed["announced_precision"] == "year"
        and seed["announced_earliest"] == "2021-01-01"
    )
    assert series_b["amount"]["value"] == 720000000 and series_b["amount"]["currency"] == "CNY"
    assert series_b["amount"]["usd"] == {
        "value": 100000000,
        "min": None,
        "max": None,
        "rate": 7.2,
        "rate_month": "2024-03",
    }
    assert series_b["valuation"]["basis"] == "post-money"
    alternative = series_b["conflicting_reports"][0]
    assert (alternative["amount"]["min"], alternative["amount"]["max"], alternative["valuation"]) == (
        700000000,
        800000000,
        None,
    )
    assert alternative["amount"]["usd"]["min"] == 97222222  # 700M / 7.2, rounded to the dollar
    assert [(i["slug"], i["lead"]) for i in series_b["investors"]] == [
        ("delta-group", True),
        ("gamma-ventures", False),
        ("jane-roe", False),
    ]
    beta_round = documents["api/v1/companies/beta-labs.json"]["rounds"][0]
    assert beta_round["valuation"] is None  # no source gives one: unknown, unlike undisclosed


def test_every_record_carries_its_sources_and_source_path(documents):
    rounds = documents["api/v1/rounds.json"]["rounds"]
    assert [r["source_path"] for r in rounds] == [
        "content/rounds/acme-robotics/2021-seed.yml",
        "content/rounds/beta-labs/2024-03-seed.yml",
        "content/rounds/acme-robotics/2024-03-series-b.yml",
    ]  # oldest first; 2024-03 sorts before 2024-03-12
    assert all(r["sources"] and r["sources"][0]["url"].startswith("https://") for r in rounds)
    for listed in documents["api/v1/companies.json"]["companies"] + documents["api/v1/people.json"]["people"]:
        assert listed["sources"] and listed["source_path"].startswith("content/")


def test_investments_and_links_resolve_to_documents_that_exist(documents):
    jane = documents["api/v1/people/jane-roe.json"]
    assert [(i["round"]["id"], i["lead"]) for i in jane["investments"]] == [
        ("2021-seed", False),
        ("2024-03-series-b", False),
    ]
    assert jane["roles"][0]["organization"]["slug"] == "delta-group"
    index = documents["api/v1/index.json"]
    assert index["counts"] == {"companies": 4, "people": 1, "rounds": 3}
    for url in [
        index["schema"],
        *(u for k, u in index["endpoints"].items() if "{slug}" not in u),
        jane["api_url"],
        jane["investments"][0]["round"]["company"]["api_url"],
    ]:
        assert url.startswith(SITE.url) and url.removeprefix(SITE.url) in documents, url


def test_open_data_files_hold_version_1_only_when_the_site_publishes_it():
    dataset, _ = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    freshness = Freshness(dataset, FIXTURE_HISTORY)
    v1 = {f.path: f.content for f in api_files(dataset, SITE, freshness)}
    published = {f.path: f.content for f in open_data_files(dataset, replace(SITE, api_v1=True), freshness)}
    assert {path: published.get(path) for path in v1} == v1
    by_default = [f.path for f in open_data_files(dataset, SITE, freshness)]
    assert "api/v2/index.json" in by_default and not [path for path in by_default if path.startswith("api/v1/")]


# On the built site: every JSON file under api/v1/, and the round the issue asks for.


def test_every_json_file_in_the_built_api_folder_matches_the_published_schema(fixture_site: Path):
    """The shipped site publishes version 1 (mkdocs.yml: api_v1: true)."""
    schema = json.loads((fixture_site / "api/v1/schema.json").read_text(encoding="utf-8"))
    checked = 0
    for path in sorted((fixture_site / "api/v1").rglob("*.json")):
        if path.name != "schema.json":
            assert errors(schema, json.loads(path.read_text(encoding="utf-8"))) == [], path
            checked += 1
    # index, 3 lists, one per profile (the fixture's 4 organizations and 1 person)
    assert checked == 4 + 4 + 1


def test_a_company_document_holds_its_disputed_round(fixture_site: Path):
    acme = json.loads((fixture_site / "api/v1/companies/acme-robotics.json").read_text(encoding="utf-8"))
    funding = {r["id"]: r for r in acme["rounds"]}["2024-03-series-b"]
    assert funding["amount"]["value"] == 720000000 and funding["amount"]["currency"] == "CNY"
    assert funding["amount"]["precision"] == "exact" and funding["amount"]["usd"]["value"] == 100000000
    assert funding["valuation"]["precision"] == "approximate" and funding["valuation"]["value"] == 5000000000
    leads = [i["slug"] for i in funding["investors"] if i["lead"]]
    others = [i["slug"] for i in funding["investors"] if not i["lead"]]
    assert (leads, others) == (["delta-group"], ["gamma-ventures", "jane-roe"])
    assert any(s["publisher"] == "Example Wire" for s in funding["sources"])
    assert funding["source_path"] == "content/rounds/acme-robotics/2024-03-series-b.yml"
    assert funding["url"] == "https://roundbook.github.io/roundbook/companies/acme-robotics/#round-2024-03-series-b"


def test_records_say_when_their_files_last_changed(documents):
    acme = documents["api/v1/companies/acme-robotics.json"]
    assert acme["last_changed"] == "2024-05-06T12:30:00Z"  # its Series B file changed after its own file
    assert [r["last_changed"] for r in acme["rounds"]] == [None, "2024-05-06T12:30:00Z"]
    assert documents["api/v1/people/jane-roe.json"]["last_changed"] == "2024-03-20T08:00:00Z"
    assert documents["api/v1/companies/delta-group.json"]["last_changed"] is None
    assert documents["api/v1/index.json"]["last_changed"] == "2024-05-06T12:30:00Z"
