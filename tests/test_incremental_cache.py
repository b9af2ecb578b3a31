"""The incremental build's cache (roundbook/site/incremental/store.py): what it trusts, and what it lets go."""

from __future__ import annotations

import concurrent.futures
import os
import pickle
import time
from pathlib import Path

import pytest

from roundbook.site.incremental.inputs import scan_content
from roundbook.site.incremental.manifest import FileRecord, Manifest
from roundbook.site.incremental.store import FORMAT, Cache, digest_of


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Cache:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the signing key lives here
    opened = Cache(tmp_path / "project")
    assert opened.lock() is None
    yield opened
    opened.unlock()


def manifest_with(cache: Cache, *contents: bytes) -> Manifest:
    manifest = Manifest(settings="s", everything="e", history_key="h", history=None)
    for index, content in enumerate(contents):
        source = cache.top.parent / f"file-{index}"
        source.write_bytes(content)
        manifest.files[f"f{index}"] = FileRecord("fp", cache.keep_file(source, digest_of(content)))
    return manifest


def test_a_manifest_is_read_back_only_as_this_users_builds_wrote_it(cache):
    cache.commit("k", manifest_with(cache, b"one"), ["x"])
    assert cache.load("k").files["f0"].blob.digest == digest_of(b"one")
    path = cache.manifest_path("k")
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    path.write_bytes(bytes(data))
    assert cache.load("k") is None


class _Payload:
    def __reduce__(self):
        return (Path.touch, (Path(os.environ["XDG_CACHE_HOME"]) / "ran",))


def test_a_pickle_the_cache_did_not_sign_is_never_unpickled(cache):
    # A manifest committed to a repository or copied from elsewhere: read, it would run code.
    path = cache.manifest_path("k")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * 32 + pickle.dumps((FORMAT, _Payload())))
    assert cache.load("k") is None
    assert not (Path(os.environ["XDG_CACHE_HOME"]) / "ran").exists()


def test_a_blob_written_over_in_place_is_not_trusted(cache):
    blob = manifest_with(cache, b"page").files["f0"].blob
    assert cache.intact(blob)
    time.sleep(0.01)  # a later modification time, on any file system's clock
    with open(cache.blob_path(blob.digest), "r+b") as handle:  # as a write into the site's hard link would
        handle.write(b"PAGE")
    assert not cache.intact(blob)


def test_blobs_go_when_no_kept_manifest_names_them(cache):
    old = manifest_with(cache, b"old", b"shared")
    cache.commit("k", old, old.blob_digests())
    other = manifest_with(cache, b"served")  # `mkdocs serve`'s, under its own settings
    cache.commit("serve", other, other.blob_digests())
    new = manifest_with(cache, b"shared", b"new")
    cache.commit("k", new, new.blob_digests(), replaced=old.blob_digests())
    assert not Path(cache.blob_path(digest_of(b"old"))).exists()
    for kept in (b"shared", b"new", b"served"):
        assert Path(cache.blob_path(digest_of(kept))).exists()


def test_a_second_build_does_without_the_cache_while_one_holds_it(cache):
    second = Cache(cache.top.parent)
    assert second.lock() == "another build is using .roundbook-cache/"
    cache.unlock()
    assert second.lock() is None
    second.unlock()


@pytest.mark.parametrize(
    "linked",
    [".roundbook-cache", ".roundbook-cache/site", ".roundbook-cache/site/blobs", ".roundbook-cache/site/blobs/ab"],
)
def test_a_cache_folder_that_is_a_link_is_not_used(tmp_path, monkeypatch, linked):
    # Committed by a pull request, a link would have the build's sweep delete files wherever it points.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "site" / "blobs" / "ab").mkdir(parents=True)
    kept = elsewhere / "site" / "blobs" / "ab" / "precious"
    kept.write_text("not the cache's\n")
    project = tmp_path / "project"
    link = project / linked
    link.parent.mkdir(parents=True, exist_ok=True)
    # .roundbook-cache points at elsewhere, .roundbook-cache/site at elsewhere/site, and so on.
    link.symlink_to(elsewhere.joinpath(*linked.split("/")[1:]))
    cache = Cache(project)
    assert cache.lock() == f"{linked} is a symbolic link"
    assert kept.read_text() == "not the cache's\n"


