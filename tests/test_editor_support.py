"""Editors with a YAML language server check content files as one types: every file names its
JSON Schema in a modeline, and the schemas are also published with the site."""

from __future__ import annotations

import json
import posixpath

import pytest

from conftest import FIXTURE_CONTENT, REPO, mkdocs_build
from roundbook.edit.modeline import modeline
from roundbook.load import load_content
from roundbook.schema.export import render_schemas

MODELINE = "# yaml-language-server: $schema="
# A file of each kind, where it lives. That every file of content/ starts with its kind's
# modeline is a check of the content itself: tests/test_content.py.
A_FILE_OF_EACH_KIND = {
    "organization": "content/companies/acme-robotics.yml",
    "person": "content/people/jane-roe.yml",
    "round": "content/rounds/acme-robotics/2024-03-series-b.yml",
    "sectors": "content/reference/sectors.yml",
    "currency-rates": "content/reference/currency-rates.yml",
}


def test_every_kind_of_file_has_a_modeline_that_finds_its_schema():
    assert set(A_FILE_OF_EACH_KIND) == {f.kind for f in load_content(FIXTURE_CONTENT.parent).files}
    for kind, path in A_FILE_OF_EACH_KIND.items():
        line = modeline(path, kind)
        assert line.startswith(MODELINE), line
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), line.removeprefix(MODELINE)))
        assert target == f"schemas/{kind}.schema.json"
        assert (REPO / target).is_file()


def test_the_site_publishes_the_schemas_at_a_stable_address(fixture_site):
    for name, text in render_schemas().items():
        published = fixture_site / "schemas" / "v1" / name
        assert published.read_text(encoding="utf-8") == text == (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert json.loads(text)["$id"] == name


@pytest.mark.build
def test_a_page_in_the_way_of_a_schema_stops_the_build(project, tmp_path):
    clash = project / "content/pages/schemas/v1/round.schema.json"
    clash.parent.mkdir(parents=True)
    clash.write_text("{}")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert (
        "content/pages/schemas/v1/round.schema.json:1:1: content/pages/ publishes Markdown pages (.md) and "
        "images in content/pages/images/; this file would not be published: remove it\n"
    ) in result.stderr
