"""The JSON Schemas that editors use agree with the validator: generated from it, and tested
against the fixture dataset, content/ (tests/test_content.py) and the bad-input fixtures. The JSON API's schemas are well formed
(tests/test_api.py checks the API's files against them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jsonschema
import pytest

from conftest import FIXTURES, REPO, roundbook
from roundbook.load import load_content
from roundbook.load.yaml_nodes import Mapping, Scalar, Sequence, read_yaml
from roundbook.problems import Problems
from roundbook.schema.export import render_schemas, schema_document
from roundbook.schema.fields import CheckContext
from roundbook.schema.kinds import KINDS


def plain(node):
    """The node tree as the YAML 1.2 data an editor's language server sees."""
    if isinstance(node, Mapping):
        return {key: plain(value) for key, (_, value) in node.entries.items()}
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    assert isinstance(node, Scalar)
    return node.value


def test_committed_schemas_are_generated_from_the_validator():
    for name, text in render_schemas().items():
        assert (REPO / "schemas" / name).read_text(encoding="utf-8") == text, f"run `roundbook schemas` ({name})"


def test_schemas_check_command_agrees(tmp_path):
    assert roundbook(["schemas", "--check"], REPO).returncode == 0
    result = roundbook(["schemas", "--check", "--root", str(tmp_path)], REPO)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "out of date: schemas/organization.schema.json"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schemas_are_valid_json_schema(kind):
    jsonschema.Draft202012Validator.check_schema(schema_document(kind))


def test_schemas_accept_every_fixture_file():
    """And every file of content/: tests/test_content.py."""
    loaded = load_content(FIXTURES / "dataset")
    assert not loaded.problems
    for content_file in loaded.files:
        validator = jsonschema.Draft202012Validator(schema_document(content_file.kind))
        errors = list(validator.iter_errors(plain(content_file.tree)))
        assert not errors, f"{content_file.path}: {errors[0].message}"


BAD = sorted((FIXTURES / "bad").glob("*.yml"))


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_schemas_and_validator_both_reject_bad_input(path: Path):
    kind = path.stem.split("-")[0]
    problems = Problems()
    tree = read_yaml(path.name, path.read_bytes(), problems)
    KINDS[kind].check(tree, CheckContext(problems, dt.date(2026, 11, 29)), path.name)
    assert problems, "the validator accepted it"
    validator = jsonschema.Draft202012Validator(schema_document(kind))
    assert list(validator.iter_errors(plain(tree))), "the JSON Schema accepted it"


EMPTY_FIELDS = """\
announced: 2024-02
stage: seed
extension:
amount:
lead:
sources:
  - id: s
    url: https://news.example/x
    title:
    publisher: Example News
"""


def test_schemas_and_validator_agree_on_empty_fields():
    """`field:` left empty reads as no field when optional, and is an error when required."""
    validator = jsonschema.Draft202012Validator(schema_document("round"))

    def errors(text: str) -> tuple[list, list]:
        problems = Problems()
        tree = read_yaml("round.yml", text.encode(), problems)
        KINDS["round"].check(tree, CheckContext(problems, dt.date(2026, 11, 29)), "round.yml")
        return [str(p) for p in problems.sorted()], list(validator.iter_errors(plain(tree)))

    assert errors(EMPTY_FIELDS) == ([], [])
    problems, schema_errors = errors(EMPTY_FIELDS.replace("stage: seed", "stage:"))
    assert problems == [
        "round.yml:2:1: required field 'stage' is empty (The stage, from a fixed list such as seed, series-b, strategic, venture-undisclosed)"
    ]
    assert [e.message for e in schema_errors] == [
        "None is not one of ['pre-seed', 'seed', 'angel', 'series-a', 'series-b', 'series-c', 'series-d', 'series-e', 'series-f', 'series-g', 'series-h', 'series-i', 'series-j', 'series-k', 'bridge', 'growth', 'strategic', 'private-equity', 'debt', 'grant', 'ipo', 'secondary', 'non-equity', 'venture-undisclosed']"
    ]


# The JSON API's own schemas (roundbook/export): published with the site, read by its users.


def _api_schemas():
    from roundbook.export import SiteInfo
    from roundbook.export.api_schema import schema_document as v1
    from roundbook.export.api_v2_schema import schema_document as v2

    site = SiteInfo(url="https://example.org/tracker/", name="Test Tracker")
    return {"v1": v1(site), "v2": v2(site)}


def _subschemas(node, where=()):
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _subschemas(value, (*where, key))
    elif isinstance(node, list):
        for number, value in enumerate(node):
            yield from _subschemas(value, (*where, number))


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_api_schemas_are_valid_and_describe_every_field(version):
    schema = _api_schemas()[version]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"https://example.org/tracker/api/{version}/schema.json"
    for where, node in _subschemas(schema):
        if "$ref" in node:  # every reference names a definition
            assert node["$ref"].removeprefix("#/$defs/") in schema["$defs"], where
        if node.get("type") == "object" and "properties" in node:  # closed records, each field explained
            assert node["additionalProperties"] is False, where
            assert set(node["required"]) <= set(node["properties"]), where
            assert [name for name, field in node["properties"].items() if not field.get("description")] == [], where


def test_the_api_v2_schema_allows_no_null_and_no_empty_list():
    """In version 2 a key with no value is left out: the schema says so by accepting neither."""
    whole_lists = {("companiesDocument", "companies"), ("peopleDocument", "people"), ("roundsDocument", "rounds")}
    arrays = 0
    for where, node in _subschemas(_api_schemas()["v2"]):
        assert node.get("type") != "null" and "null" not in (node.get("type") or []), where
        assert node.get("const", "") is not None and None not in node.get("enum", []), where
        if node.get("type") == "array":
            arrays += 1
            assert node.get("minItems") == 1 or (where[1], where[-1]) in whole_lists, where
    assert arrays > 20
