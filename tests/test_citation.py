"""Citing the data: a valid CITATION.cff, one licence named everywhere, shown on every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml

from conftest import REPO, mkdocs_build

CFF_SCHEMA = Path(__file__).resolve().parent / "vendor/cff-1.2.0/schema.json"
MKDOCS = (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def cff() -> dict:
    # CFF files are YAML 1.2; this one uses nothing that YAML 1.1 reads differently (no dates, no yes/no).
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def test_citation_cff_is_valid_cff_1_2():
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    assert schema["$id"] == "https://citation-file-format.github.io/1.2.0/schema.json"
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [error.message for error in validator.iter_errors(cff())] == []
    assert list(validator.iter_errors({**cff(), "license": "CC-BY-4"}))  # the schema does check licences


def test_citation_cff_names_the_site_and_the_licence_that_mkdocs_yml_names():
    data_licence = re.search(r"^      data_licence: (\S+)$", MKDOCS, re.MULTILINE).group(1)
    assert cff()["license"] == data_licence == "CC-BY-4.0"
    assert cff()["url"] == re.search(r"^site_url: \"?([^\"\s]+)", MKDOCS, re.MULTILINE).group(1)
    assert cff()["title"] == re.search(r"^site_name: (.+)$", MKDOCS, re.MULTILINE).group(1)


def test_the_built_site_states_the_licence_in_footer_api_feeds_and_data_page(fixture_site: Path):
    for page in ("index.html", "companies/acme-robotics/index.html", "about/index.html"):
        footer = (fixture_site / page).read_text(encoding="utf-8").split('<footer class="md-footer">')[1]
        assert (
            'Data licensed <a href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>'
            ' · <a href="https://roundbook.github.io/roundbook/data/#licence-and-citation">how to cite it</a>'
        ) in footer, page
    index = json.loads((fixture_site / "api/v2/index.json").read_text(encoding="utf-8"))
    assert index["licence"] == {
        "id": "CC-BY-4.0",
        "name": "Creative Commons Attribution 4.0 International",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert index["citation"] == {
        "text": "Roundbook contributors. Roundbook AI Funding Tracker [data set]. https://roundbook.github.io/roundbook/. "
        "Data licensed CC BY 4.0.",
        "cff_url": "https://roundbook.github.io/roundbook/CITATION.cff",
    }
    assert (fixture_site / "CITATION.cff").read_bytes() == (REPO / "CITATION.cff").read_bytes()
    assert (
        feedparser.parse((fixture_site / "feeds/rounds.xml").read_bytes()).feed.rights
        == "Data licensed CC BY 4.0: https://creativecommons.org/licenses/by/4.0/"
    )
    data_page = (fixture_site / "data/index.html").read_text(encoding="utf-8")
    assert 'id="licence-and-citation"' in data_page and 'href="../CITATION.cff"' in data_page


@pytest.mark.build
def test_another_licence_is_named_once_in_mkdocs_yml(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("data_licence: CC-BY-4.0", "data_licence: ODbL-1.0"))
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert 'Data licensed <a href="https://opendatacommons.org/licenses/odbl/1-0/" rel="license">ODbL 1.0</a>' in (
        project / "site/index.html"
    ).read_text(encoding="utf-8")
    index = json.loads((project / "site/api/v2/index.json").read_text(encoding="utf-8"))
    assert (
        index["licence"]["id"] == "ODbL-1.0" and "cff_url" not in index["citation"]
    )  # the project has no CITATION.cff
    assert index["citation"]["text"] == (
        "Roundbook AI Funding Tracker. https://roundbook.github.io/roundbook/. Data licensed ODbL 1.0."
    )


@pytest.mark.build
def test_an_unknown_licence_or_a_broken_citation_file_stops_the_build(project):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("data_licence: CC-BY-4.0", "data_licence: MIT"))
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert "Plugin 'roundbook' option 'data_licence': Expected one of: ('CC-BY-4.0'," in result.stderr
    config.write_text(config.read_text().replace("data_licence: MIT", "data_licence: CC-BY-4.0"))
    (project / "CITATION.cff").write_text("cff-version: 1.2.0\nmessage: [unclosed\n")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 1
    assert "Roundbook: CITATION.cff cannot be read: while parsing a flow sequence" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
