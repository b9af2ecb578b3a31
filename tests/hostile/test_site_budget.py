"""The whole site against its host's limit (roundbook/site/site_budget.py): GitHub Pages publishes
sites of at most 1 GB, and a pull request of many small files made a 2.8 GB site without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import mkdocs_build
from roundbook.site.site_budget import site_bytes

pytestmark = pytest.mark.build  # builds sites at, near and past their budget


def with_limit(project: Path, megabytes: int) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("      api_v1: true\n", f"      api_v1: true\n      max_site_mb: {megabytes}\n"), encoding="utf-8"
    )


def test_a_site_past_its_limit_fails_the_build_and_says_by_how_much(project):
    with_limit(project, 1)  # the fixture site is about 3 MB
    result = mkdocs_build(project, project / "site")
    size = site_bytes(project / "site") / 1_000_000
    assert result.returncode == 1
    assert (
        f"mkdocs.yml:1:1: the built site is {size:,.1f} MB; the limit is 1 MB (max_site_mb of the roundbook "
        "plugin; GitHub Pages publishes at most 1,000 MB)\n"
    ) in result.stderr
    assert "Roundbook: the site is larger than its host publishes." in result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def test_a_site_near_its_limit_warns_without_failing_a_strict_build(project):
    with_limit(project, 4)
    # The fixture site is about 3.2 MB: an image of half a megabyte takes it to about 90 % of 4 MB.
    image = project / "content/pages/images/filler.png"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500_000))
    result = mkdocs_build(project, project / "site")
    size = site_bytes(project / "site")
    assert 0.8 * 4_000_000 <= size < 4_000_000, "the fixture site has changed size: choose another limit"
    assert result.returncode == 0, result.stderr
    assert (
        f"WARNING -  Roundbook: the built site is {size / 1_000_000:,.1f} MB, {size / 4_000_000:.0%} of its "
        "limit of 4 MB (max_site_mb in mkdocs.yml)\n"
    ) in result.stderr


def test_a_site_well_within_its_limit_says_nothing_of_it(fixture_site_log):
    assert "Documentation built in" in fixture_site_log  # the log of a whole build
    assert "max_site_mb" not in fixture_site_log
