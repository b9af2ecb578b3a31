"""The hostile corpus through `mkdocs build --strict`, as a pull request's check runs it: every case
of tests/corpus/errors/ about text, pages, files beside them, budgets and reserved names stops the
build with exactly the problems `roundbook validate` prints, without a traceback and without
touching the site already there; what is published instead (tests/injection.py) leaves the
theme's own files byte for byte as a clean build writes them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from conftest import FIXTURE_CONTENT, make_project, mkdocs_build
from test_corpus import ERRORS, add_case

pytestmark = pytest.mark.build  # each case is a build of its own

# The cases this issue added: each was built, published or crashed the build before.
CASES = [
    "text-control-characters",
    "text-invisible-controls",
    "name-invisible-characters",
    "page-front-matter",
    "page-text",
    "page-names",
    "files-beside-pages",
    "markdown-pathological",
    "page-too-large",
    "image-too-large",
    "reserved-slugs",
    "yml-suffixes-and-stray-files",
    "file-name-control-character",
    "amount-underflow",
    "amount-overflow",
]


def hashes(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def project_with_case(target: Path, case: str) -> Path:
    project = make_project(target)
    add_case(project / "content", case)
    return project


def test_every_case_named_here_is_in_the_corpus():
    assert set(CASES) <= {path.name for path in ERRORS.iterdir()}


@pytest.mark.parametrize("case", CASES)
def test_the_build_stops_with_the_located_problems_and_leaves_the_site_as_it_was(case, tmp_path):
    project = project_with_case(tmp_path / "project", case)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site\n")
    result = mkdocs_build(project, site)
    *problems, summary = (ERRORS / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert result.returncode == 1
    assert [line for line in result.stderr.splitlines() if line in problems] == problems
    assert f"Roundbook: {summary} Nothing was built; {site} is as it was." in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "\x1b" not in result.stdout + result.stderr  # no control character reaches the terminal
    assert hashes(site) == {"index.html": hashlib.sha256(b"the previous site\n").hexdigest()}


def test_what_hostile_content_publishes_leaves_the_theme_byte_for_byte(injection_site, tmp_path):
    clean = make_project(tmp_path / "clean", FIXTURE_CONTENT)
    result = mkdocs_build(clean, tmp_path / "clean-site")
    assert result.returncode == 0, result.stderr
    theme = hashes(tmp_path / "clean-site" / "assets")
    assert len(theme) > 20
    assert hashes(injection_site / "assets") == theme
    # What the pages may add beside the theme: the images of content/pages/images/, at images/.
    assert sorted(path.name for path in injection_site.iterdir() if path.is_file()) == sorted(
        path.name for path in (tmp_path / "clean-site").iterdir() if path.is_file()
    )
    assert [path.relative_to(injection_site).as_posix() for path in (injection_site / "images").rglob("*")] == [
        "images/plain.png"
    ]
