"""The cache that incremental builds reuse: where it lives, how it is versioned, what it holds.

`.roundbook-cache/site/` beside mkdocs.yml (the cache folder is git-ignored), the one place this
module answers for:

- `blobs/ab/abcd…`: every page and file a build wrote, named by the SHA-256 of its bytes. A build
  links each one into the site folder (a hard link where the file system allows, a copy where it
  does not), and links what it wrote itself back in: a site and the cache share their bytes.
- `manifests/<settings key>`: what the last build with those settings made, and from which
  inputs (a Manifest, roundbook/site/incremental/manifest.py). The key covers everything but the
  records (roundbook/site/incremental/inputs.py), so `mkdocs serve`, whose site_url is the local
  address, and `mkdocs build` keep a manifest each instead of undoing each other's.
- `records/00` to `records/63`: the checked records of the content files, which the next build
  takes instead of reading the files again (roundbook/site/incremental/kept_records.py).

A blob is trusted only while its size and modification time are those it was stored with: a
file of a built site written over in place (the same inode as its blob), or a blob that arrived
some other way (a checkout, a copy), is not reused. A manifest is signed with a key that stays
outside the project, in the user's cache folder, as are the kept records: one that this user's
builds did not write (one committed to a repository, copied from elsewhere) is never unpickled. The format number below
ends every older cache: a cache Roundbook cannot read is ignored, never an error. Two builds of
one project at a time share it through a lock; the second builds without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from roundbook.content_cache import CACHE_FOLDER, read_plain_file
from roundbook.user_cache import user_cache_folder

SITE_CACHE = "site"  # this cache's part of the folder; other caches keep theirs beside it
# What a cache of another Roundbook could not be read as: raised, the older cache is ignored.
FORMAT = 1
MANIFESTS_KEPT = 2  # the settings of `mkdocs build` and of `mkdocs serve`
RECORDS = "records"  # the checked records kept between builds (roundbook/site/incremental/kept_records.py)
_PENDING = "pending"  # a marker: blobs were written that no manifest may name (a build stopped midway)


@dataclass(frozen=True)
class Blob:
    """Stored bytes: their SHA-256, size and the modification time of the stored file."""

    digest: str
    size: int
    mtime_ns: int


def digest_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest_of_file(path: Path | str) -> str:
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


class Cache:
    """One project's cache folder, opened for one build."""

    def __init__(self, project_root: Path) -> None:
        self.top = project_root / CACHE_FOLDER
        self.folder = self.top / SITE_CACHE
        self.blobs = self.folder / "blobs"
        self._blobs = str(self.blobs)
        self.manifests = self.folder / "manifests"
        self.records = self.folder / RECORDS
        self._lock: int | None = None
        self._key = b""  # read when the cache is locked for a build
        self._kept: dict[str, Blob] = {}  # stored by this build, which keeps one copy of equal bytes
        self._stored: dict[str, Blob] = {}  # stored by the last build, as its manifest says (trust_stored)

    # --- the lock -------------------------------------------------------------------------------

    def lock(self) -> str | None:
        """Hold the cache for this build: None, or why this build must do without it."""
        if (linked := self._linked_folder()) is not None:
            return f"{linked.relative_to(self.top.parent).as_posix()} is a symbolic link"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._write_ignore_file()
            self._key = signing_key()
        except OSError as error:
            return f"{CACHE_FOLDER}/ cannot be written ({error.strerror or error})"
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no lock, and builds rarely overlap there
            return None
        try:
            handle = os.open(self.folder / "lock", os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            return f"{CACHE_FOLDER}/ cannot be written ({error.strerror or error})"
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(handle)
            return f"another build is using {CACHE_FOLDER}/"
        self._lock = handle
        return None

    def _linked_folder(self) -> Path | None:
        """A folder of the cache that is a symbolic link, if any. The cache writes, links and sweeps
        files in its folders: one committed as a link (by a pull request, say) would have the build
        write into, or delete from, wherever it points."""
        for folder in (self.top, self.folder, self.blobs, self.manifests, self.records):
            if folder.is_symlink():
                return folder
        if self.blobs.is_dir():
            for entry in os.scandir(self.blobs):
                if entry.is_symlink():
                    return Path(entry.path)
        return None

    def unlock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing lets the lock go
            self._lock = None

    def _write_ignore_file(self) -> None:
        """Git ignores the folder even in a project whose .gitignore does not name it."""
        ignore = self.top / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# Roundbook's build cache (roundbook/site/incremental/store.py)\n*\n", encoding="utf-8")

    # --- blobs ----------------------------------------------------------------------------------

    def blob_path(self, digest: str) -> str:
        # A string: a build asks for tens of thousands of these, and pathlib's were most of the time.
        return os.path.join(self._blobs, digest[:2], digest)

    def intact(self, blob: Blob) -> bool:
        """Whether the blob is there as it was stored."""
        try:
            stat = os.stat(self.blob_path(blob.digest))
        except OSError:
            return False
        return stat.st_size == blob.size and stat.st_mtime_ns == blob.mtime_ns

    def trust_stored(self, blobs: Iterable[Blob]) -> None:
        """The blobs of the last build's manifest: a file with the bytes of one that is still intact
        is not stored again. Each build writes again files whose bytes did not change (Pagefind's
        whole bundle after any edit, the pages in the nav), and replacing each blob with the new
        file was most of the time it took to keep them (1,000 companies: 1,456 renames, 0.6 s)."""
        self._stored = {blob.digest: blob for blob in blobs}

    def keep_file(self, source: Path | str, digest: str) -> Blob:
        """Store the file `source`, whose bytes have `digest`: linked where it can be, else copied.
        A blob of that name that is another file goes, unless the last build stored it and it is
        intact: otherwise its bytes were not checked."""
        if digest in self._kept:
            return self._kept[digest]
        stored = self._stored.get(digest)
        if stored is not None and self.intact(stored):
            self._kept[digest] = stored
            return stored
        target = Path(self.blob_path(digest))
        try:
            same = os.path.samefile(source, target)
        except OSError:
            same = False
        if not same:
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f"{target.name}.{os.getpid()}.new")
            try:
                os.link(source, temporary)
            except FileExistsError:
                os.unlink(temporary)
                os.link(source, temporary)
            except OSError:
                shutil.copyfile(source, temporary)
            os.replace(temporary, target)
        return self._remember(digest)

    def keep_bytes(self, data: bytes) -> Blob:
        digest = digest_of(data)
        if digest in self._kept:
            return self._kept[digest]
        target = Path(self.blob_path(digest))
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as temporary:
            temporary.write(data)
        os.replace(temporary.name, target)
        return self._remember(digest)

    def _remember(self, digest: str) -> Blob:
        stat = os.stat(self.blob_path(digest))
        self._kept[digest] = Blob(digest, stat.st_size, stat.st_mtime_ns)
        return self._kept[digest]

    def mark_pending(self) -> None:
        """Blobs are about to be written: if the build stops before its manifest, the next one sweeps."""
        (self.folder / _PENDING).touch()

    # --- manifests ------------------------------------------------------------------------------

    def manifest_path(self, key: str) -> Path:
        return self.manifests / key

    def load(self, key: str) -> Any | None:
        """The manifest stored under `key`, or None: none, another format, not signed by this
        user's builds, or unreadable."""
        found = self.read_signed(self.manifest_path(key))
        if not isinstance(found, tuple) or len(found) != 2 or found[0] != FORMAT:
            return None
        return found[1]

    def read_signed(self, path: Path) -> Any | None:
        return read_signed(path, self._key)

    def write_signed(self, path: Path, value: Any) -> None:
        write_signed(path, self._key, value)

    def commit(self, key: str, manifest: Any, blobs: Iterable[str], replaced: Iterable[str] = ()) -> None:
        """Store `manifest` under `key`; `blobs`: the digests it names, `replaced`: those the
        manifest it replaces named, which go unless a kept manifest names them."""
        named_now = sorted(set(blobs))
        self.write_signed(self.manifest_path(key), (FORMAT, manifest))
        self.write_signed(self._names_path(key), (FORMAT, named_now))
        kept, dropped = self._keep_newest()
        named = set(named_now)
        for other in kept:
            if other != key:
                named |= self._blobs_named(other)
        pending = self.folder / _PENDING
        if pending.exists():
            self._sweep(named)
            pending.unlink(missing_ok=True)
            return
        for digest in {*replaced, *dropped} - named:
            with contextlib.suppress(OSError):
                os.unlink(self.blob_path(digest))

    def _keep_newest(self) -> tuple[list[str], set[str]]:
        """Keep the newest MANIFESTS_KEPT manifests: their keys, and the blobs the others named."""
        stored = sorted(
            (path for path in self.manifests.iterdir() if len(path.name) == 64),
            key=lambda path: path.stat().st_mtime_ns,
            reverse=True,
        )
        dropped: set[str] = set()
        for path in stored[MANIFESTS_KEPT:]:
            dropped |= self._blobs_named(path.name)
            path.unlink(missing_ok=True)
            self._names_path(path.name).unlink(missing_ok=True)
            self._parts_path(path.name).unlink(missing_ok=True)
        return [path.name for path in stored[:MANIFESTS_KEPT]], dropped

    def _parts_path(self, key: str) -> Path:
        return self.manifests / f"{key}.parts"

    def write_parts(self, key: str, parts: dict[str, Any]) -> None:
        """The parts of the files of the manifest under `key` (manifest.FileParts, by path)."""
        self.write_signed(self._parts_path(key), (FORMAT, parts))

    def load_parts(self, key: str) -> dict[str, Any]:
        found = self.read_signed(self._parts_path(key))
        if isinstance(found, tuple) and len(found) == 2 and found[0] == FORMAT and isinstance(found[1], dict):
            return found[1]
        return {}

    def _names_path(self, key: str) -> Path:
        """The digests a manifest names, beside it: what a commit needs of the other manifests,
        without reading them whole (at 1,000 companies, 0.35 s of every build that changed)."""
        return self.manifests / f"{key}.blobs"

    def _blobs_named(self, key: str) -> set[str]:
        found = self.read_signed(self._names_path(key))
        if isinstance(found, tuple) and len(found) == 2 and found[0] == FORMAT and isinstance(found[1], list):
            return set(found[1])
        manifest = self.load(key)  # a cache from before the lists, or a list that could not be read
        return set(manifest.blob_digests()) if manifest is not None else set()

    def _sweep(self, named: set[str]) -> None:
        for digest in list(self._stored_digests()):
            if digest not in named:
                with contextlib.suppress(OSError):
                    os.unlink(self.blob_path(digest))

    def _stored_digests(self) -> Iterator[str]:
        if not self.blobs.is_dir():
            return
        for folder in os.scandir(self.blobs):
            if folder.is_dir(follow_symlinks=False):
                for entry in os.scandir(folder.path):
                    yield entry.name


def read_signed(path: Path, key: bytes) -> Any | None:
    """What `write_signed` wrote at `path` with `key`, or None: nothing else is unpickled. Only a
    plain file is read, never through a symbolic link or from a pipe or a device, which could
    give bytes without end or none at all."""
    try:
        data = read_plain_file(path)
    except OSError:
        return None
    if data is None:
        return None
    signature, body = data[:32], data[32:]
    if not key or not hmac.compare_digest(signature, hmac.digest(key, body, "sha256")):
        return None
    try:
        return pickle.loads(body)
    except Exception:  # written by another Roundbook, whose classes are not these
        return None


def write_signed(path: Path, key: bytes, value: Any) -> None:
    """Pickle `value` to `path`, signed with `key`, atomically (a temporary file renamed)."""
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as temporary:
        temporary.write(hmac.digest(key, body, "sha256") + body)
    os.replace(temporary.name, path)


def signing_key() -> bytes:
    """This user's key for the manifests, made on first use, kept outside every project."""
    path = user_cache_folder() / "cache-key"
    try:
        return path.read_bytes()
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    key = os.urandom(32)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another build made it meanwhile
        return path.read_bytes()
    with os.fdopen(handle, "wb") as file:
        file.write(key)
    return key