def test_the_scan_hashes_only_files_that_changed(tmp_path):
    content = tmp_path / "content"
    (content / "companies").mkdir(parents=True)
    (content / "reference").mkdir()
    record, table = content / "companies" / "acme.yml", content / "reference" / "sectors.yml"
    record.write_text("name: Acme\n")
    table.write_text("sectors: {}\n")
    later = time.time_ns() + 10_000_000_000  # a scan well after the files changed: their stats stand for them
    first = scan_content(tmp_path, "content", {}, now_ns=later)
    assert first.records == {"content/companies/acme.yml": digest_of(b"name: Acme\n")}
    assert first.others == {"content/reference/sectors.yml": digest_of(b"sectors: {}\n")}
    # A stat that did not change stands for the digest: a stale digest in the last scan shows it.
    stale = {path: (stat, "stale") for path, (stat, _) in first.stats.items()}
    assert scan_content(tmp_path, "content", stale).records["content/companies/acme.yml"] == "stale"
    record.write_text("name: Acme Robotics\n")
    second = scan_content(tmp_path, "content", stale)
    assert second.records["content/companies/acme.yml"] == digest_of(b"name: Acme Robotics\n")
    # Changed within the instant of the scan, its stat cannot stand for it: the next scan hashes it.
    assert "content/companies/acme.yml" not in second.stats


def test_the_scan_never_reads_a_fifo_in_the_content(tmp_path):
    # Opening a FIFO to hash it would wait for a writer that never comes: the build would hang.
    (tmp_path / "content" / "pages").mkdir(parents=True)
    os.mkfifo(tmp_path / "content" / "pages" / "pipe.md")
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        scanning = pool.submit(scan_content, tmp_path, "content", {})
        try:
            scan = scanning.result(timeout=10)
        except TimeoutError:
            with open(tmp_path / "content" / "pages" / "pipe.md", "wb"):
                pass  # a writer, so that the stuck reader returns and the test ends
            raise AssertionError("the scan opened the FIFO and waited") from None
    assert scan.others["content/pages/pipe.md"].startswith("special:")


def test_a_plugin_the_cache_knows_nothing_of_turns_it_off(tmp_path):
    # Material's tags plugin, say, collects every page's tags as MkDocs builds it: pages the cache
    # gives would be missing from its index.
    from mkdocs.config import load_config

    from roundbook.site.incremental.builds import other_plugins

    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"
    plugins = "plugins:\n  - roundbook\n  - search\n  - material/offline:\n      enabled: false\n"
    config_file.write_text(f"site_name: Test\ntheme:\n  name: material\n{plugins}", encoding="utf-8")
    assert other_plugins(load_config(str(config_file))) == []
    config_file.write_text(f"site_name: Test\ntheme:\n  name: material\n{plugins}  - material/tags\n", encoding="utf-8")
    assert other_plugins(load_config(str(config_file))) == ["material/tags"]


def test_bytes_the_last_build_stored_are_not_stored_again_unless_their_blob_changed(cache):
    # A build writes again many files whose bytes did not change (Pagefind's bundle, the pages in
    # the nav): the last build's blob of those bytes stays, as long as it is as it was stored.
    stored = manifest_with(cache, b"fragment").files["f0"].blob
    blob_file = Path(cache.blob_path(stored.digest))
    before = blob_file.stat().st_ino
    again = cache.top.parent / "written-again"
    again.write_bytes(b"fragment")
    next_build = Cache(cache.top.parent)
    next_build.trust_stored([stored])
    assert next_build.keep_file(again, stored.digest) == stored
    assert blob_file.stat().st_ino == before

    # Written over in place (through a hard link from a site), the blob is not trusted: it goes.
    fresh = Cache(cache.top.parent)
    fresh.trust_stored([stored])
    time.sleep(0.01)  # a later modification time, on any file system's clock
    with open(blob_file, "r+b") as handle:
        handle.write(b"FRAG")
    kept = fresh.keep_file(again, stored.digest)
    assert blob_file.read_bytes() == b"fragment"
    assert kept.mtime_ns != stored.mtime_ns


def test_a_commit_reads_what_the_other_manifest_names_from_its_list_of_digests(cache, monkeypatch):
    serve, build = "5" * 64, "b" * 64  # settings keys, as inputs.py makes them
    served = manifest_with(cache, b"served")  # `mkdocs serve`'s, under its own settings
    cache.commit(serve, served, served.blob_digests())
    monkeypatch.setattr(cache, "load", lambda key: pytest.fail("a whole manifest was read"))
    built = manifest_with(cache, b"built")
    cache.commit(build, built, built.blob_digests())
    monkeypatch.undo()
    assert Path(cache.blob_path(digest_of(b"served"))).exists()

    # Without its list (a cache from before them), the manifest itself says what it names.
    cache.manifests.joinpath(f"{serve}.blobs").unlink(missing_ok=True)
    rebuilt = manifest_with(cache, b"rebuilt")
    cache.mark_pending()  # a sweep: every blob that no kept manifest names goes
    cache.commit(build, rebuilt, rebuilt.blob_digests())
    assert Path(cache.blob_path(digest_of(b"served"))).exists()
    assert not Path(cache.blob_path(digest_of(b"built"))).exists()
