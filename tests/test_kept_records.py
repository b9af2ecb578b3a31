"""The checked records an incremental build keeps (roundbook/site/incremental/kept_records.py): a
file whose bytes did not change is not read again, and its record is the one a cold read makes.

The builds themselves, with random edits, are compared with cold builds in test_incremental.py;
here the records alone, on a small fixture project, without MkDocs."""

from __future__ import annotations

import datetime as dt
import os
import pickle
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from conftest import TODAY, make_project
from roundbook.load import files as load_files
from roundbook.pipeline import check_content
from roundbook.schema.values import Items, Record, Text
from roundbook.site.incremental import kept_records
from roundbook.site.incremental.inputs import scan_content
from roundbook.site.incremental.kept_records import SHARDS, KeptRecords, shard_of
from roundbook.site.incremental.store import Cache, read_signed, signing_key, write_signed


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))  # the signing key lives here
    return make_project(tmp_path / "project")


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The content files read from now on, as problems name them."""
    read: list[str] = []
    real = load_files.read_file

    def counted(found, data, size, problems):
        read.append(found.shown)
        return real(found, data, size, problems)

    monkeypatch.setattr(load_files, "read_file", counted)
    return read


def build_once(project: Path, today: dt.date = TODAY):
    """What a build does with the records: take the kept ones, check the content, keep what it checked."""
    kept = KeptRecords(project, scan_content(project, "content", {}).records, today)
    checked = check_content(project, "content", today, known=kept.known())
    assert not checked.problems
    saves = kept.saves(checked.fresh)
    for save in saves:
        save()
    return checked, saves


def located(value):
    """A checked value with every mark in it: records kept must point where the file says."""
    if isinstance(value, Record):
        return (
            type(value).__name__,
            type(value.mark).__name__,
            value.mark,
            sorted(value.invalid),
            {key: located(item) for key, item in value.items()},
        )
    if isinstance(value, Items):
        return ("items", value.mark, [located(item) for item in value])
    if isinstance(value, Text):
        return (type(value).__name__, str(value), type(value.mark).__name__, value.mark)
    if is_dataclass(value):
        return (type(value).__name__, [(f.name, located(getattr(value, f.name))) for f in fields(value)])
    return value


def every_record(checked) -> dict[str, object]:
    entries = [*checked.organizations.values(), *checked.people.values(), *checked.rounds]
    return {entry.path: (entry.kind, entry.slug, entry.company, located(entry.record)) for entry in entries}


def round_file(project: Path) -> Path:
    return sorted((project / "content" / "rounds").rglob("*.yml"))[0]


def test_records_kept_by_one_build_are_taken_by_the_next_without_reading_their_files(project, reads):
    cold, saves = build_once(project)
    records = every_record(cold)
    assert len(saves) == len({shard_of(path) for path in records})  # each shard with a record, written once
    assert len(reads) == len(records) + 2  # every record, and the two reference tables
    reads.clear()
    warm, saves = build_once(project)
    assert sorted(reads) == ["content/reference/currency-rates.yml", "content/reference/sectors.yml"]
    assert every_record(warm) == records
    assert {entry.kind for entry, _ in warm.fresh} == {"sectors", "currency-rates"}  # tables are settings
    assert saves == []  # nothing changed: nothing written


def test_an_edited_file_is_read_again_and_only_its_shard_is_written(project, reads):
    build_once(project)
    edited = round_file(project)
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text.replace("title: ", "title: Edited ", 1), encoding="utf-8")
    shown = edited.relative_to(project).as_posix()
    reads.clear()
    checked, saves = build_once(project)
    assert shown in reads and len(reads) == 3
    assert len(saves) == 1
    (round_,) = [entry for entry in checked.rounds if entry.path == shown]
    assert any("Edited " in str(source.get("title", "")) for source in round_.record["sources"])
    reads.clear()
    again, _ = build_once(project)
    assert shown not in reads  # the edit was kept in its turn
    assert every_record(again) == every_record(checked)


def test_the_record_of_a_file_gone_leaves_its_shard(project):
    build_once(project)
    gone = round_file(project)
    shown = gone.relative_to(project).as_posix()
    gone.unlink()
    _, saves = build_once(project)
    assert len(saves) == 1
    shard = read_signed(project / ".roundbook-cache" / "site" / "records" / f"{shard_of(shown):02d}", signing_key())
    assert shown not in pickle.loads(shard[2])


def test_a_record_is_not_taken_on_a_day_before_the_one_it_was_checked(project, reads):
    # A clock set back: a date the record has may be in the future on that day.
    build_once(project)
    digests = scan_content(project, "content", {}).records
    assert KeptRecords(project, digests, TODAY - dt.timedelta(days=1)).known() == {}
    assert len(KeptRecords(project, digests, TODAY + dt.timedelta(days=400)).known()) == len(digests)


def test_records_of_other_code_are_not_taken(project, monkeypatch):
    build_once(project)
    digests = scan_content(project, "content", {}).records
    monkeypatch.setattr(kept_records, "installed_packages", lambda: ["pycountry-0.0.dist-info"])
    assert KeptRecords(project, digests, TODAY).known() == {}


class _Payload:
    def __reduce__(self):
        return (Path.touch, (Path(os.environ["XDG_CACHE_HOME"]) / "ran",))


def test_a_shard_this_users_builds_did_not_sign_is_never_unpickled(project):
    # A shard committed to a repository or copied from elsewhere: unpickled, it would run code.
    cold, _ = build_once(project)
    folder = project / ".roundbook-cache" / "site" / "records"
    for number in range(SHARDS):
        (folder / f"{number:02d}").write_bytes(b"\0" * 32 + pickle.dumps(_Payload()))
    digests = scan_content(project, "content", {}).records
    assert KeptRecords(project, digests, TODAY).known() == {}
    assert not (Path(os.environ["XDG_CACHE_HOME"]) / "ran").exists()
    warm, saves = build_once(project)  # read cold, and kept again
    assert every_record(warm) == every_record(cold) and len(saves) > 0


def test_the_records_of_a_shard_of_other_code_are_not_even_unpickled(project):
    # Signed by this user's builds, but by another version of Roundbook, whose classes are not these.
    build_once(project)
    records = pickle.dumps({"content/companies/x.yml": _Payload()})
    folder = project / ".roundbook-cache" / "site" / "records"
    for number in range(SHARDS):
        write_signed(folder / f"{number:02d}", signing_key(), (kept_records.FORMAT, "other code", records))
    digests = scan_content(project, "content", {}).records
    assert KeptRecords(project, digests, TODAY).known() == {}
    assert not (Path(os.environ["XDG_CACHE_HOME"]) / "ran").exists()


def test_a_signed_file_is_read_only_as_a_plain_file(tmp_path):
    key = b"k" * 32
    write_signed(tmp_path / "plain", key, ("value",))
    assert read_signed(tmp_path / "plain", key) == ("value",)
    assert read_signed(tmp_path / "plain", b"other key" * 4) is None
    (tmp_path / "link").symlink_to(tmp_path / "plain")
    assert read_signed(tmp_path / "link", key) is None
    os.mkfifo(tmp_path / "pipe")  # no writer: reading it would wait for ever
    assert read_signed(tmp_path / "pipe", key) is None
    assert read_signed(tmp_path / "missing", key) is None


def test_records_that_cannot_be_written_do_not_fail_the_build(project):
    cache = project / ".roundbook-cache" / "site"
    cache.mkdir(parents=True)
    (cache / "records").write_text("a file where the folder would be")
    cold, saves = build_once(project)
    assert saves and (cache / "records").read_text() == "a file where the folder would be"
    warm, _ = build_once(project)
    assert every_record(warm) == every_record(cold)


def test_records_that_do_not_pickle_are_not_kept_and_fail_nothing(project, monkeypatch, reads):
    def refuses(*args, **kwargs):
        raise pickle.PicklingError("a value that does not pickle")

    dumps = pickle.dumps
    monkeypatch.setattr(kept_records.pickle, "dumps", refuses)
    cold, saves = build_once(project)
    assert saves and not (project / ".roundbook-cache" / "site" / "records").exists()
    monkeypatch.setattr(kept_records.pickle, "dumps", dumps)
    reads.clear()
    assert every_record(build_once(project)[0]) == every_record(cold)
    assert len(reads) == len(every_record(cold)) + 2  # nothing was kept: every file read again


def test_the_cache_is_not_used_when_its_records_folder_is_a_link(project, tmp_path):
    # Committed as a link, the folder would have the build write its shards wherever it points.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".roundbook-cache" / "site").mkdir(parents=True)
    (project / ".roundbook-cache" / "site" / "records").symlink_to(elsewhere)
    assert Cache(project).lock() == ".roundbook-cache/site/records is a symbolic link"
