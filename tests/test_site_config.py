"""What the plugin needs of mkdocs.yml (roundbook/site/site_config.py): each miss is a problem at its
key, all of them at once, before anything is built; the theme's own scripts and styles need no line."""

from __future__ import annotations

import re

import pytest

from conftest import REPO, mkdocs_build

pytestmark = pytest.mark.build  # builds a site for each setting


def test_every_missing_setting_is_named_at_its_key_and_nothing_is_built(project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"^site_url: .*\n", "", text, flags=re.MULTILINE)
    text = text.replace("docs_dir: content/pages", "docs_dir: docs")
    text = re.sub(r"  - search:\n(    .*\n)+", "", text)
    config.write_text(text, encoding="utf-8")
    (project / "docs").mkdir()
    result = mkdocs_build(project, project / "site")
    docs_line = text[: text.index("docs_dir:")].count("\n") + 1
    plugins_line = text[: text.index("plugins:")].count("\n") + 1
    assert result.returncode == 1
    assert result.stderr.splitlines()[:3] == [
        "mkdocs.yml:1:1: site_url is missing: set it to the address the site is published at, such as "
        "https://example.org/tracker/; feeds, the JSON API and redirect pages link with it",
        f"mkdocs.yml:{docs_line}:1: docs_dir must be content/pages, the folder of the site's hand-written pages: "
        "write docs_dir: content/pages",
        f"mkdocs.yml:{plugins_line}:1: the search plugin is missing: list it under plugins, after roundbook "
        "(Roundbook's search box and Pagefind on large sites use it)",
    ]
    assert (
        "Roundbook: mkdocs.yml lacks what the site needs (3 problems); nothing was built."
        in result.stdout + result.stderr
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert not (project / "site").exists()


def test_another_theme_is_named_at_its_key(project):
    config = project / "mkdocs.yml"
    text = re.sub(
        r"^theme:\n(  .*\n|    .*\n)+",
        "theme:\n  name: mkdocs\n",
        config.read_text(encoding="utf-8"),
        flags=re.MULTILINE,
    )
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    theme_line = text[: text.index("theme:")].count("\n") + 1
    assert result.returncode == 1
    assert (
        f"mkdocs.yml:{theme_line}:1: Roundbook's pages are made for the theme material, not mkdocs: write "
        "theme: {name: material}\n"
    ) in result.stderr


def test_the_theme_s_scripts_and_styles_come_without_a_line_in_mkdocs_yml(fixture_site):
    # The fixture site is built with the repository's mkdocs.yml.
    assert "extra_javascript" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    page = (fixture_site / "about/index.html").read_text(encoding="utf-8")
    for asset in (
        "assets/roundbook.css",
        "assets/vendor/tablesort/tablesort.min.js",
        "assets/vendor/tablesort/tablesort.number.min.js",
        "assets/roundbook.js",
    ):
        assert f'"../{asset}"' in page, asset
