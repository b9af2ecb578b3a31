"""Names the site uses for itself (roundbook/reserved.py): one list, enforced by validate (so the
build: see tests/corpus/errors/reserved-slugs and page-names), new, import and fmt, and complete:
every top-level name of a built site is in it."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURE_CONTENT, FIXTURES, mkdocs_build, roundbook
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Problems
from roundbook.reserved import RESERVED_SLUGS, SITE_ROOTS

pytestmark = pytest.mark.build  # builds sites to see what names they publish

COMPANY = """\
name: Index
kind: startup
summary: A fictional company whose name makes a reserved slug.
sources: [{id: s, url: "https://news.example/x", publisher: Example News}]
"""


def test_new_refuses_a_reserved_slug_made_from_the_name_or_given(project):
    for args in (
        ["new", "company", "Index"],
        ["new", "person", "Index"],
        ["new", "company", "Acme", "--slug", "index"],
    ):
        result = roundbook([*args, "--root", str(project)], project)
        assert result.returncode == 2, args
        assert result.stderr.endswith(
            "Error: 'index' is reserved for the page that lists the whole folder; choose "
            "another slug with --slug; nothing was written\n"
        ), result.stderr
    assert not (project / "content/companies/index.yml").exists()
    assert not (project / "content/people/index.yml").exists()


def test_import_gives_a_company_named_index_another_slug(project):
    shutil.copytree(FIXTURES / "import/spreadsheet", project / "sheet")
    sheet = project / "sheet/deals.csv"
    header, first, *rest = sheet.read_text(encoding="utf-8").splitlines()
    sheet.write_text("\n".join([header, first.replace("Example Robotics", "Index", 1)]) + "\n", encoding="utf-8")
    result = roundbook(
        ["import", "csv", "sheet/deals.csv", "--map", "sheet/mapping.yml", "--root", str(project)], project
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "created: content/companies/index-2.yml" in result.stdout
    assert not (project / "content/companies/index.yml").exists()
    assert mkdocs_build(project, project / "site").returncode == 0


def test_fmt_refuses_a_file_with_a_reserved_name(project):
    (project / "content/companies/index.yml").write_text(COMPANY, encoding="utf-8")
    result = roundbook(["fmt", "--root", str(project), str(project / "content/companies/index.yml")], project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "content/companies/index.yml:1:1: file name 'index' is reserved for the page that lists the whole folder; "
        "choose another slug",
        "1 file left alone because of the problems above.",
    ]
    assert (project / "content/companies/index.yml").read_text(encoding="utf-8") == COMPANY


def test_every_top_level_name_of_a_built_site_is_reserved(project):
    """A new page kind, export or theme folder fails here until its name is in SITE_ROOTS."""
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      api_v1: true\n", "      api_v1: true\n      search: pagefind\n"
        ),
        encoding="utf-8",
    )
    (project / "CITATION.cff").write_bytes((FIXTURES.parent.parent / "CITATION.cff").read_bytes())
    site = project / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    hand_written = {path.stem for path in (project / "content/pages").glob("*.md")}
    names = {path.name.split(".", 1)[0].lower() for path in site.iterdir()} - hand_written
    assert {"pagefind", "api", "companies", "404", "sitemap", "citation"} <= names
    assert names <= set(SITE_ROOTS), names - set(SITE_ROOTS)


def test_every_page_in_a_folder_of_profiles_that_is_not_a_profile_has_a_reserved_slug(fixture_site):
    content = FIXTURE_CONTENT  # what the fixture site is built from
    slugs = {
        "companies": {path.stem for path in (content / "companies").glob("*.yml")},
        "people": {path.stem for path in (content / "people").glob("*.yml")},
        "sectors": set(
            read_yaml("sectors.yml", (content / "reference/sectors.yml").read_bytes(), Problems())
            .get("sectors")
            .entries
        ),
    }
    for folder, profiles in slugs.items():
        pages = {path.name.removesuffix(".html") for path in (fixture_site / folder).iterdir()}
        assert "index" in pages, folder
        assert pages - profiles <= set(RESERVED_SLUGS), (folder, pages - profiles)
