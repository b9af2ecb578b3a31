"""The repository's own content/: checks that hold for whatever it holds.

Every other test reads the fictional fixtures in tests/fixtures/, never content/: this module is
the only one that does, and nothing in it names a record. It passes on the starter dataset, on the
content that `roundbook init` writes, and on a content folder with only what a site needs to build
(two pages, the sectors table and a rate table), so that a site with its own content, or a clone
whose content/ was replaced, keeps a green suite while its content is valid and formatted."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from conftest import REPO, mkdocs_build, roundbook
from roundbook.edit import roundtrip
from roundbook.edit.canonical import canonical_text
from roundbook.edit.modeline import modeline
from roundbook.load import load_content
from roundbook.pipeline import load_dataset
from roundbook.problems import Problems
from roundbook.schema.export import schema_document
from roundbook.schema.kinds import KINDS
from test_fmt import _reverse_fields
from test_schemas import plain

CONTENT = load_content(REPO)
FILES = CONTENT.files
MODELINE = "# yaml-language-server: $schema="


def test_validate_passes_and_counts_what_the_content_holds():
    dataset, problems = load_dataset(REPO)
    assert not problems
    summary = (
        f"{len(dataset.organizations)} organizations, {len(dataset.people)} people and "
        f"{len(dataset.rounds)} rounds: no problems.\n"
    )
    result = roundbook(["validate"], REPO)
    assert (result.returncode, result.stdout, result.stderr) == (0, summary, "")
    result = roundbook(["validate", "--format", "github"], REPO)
    assert (result.returncode, result.stdout) == (0, summary)


def test_fmt_check_passes_on_every_content_file():
    count = len(FILES)
    result = roundbook(["fmt", "--check"], REPO)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"{count} file{'' if count == 1 else 's'} already formatted.\n",
        "",
    )


@pytest.mark.parametrize("content_file", FILES, ids=[f.path for f in FILES])
def test_every_content_file_starts_with_the_modeline_of_its_kind(content_file):
    first_line = (REPO / content_file.path).read_text(encoding="utf-8").splitlines()[0]
    assert first_line == modeline(content_file.path, content_file.kind)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(content_file.path), first_line.removeprefix(MODELINE)))
    assert target == f"schemas/{content_file.kind}.schema.json"
    assert (REPO / target).is_file()


@pytest.mark.parametrize("content_file", FILES, ids=[f.path for f in FILES])
def test_fmt_restores_every_content_file_from_its_fields_reversed(content_file):
    original = (REPO / content_file.path).read_text(encoding="utf-8")
    data = roundtrip.load(original)
    _reverse_fields(data, KINDS[content_file.kind])
    problems = Problems()
    assert canonical_text(content_file.path, content_file.kind, roundtrip.dump(data), problems) == original
    assert not problems


def test_the_schemas_accept_every_content_file():
    assert not CONTENT.problems
    for content_file in FILES:
        validator = jsonschema.Draft202012Validator(schema_document(content_file.kind))
        errors = list(validator.iter_errors(plain(content_file.tree)))
        assert not errors, f"{content_file.path}: {errors[0].message}"


@pytest.mark.build
def test_the_site_builds_strictly_with_a_page_for_every_profile(tmp_path):
    result = mkdocs_build(REPO, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    dataset, _ = load_dataset(REPO)
    root = ET.parse(tmp_path / "site/sitemap.xml").getroot()
    listed = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    site_url = re.search(r"^site_url: \"?([^\"\n]*)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    profiles = {f"companies/{slug}/" for slug in dataset.organizations} | {f"people/{slug}/" for slug in dataset.people}
    assert {site_url + profile for profile in profiles} <= listed
    for profile in profiles:
        assert (tmp_path / "site" / profile / "index.html").is_file(), profile
    assert (tmp_path / "site/index.html").is_file() and (tmp_path / "site/api/v2/index.json").is_file()
