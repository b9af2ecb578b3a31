"""Atom feeds: valid for a real feed parser, newest first, each entry at an anchor that exists."""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest

from conftest import FIXTURE_HISTORY, assert_golden
from roundbook.export import SiteInfo
from roundbook.export.feed import feed_files, published
from roundbook.history import Freshness

SITE = SiteInfo(url="https://example.org/tracker/", name="Test Tracker")
ATOM = "{http://www.w3.org/2005/Atom}"
BUILT_SITE_URL = "https://roundbook.github.io/roundbook/"


@pytest.fixture(scope="module")
def feeds(dataset) -> dict[str, bytes]:
    return {f.path: f.content for f in feed_files(dataset, SITE, Freshness(dataset, FIXTURE_HISTORY))}


def required_elements_present(xml: bytes) -> None:
    """What RFC 4287 requires: a feed id, title, updated and author; each entry an id, title,
    updated and alternate link; ids unique."""
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    ids = [root.findtext(f"{ATOM}id")]
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "link"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))


def test_one_feed_for_the_site_and_one_per_organization(feeds):
    assert sorted(feeds) == [
        "feeds/companies/acme-robotics.xml",
        "feeds/companies/beta-labs.xml",
        "feeds/companies/delta-group.xml",
        "feeds/companies/gamma-ventures.xml",
        "feeds/rounds.xml",
    ]


@pytest.mark.parametrize(
    "path", ["feeds/rounds.xml", "feeds/companies/acme-robotics.xml", "feeds/companies/gamma-ventures.xml"]
)
def test_feeds_are_the_golden_ones(feeds, path):
    assert_golden(f"open-data/{path}", feeds[path].decode("utf-8"))


def test_a_feed_parser_reads_every_feed_without_complaint(feeds):
    for path, xml in feeds.items():
        parsed = feedparser.parse(xml)
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        required_elements_present(xml)


def test_entries_are_newest_first_and_link_to_round_anchors(feeds, dataset):
    parsed = feedparser.parse(feeds["feeds/rounds.xml"])
    assert [e.link for e in parsed.entries] == [
        "https://example.org/tracker/companies/acme-robotics/#round-2024-03-series-b",
        "https://example.org/tracker/companies/beta-labs/#round-2024-03-seed",
        "https://example.org/tracker/companies/acme-robotics/#round-2021-seed",
    ]
    assert [e.published for e in parsed.entries] == [
        "2024-03-12T00:00:00+00:00",
        "2024-03-01T00:00:00+00:00",
        "2021-01-01T00:00:00+00:00",
    ]
    assert parsed.entries[0].title == "Acme Robotics: Series B, CN¥720M ($100M in US dollars)"
    # The Series B file was corrected in May: the entry says so, and so does the feed.
    assert [e.updated for e in parsed.entries] == [
        "2024-05-06T12:30:00+00:00",
        "2024-03-01T00:00:00+00:00",
        "2021-01-01T00:00:00+00:00",
    ]
    assert parsed.feed.updated == "2024-05-06T12:30:00+00:00"
    assert {link.rel: link.href for link in parsed.feed.links} == {
        "self": "https://example.org/tracker/feeds/rounds.xml",
        "alternate": "https://example.org/tracker/",
    }


def test_a_partial_date_maps_to_the_first_instant_it_can_mean(dataset):
    by_id = {r.id: r for r in dataset.rounds}
    assert published(by_id["2021-seed"]).isoformat() == "2021-01-01T00:00:00+00:00"
    assert published(by_id["2024-03-seed"]).isoformat() == "2024-03-01T00:00:00+00:00"
    assert published(by_id["2024-03-series-b"]).isoformat() == "2024-03-12T00:00:00+00:00"


def test_an_empty_company_feed_is_dated_by_its_profile_or_not_at_all(dataset, feeds):
    gamma = feedparser.parse(feeds["feeds/companies/gamma-ventures.xml"])
    assert gamma.entries == [] and gamma.feed.updated == "1970-01-01T00:00:00+00:00"  # no history for its file
    dataset.organizations["gamma-ventures"].source_path = "content/people/jane-roe.yml"  # borrow a dated file
    xml = {f.path: f.content for f in feed_files(dataset, SITE, Freshness(dataset, FIXTURE_HISTORY))}
    assert feedparser.parse(xml["feeds/companies/gamma-ventures.xml"]).feed.updated == "2024-03-20T08:00:00+00:00"
    dataset.organizations["gamma-ventures"].source_path = "content/companies/gamma-ventures.yml"


def test_contributor_text_stays_text_in_the_feed(dataset):
    dataset.organizations["acme-robotics"].name = "<script>alert(1)</script> & Co"
    xml = {f.path: f.content for f in feed_files(dataset, SITE)}["feeds/companies/acme-robotics.xml"]
    assert b"<script>" not in xml and b"&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in xml
    assert not feedparser.parse(xml).bozo
    dataset.organizations["acme-robotics"].name = "Acme Robotics"


# On the built site.


def site_file(site: Path, url: str) -> Path:
    """The file a URL of the built fixture site is served from."""
    path = urlsplit(url).path.removeprefix(urlsplit(BUILT_SITE_URL).path)
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def test_the_built_feed_parses_and_its_newest_entry_links_to_an_anchor_that_exists(fixture_site: Path):
    parsed = feedparser.parse((fixture_site / "feeds/rounds.xml").read_bytes())
    assert not parsed.bozo and parsed.version == "atom10"
    assert len(parsed.entries) == 3
    dates = [e.published for e in parsed.entries]
    assert dates == sorted(dates, reverse=True)
    newest = parsed.entries[0].link
    assert newest == f"{BUILT_SITE_URL}companies/acme-robotics/#round-2024-03-series-b"
    anchor = urlsplit(newest).fragment
    assert f'id="{anchor}"' in site_file(fixture_site, newest).read_text(encoding="utf-8")
    for entry in parsed.entries:
        assert f'id="{urlsplit(entry.link).fragment}"' in site_file(fixture_site, entry.link).read_text(
            encoding="utf-8"
        )


def test_every_company_feed_in_the_built_site_parses(fixture_site: Path):
    paths = sorted((fixture_site / "feeds/companies").glob("*.xml"))
    assert len(paths) == 4
    for path in paths:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path
        required_elements_present(path.read_bytes())
    acme = feedparser.parse((fixture_site / "feeds/companies/acme-robotics.xml").read_bytes())
    assert [urlsplit(e.link).fragment for e in acme.entries] == ["round-2024-03-series-b", "round-2021-seed"]


def alternates(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<link rel="alternate " type="([^"]+)" title="[^"]*" href="([^"]+)">', html)


def test_pages_announce_their_feeds_in_the_head(fixture_site: Path):
    for page in ("index.html", "about/index.html", "companies/acme-robotics/index.html"):
        html = (fixture_site / page).read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        found = alternates(head)
        assert ("application/atom+xml", posixpath.relpath("feeds/rounds.xml", posixpath.dirname(page))) in found, page
        for _, href in found:  # every announced file exists
            assert (fixture_site / posixpath.dirname(page) / href).resolve().is_file(), (page, href)
    acme = alternates((fixture_site / "companies/acme-robotics/index.html").read_text(encoding="utf-8"))
    assert acme == [
        ("application/atom+xml", "../../feeds/rounds.xml"),
        ("application/atom+xml", "../../feeds/companies/acme-robotics.xml"),
    ]
