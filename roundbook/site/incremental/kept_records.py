"""The checked records an incremental build keeps for the next one, so that a file whose bytes did
not change is not read, parsed and checked again.

At 10,000 companies, reading the 65,000 record files into YAML trees and checking each against
its kind took about 11 s of every build, after an edit to one of them as after a change to all.
Each record that passed its own checks is kept in `.roundbook-cache/site/records/`, under the
SHA-256 of its bytes and the day it was checked. The next build takes it from there when the scan
of the content (inputs.py) gives its file the same digest, on that day or a later one: its own
checks depend on nothing else but its place (its path, kept with it) and Roundbook's code (the
store's fingerprint), and the one check the day changes, a date in the future, never finds on a
later day what it did not find before. The checks between files (references, slugs taken twice)
run on every build, over every record, kept or read.

The records are pickled, signed with the key of the site cache (store.py): a file there that this
user's builds did not write is never unpickled. They are spread over `SHARDS` files by a hash of
their paths, so that an edit writes one of them again, not all.
"""

from __future__ import annotations

import datetime as dt
import pickle
import zlib
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from pathlib import Path

from roundbook.content_cache import CACHE_FOLDER, code_fingerprint
from roundbook.schema.values import Record
from roundbook.site.incremental.inputs import Digest, installed_packages
from roundbook.site.incremental.store import RECORDS, SITE_CACHE, read_signed, signing_key, write_signed
from roundbook.validate import CheckedFile

FORMAT = 1
SHARDS = 64  # files: at 10,000 companies about 1 MB each, a few hundredths of a second to write again
KEPT_KINDS = frozenset({"organization", "person", "round"})  # the reference tables are settings (inputs.py)

Entry = tuple[str, int, Record]  # the digest of the file's bytes, the day checked (an ordinal), the record


def shard_of(path: str) -> int:
    """The shard a file's record is kept in: the same in every process and on every run."""
    return zlib.crc32(path.encode("utf-8", "surrogatepass")) % SHARDS


class KeptRecords:
    """The records kept by the last builds, for this one (see the module's docstring)."""

    def __init__(self, root: Path, digests: Mapping[str, str], today: dt.date) -> None:
        """`digests`: the scan's digest of every record file now, by path as problems name it."""
        self.folder = root / CACHE_FOLDER / SITE_CACHE / RECORDS
        self.digests = digests
        self.today = today
        # What a record's own checks depend on besides its file: Roundbook's code and the packages
        # the checks use (pycountry's country codes, PyYAML), as the settings key covers them.
        self.fingerprint = Digest("kept records", code_fingerprint(), installed_packages()).hexdigest()
        self.key = signing_key()
        self.shards: list[dict[str, Entry]] = [self._read(number) for number in range(SHARDS)]

    def _path(self, number: int) -> Path:
        return self.folder / f"{number:02d}"

    def _read(self, number: int) -> dict[str, Entry]:
        # The records are pickled inside the shard: those of other code are not even unpickled.
        found = read_signed(self._path(number), self.key)
        if not isinstance(found, tuple) or len(found) != 3 or found[:2] != (FORMAT, self.fingerprint):
            return {}  # none yet, or kept by another version of Roundbook
        try:
            entries = pickle.loads(found[2])
        except Exception:  # signed, so ours: but a shard cut short is no error, only no records
            return {}
        return entries if isinstance(entries, dict) else {}

    def _current(self, path: str, entry: Entry) -> bool:
        digest, checked_on, _ = entry
        return self.digests.get(path) == digest and checked_on <= self.today.toordinal()

    def known(self) -> dict[str, Record]:
        """The kept records that hold for the files as the scan found them, today, by path."""
        return {path: entry[2] for shard in self.shards for path, entry in shard.items() if self._current(path, entry)}

    def saves(self, fresh: Iterable[tuple[CheckedFile, str]]) -> list[Callable[[], None]]:
        """A call per shard that changed, which writes it again: its records that still hold, and
        `fresh`, the records checked now with the digests of the bytes they were read from."""
        changed: dict[int, dict[str, Entry]] = {}
        today = self.today.toordinal()
        for checked, digest in fresh:
            if checked.kind not in KEPT_KINDS:
                continue
            number = shard_of(checked.path)
            if number not in changed:
                changed[number] = self._still_current(number)
            changed[number][checked.path] = (digest, today, checked.record)
        for number, shard in enumerate(self.shards):
            if number not in changed and len(current := self._still_current(number)) != len(shard):
                changed[number] = current  # files gone or changed: their records go
        return [partial(self._write, number, entries) for number, entries in sorted(changed.items())]

    def _still_current(self, number: int) -> dict[str, Entry]:
        return {path: entry for path, entry in self.shards[number].items() if self._current(path, entry)}

    def _write(self, number: int, entries: dict[str, Entry]) -> None:
        """Keeping records is a nicety: a cache that cannot be written (a full disk, a read-only
        folder), or a record that does not pickle, never fails the build nor shows a traceback;
        the next build reads those files again."""
        try:
            records = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
            write_signed(self._path(number), self.key, (FORMAT, self.fingerprint, records))
        except (OSError, pickle.PicklingError, RecursionError):
            pass
