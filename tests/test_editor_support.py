"""Editors with a YAML language server check content files as one types: every file names its
JSON Schema in a modeline, and the schemas are also published with the site."""

from __future__ import annotations

import json
import posixpath

import pytest

from conftest import REPO, mkdocs_build
from roundbook.edit.modeline import modeline
from roundbook.load import load_content
from roundbook.schema.export import render_schemas

SHIPPED = load_content(REPO).files
MODELINE = "# yaml-language-server: $schema="


@pytest.mark.parametrize("content_file", SHIPPED, ids=[f.path for f in SHIPPED])
def test_every_content_file_starts_with_the_modeline_of_its_kind(content_file):
    first_line = (REPO / content_file.path).read_text(encoding="utf-8").splitlines()[0]
    assert first_line == modeline(content_file.path, content_file.kind)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(content_file.path), first_line.removeprefix(MODELINE)))
    assert target == f"schemas/{content_file.kind}.schema.json"
    assert (REPO / target).is_file()


def test_every_kind_of_file_is_shipped_so_every_modeline_is_tested():
    assert {f.kind for f in SHIPPED} == {"organization", "person", "round", "sectors", "currency-rates"}


def test_the_site_publishes_the_schemas_at_a_stable_address(shipped_site):
    for name, text in render_schemas().items():
        published = shipped_site / "schemas" / "v1" / name
        assert published.read_text(encoding="utf-8") == text == (REPO / "schemas" / name).read_text(encoding="utf-8")
        assert json.loads(text)["$id"] == name


def test_a_page_in_the_way_of_a_schema_stops_the_build(project, tmp_path):
    clash = project / "content/pages/schemas/v1/round.schema.json"
    clash.parent.mkdir(parents=True)
    clash.write_text("{}")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 1
    assert ("content/pages/schemas/v1/round.schema.json:1:1: content/pages/ publishes Markdown pages (.md) and "
            "images in content/pages/images/; this file would not be published: remove it\n") in result.stderr
