"""A site's own templates come first, one file at a time; everything else comes with Roundbook
(roundbook/shipped.py, roundbook/site/theme.py)."""

from __future__ import annotations

import shutil

import pytest

from conftest import mkdocs_build, override_template
from roundbook.shipped import THEME

pytestmark = pytest.mark.build  # builds a site with each override

EDIT = "https://github.com/roundbook/roundbook/edit/main/"


def test_a_site_without_a_templates_folder_builds(project):
    shutil.rmtree(project / "templates")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert "Acme Robotics" in (project / "site/companies/acme-robotics/index.html").read_text(encoding="utf-8")
    assert (project / "site/assets/roundbook.css").read_bytes() == (THEME / "assets/roundbook.css").read_bytes()


def test_a_page_template_of_the_site_replaces_that_one_only(project):
    own = override_template(project, "people.html.j2")
    own.write_text("<p>Our own list.</p>\n" + own.read_text(encoding="utf-8"), encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    people = (project / "site/people/index.html").read_text(encoding="utf-8")
    assert "<p>Our own list.</p>" in people
    assert "Our own list." not in (project / "site/investors/index.html").read_text(encoding="utf-8")
    # The edit link opens the site's own template; a page made from Roundbook's has none to open.
    assert f'href="{EDIT}templates/people.html.j2"' in people
    assert f"{EDIT}templates/" not in (project / "site/investors/index.html").read_text(encoding="utf-8")
    assert f'href="{EDIT}content/companies/acme-robotics.yml"' in (
        project / "site/companies/acme-robotics/index.html"
    ).read_text(encoding="utf-8")


def test_a_theme_file_of_the_site_replaces_that_one_only(project):
    css = project / "templates/theme/assets/roundbook.css"
    css.parent.mkdir(parents=True)
    css.write_text("/* our own styles */\n", encoding="utf-8")
    footer = project / "templates/theme/partials/copyright.html"
    footer.parent.mkdir(parents=True)
    footer.write_text('<div class="md-copyright">Our own footer</div>\n', encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert (project / "site/assets/roundbook.css").read_text(encoding="utf-8") == "/* our own styles */\n"
    assert (project / "site/assets/roundbook.js").read_bytes() == (THEME / "assets/roundbook.js").read_bytes()
    assert "Our own footer" in (project / "site/about/index.html").read_text(encoding="utf-8")
    assert "Our own footer" in (project / "site/companies/acme-robotics/index.html").read_text(encoding="utf-8")


def test_with_pagefind_the_search_box_stays_pagefind_s_over_a_site_theme(project):
    (project / "templates/theme/partials").mkdir(parents=True)
    (project / "templates/theme/partials/copyright.html").write_text("<div>Ours</div>\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "      api_v1: true\n", "      api_v1: true\n      search: pagefind\n"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    page = (project / "site/about/index.html").read_text(encoding="utf-8")
    assert "<div>Ours</div>" in page and "roundbook-search.js" in page
    assert not (project / "site/search/search_index.json").exists()
