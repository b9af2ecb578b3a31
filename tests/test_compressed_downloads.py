"""The plugin's compress_downloads option: the bulk files (the CSV downloads and the JSON API's
three lists) are published gzipped, as the same bytes as without it, and every link and the
API's index name the compressed files; everything else stays as it is."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import replace

import pytest

from conftest import FIXTURE_CONTENT, FIXTURE_HISTORY, TODAY, mkdocs_build
from roundbook.export import SiteInfo, open_data_files
from roundbook.history import Freshness
from roundbook.pipeline import load_dataset

SITE = SiteInfo(url="https://example.org/tracker/", name="Test Tracker")
BULK = [
    "api/v2/companies.json",
    "api/v2/people.json",
    "api/v2/rounds.json",
    "data/companies.csv",
    "data/investments.csv",
    "data/rounds.csv",
]


@pytest.fixture(scope="module")
def both() -> tuple[dict[str, bytes], dict[str, bytes]]:
    """The open data files without the option and with it."""
    dataset, problems = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    assert not problems
    freshness = Freshness(dataset, FIXTURE_HISTORY)
    plain = {f.path: f.content for f in open_data_files(dataset, SITE, freshness)}
    compressed = {
        f.path: f.content for f in open_data_files(dataset, replace(SITE, compress_downloads=True), freshness)
    }
    return plain, compressed


def test_bulk_files_are_gzipped_copies_of_the_plain_ones(both):
    plain, compressed = both
    assert sorted(path for path in compressed if path.endswith(".gz")) == [f"{path}.gz" for path in BULK]
    assert [path for path in BULK if path in compressed] == []
    for path in BULK:
        assert gzip.decompress(compressed[f"{path}.gz"]) == plain[path]


def test_the_compressed_files_are_reproducible(both):
    """No time and no file name in the gzip header: the same data gives the same bytes."""
    _, compressed = both
    for path in BULK:
        content = compressed[f"{path}.gz"]
        assert content[:4] == b"\x1f\x8b\x08\x00"  # gzip, deflate, no flags: no file name stored
        assert content[4:8] == b"\x00\x00\x00\x00"  # no modification time


def test_every_other_file_is_unchanged_but_the_index(both):
    plain, compressed = both
    others = {path for path in plain if path not in BULK}
    assert others == {path for path in compressed if not path.endswith(".gz")}
    assert [path for path in sorted(others) if plain[path] != compressed[path]] == ["api/v2/index.json"]
    index = json.loads(compressed["api/v2/index.json"])
    assert index["endpoints"] == {
        name: f"https://example.org/tracker/api/v2/{name}.json.gz" for name in ("companies", "people", "rounds")
    }
    assert {**index, "endpoints": None} == {**json.loads(plain["api/v2/index.json"]), "endpoints": None}


@pytest.mark.build
def test_a_site_that_compresses_links_the_compressed_files(project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      api_v1: true\n" in text
    config.write_text(
        text.replace("      api_v1: true\n", "      api_v1: true\n      compress_downloads: true\n"), encoding="utf-8"
    )
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr  # --strict: every link the pages make goes to a file
    site = project / "site"
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.gz") if p.name != "sitemap.xml.gz") == [
        f"{path}.gz" for path in BULK
    ]
    assert [path for path in BULK if (site / path).exists()] == []
    # Version 1 is frozen: its lists stay plain.
    assert (site / "api/v1/rounds.json").is_file()

    def bulk_links(page: str) -> list[str]:
        html = (site / page).read_text(encoding="utf-8")
        names = {path.rsplit("/", 1)[1] for path in BULK}
        return [
            href
            for href in re.findall(r'href="([^"#]+)"', html)
            if href.rsplit("/", 1)[-1].removesuffix(".gz") in names
        ]

    assert bulk_links("data/index.html") == [
        "rounds.csv.gz",
        "investments.csv.gz",
        "companies.csv.gz",
        "../api/v2/companies.json.gz",
        "../api/v2/people.json.gz",
        "../api/v2/rounds.json.gz",
    ]
    assert bulk_links("index.html") == ["data/rounds.csv.gz", "api/v2/rounds.json.gz"]
    assert bulk_links("companies/index.html") == [
        "../data/companies.csv.gz",
        "../data/rounds.csv.gz",
        "../data/investments.csv.gz",
        "../api/v2/companies.json.gz",
    ]
    assert bulk_links("people/index.html") == ["../api/v2/people.json.gz"]
    data_page = (site / "data/index.html").read_text(encoding="utf-8")
    assert "This site publishes them compressed with gzip" in data_page
    assert 'pandas.read_csv("rounds.csv.gz"' in data_page
    assert '<a href="rounds.csv.gz">rounds.csv.gz</a>' in data_page


def test_the_build_says_when_plain_bulk_files_are_worth_gzipping(both, tmp_path):
    from roundbook.site.memory import spool_files
    from roundbook.site.open_data import BULK_NOTE_FROM, bulk_downloads_note

    dataset, _ = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    outputs = spool_files(str(tmp_path), open_data_files(dataset, SITE, Freshness(dataset, FIXTURE_HISTORY)))
    assert sorted(output.path for output in outputs if output.bulk) == BULK
    assert {output.path: output.size for output in outputs} == {path: len(content) for path, content in both[0].items()}
    assert bulk_downloads_note(outputs, SITE) is None  # a few kilobytes: not worth a word
    # Six bulk files of 10 MB each: 60 MB.
    large = [replace(output, size=10_000_000) if output.bulk else output for output in outputs]
    assert BULK_NOTE_FROM <= 60_000_000
    assert bulk_downloads_note(large, SITE) == (
        "Roundbook: the CSV downloads and the JSON API's lists take 60 MB; "
        "compress_downloads: true under the roundbook plugin in mkdocs.yml publishes them gzipped, "
        "about a tenth of that (Roundbook's documentation: Scale)"
    )
    assert bulk_downloads_note(large, replace(SITE, compress_downloads=True)) is None
