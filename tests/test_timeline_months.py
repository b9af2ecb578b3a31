"""A busy year of the global timeline is split into a page per month (roundbook/render/timeline_pages.py).

The fixture's years are small: the renderer is given a threshold of one entry, which splits 2021
(a launch in February and a round dated only by the year) and 2024 (two rounds in March) and
leaves 2020 (one milestone) whole."""

from __future__ import annotations

import functools
import re

import lxml.html
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import REPO, assert_golden, make_project, rendered_pages
from roundbook.model.timeline import year_timeline
from roundbook.render import Renderer
from roundbook.render.timeline_pages import MONTH_PAGES_ABOVE
from roundbook.site import prepare
from roundbook.site.prerendered import anchor_ids

SPLIT_YEARS = {2021: ["timeline/2021/02.md", "timeline/2021/undated.md"], 2024: ["timeline/2024/03.md"]}


def render(dataset, **options) -> dict:
    pages = list(rendered_pages(Renderer(REPO / "templates", **options), dataset))
    by_uri = {page.src_uri: page for page in pages}
    assert len(by_uri) == len(pages)  # no page made twice
    return by_uri


@pytest.fixture(scope="module")
def whole(dataset):
    return render(dataset)


@pytest.fixture(scope="module")
def split(dataset):
    return render(dataset, month_pages_above=1)


def entries_of(page_html: str) -> list[str]:
    """Each timeline entry of a page as its kind, its data attributes and its text, without its
    citation numbers and links (each page numbers its own sources and links from its own folder)."""
    found = []
    for item in lxml.html.fragment_fromstring(page_html, create_parent="div").xpath('//ol[@class="rb-timeline"]/li'):
        for cite in item.xpath('.//sup[@class="rb-cite"]'):
            cite.drop_tree()
        attributes = " ".join(f"{name}={value}" for name, value in sorted(item.attrib.items()))
        found.append(f"{attributes}: {item.text_content()}")
    return found


@pytest.mark.parametrize("src_uri", ["timeline/2021.md", "timeline/2021/02.md"])
def test_split_pages_match_golden(split, src_uri):
    assert_golden(
        f"timeline-by-month/{src_uri.removeprefix('timeline/').removesuffix('.md')}.html", split[src_uri].html
    )


def test_the_fixture_stays_whole_by_default_and_the_threshold_splits_only_years_above_it(whole, split, dataset):
    assert MONTH_PAGES_ABOVE > max(len(year_timeline(dataset, year)) for year in (2020, 2021, 2024))
    assert sorted(uri for uri in whole if uri.startswith("timeline/")) == [
        "timeline/2020.md",
        "timeline/2021.md",
        "timeline/2024.md",
        "timeline/index.md",
    ]
    assert sorted(uri for uri in split if uri.startswith("timeline/")) == sorted(
        [
            "timeline/2020.md",
            "timeline/2021.md",
            "timeline/2024.md",
            "timeline/index.md",
            *SPLIT_YEARS[2021],
            *SPLIT_YEARS[2024],
        ]
    )
    for uri in [*SPLIT_YEARS[2021], *SPLIT_YEARS[2024]]:
        assert (split[uri].in_nav, split[uri].source_path, split[uri].template) == (
            False,
            None,
            "timeline_month.html.j2",
        )
    assert [split[uri].title for uri in SPLIT_YEARS[2021]] == ["February 2021", "2021, month not reported"]


def test_a_year_at_or_under_the_threshold_is_byte_for_byte_as_before(dataset, whole, split):
    # 2020 has one entry: not more than a threshold of one. 2024 has two: not more than two.
    assert split["timeline/2020.md"].html == whole["timeline/2020.md"].html
    at_two = render(dataset, month_pages_above=2)
    assert at_two["timeline/2024.md"].html == whole["timeline/2024.md"].html
    assert "timeline/2024/03.md" not in at_two
    assert "timeline/2021/02.md" not in at_two and at_two["timeline/2021.md"].html == whole["timeline/2021.md"].html
    for year in (2020, 2021, 2024):
        assert '<h2 id="sources"' in whole[f"timeline/{year}.md"].html


def test_every_entry_of_a_split_year_is_on_exactly_one_month_page(whole, split):
    for year, month_pages in SPLIT_YEARS.items():
        everything = entries_of(whole[f"timeline/{year}.md"].html)
        # The year's own page lists its newest entries, in brief (tests/test_listing_pages.py).
        assert everything and len(entries_of(split[f"timeline/{year}.md"].html)) == len(everything)
        on_months = [entry for uri in month_pages for entry in entries_of(split[uri].html)]
        assert sorted(on_months) == sorted(everything)
        for uri in month_pages:
            month = uri.rsplit("/", 1)[1].removesuffix(".md")
            dates = re.findall(r'<time datetime="([^"]+)"', split[uri].html)
            assert dates and all(
                d == str(year) if month == "undated" else d.startswith(f"{year}-{month}") for d in dates
            ), (uri, dates)


def test_a_month_page_numbers_its_own_sources(split):
    page = split["timeline/2021/02.md"].html
    assert '<a href="#source-1">[1]</a>' in page and 'id="source-1"' in page and 'id="source-2"' not in page


def test_the_split_year_keeps_the_ids_of_its_month_headings(whole, split):
    for year in SPLIT_YEARS:
        headings = {anchor for anchor in anchor_ids(whole[f"timeline/{year}.md"].html) if anchor.startswith("month-")}
        assert headings and headings <= anchor_ids(split[f"timeline/{year}.md"].html)
    rows = re.findall(
        r'<tr id="([^"]+)"><td><a href="([^"]+)">([^<]+)</a></td> <td>(\d+)</td> <td>(\d+)</td>',
        split["timeline/2021.md"].html,
    )
    assert rows == [
        ("month-2021-02", "02/", "February 2021", "0", "1"),
        ("month-2021-undated", "undated/", "2021, month not reported", "1", "0"),
    ]
    assert {"timeline/2021/02.md", "timeline/2021/undated.md", "timeline/index.md"} <= split["timeline/2021.md"].links


def earlier_and_later(page_html: str) -> tuple[str | None, str | None]:
    found = {rel: href for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)">', page_html)}
    return found.get("prev"), found.get("next")


def test_earlier_and_later_months_chain_across_years(split):
    # Oldest first: May 2020 (on its whole year's page), 2021 undated, February 2021, March 2024.
    assert earlier_and_later(split["timeline/2021/undated.md"].html) == ("../../2020/#month-2020-05", "../02/")
    assert earlier_and_later(split["timeline/2021/02.md"].html) == ("../undated/", "../../2024/03/")
    assert earlier_and_later(split["timeline/2024/03.md"].html) == ("../../2021/02/", None)
    # Through the href filter: the build checks every one of them, anchor and all.
    assert {"timeline/2020.md#month-2020-05", "timeline/2021/02.md", "timeline/2021.md"} <= split[
        "timeline/2021/undated.md"
    ].links


@pytest.mark.build
def test_the_split_site_builds_strictly_with_month_pages_in_the_sitemap_and_out_of_search(tmp_path, monkeypatch):
    monkeypatch.setattr(prepare, "Renderer", functools.partial(Renderer, month_pages_above=1))
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = make_project(tmp_path / "project")
    site = tmp_path / "site"
    build(load_config(str(project / "mkdocs.yml"), site_dir=str(site), strict=True))
    month = (site / "timeline/2021/02/index.html").read_text(encoding="utf-8")
    assert "<title>February 2021 - " in month
    assert re.findall(r'<a href="(#[^"]+)" class="md-nav__link">', month) == ["#sources"]
    year = (site / "timeline/2021/index.html").read_text(encoding="utf-8")
    assert re.findall(r'<a href="(#[^"]+)" class="md-nav__link">', year) == ["#entries", "#months"]
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    for address in ("timeline/2021/", "timeline/2021/02/", "timeline/2021/undated/", "timeline/2024/03/"):
        assert f"/roundbook/{address}</loc>" in sitemap
    import json

    locations = {doc["location"] for doc in json.loads((site / "search/search_index.json").read_text())["docs"]}
    assert not [location for location in locations if location.startswith("timeline/2")]
    assert "timeline/2021/02/" not in (site / "index.html").read_text(encoding="utf-8")  # not in the nav
