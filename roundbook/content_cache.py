"""Where Roundbook keeps what it learnt from the content between runs, and how it is kept safely.

The one place that knows the cache's location: `.roundbook-cache/` in the project folder, which
Git ignores (the folder holds a `.gitignore` of its own that says `*`, so it stays out of any
repository, and the repository's .gitignore names it too). Whoever keeps something there goes
through this module:

- `Stores(root)` opens the cache of a project; `stores.read(name, fingerprint)` answers the JSON
  value written last under `name` by `stores.write(name, fingerprint, value)`, or None when there
  is none, or it is unreadable, of another format, written by other code (`fingerprint`), too
  large, or reached through a symbolic link. A caller then reads the content cold: a cache can
  make a run faster, never change its answer. Writes are atomic (a temporary file renamed), and
  a cache that cannot be written (a read-only checkout) is no error.
- `code_fingerprint()`: what the answers depend on besides the content: Roundbook's own code and
  the versions of Python and PyYAML. Anything kept under another fingerprint is not read.
- `digest(data)`: the content hash that keys a file's entry; `Stamp.of(stat)`: the size, times
  and inode of a file, which say without reading it that it has not changed since its digest was
  taken, unless it changed within `RACY_NS` of that (`Stamp.trusted`), as Git's index does.

The cache is JSON, never pickle: it is a file on disk that anything could have written, and
reading JSON runs no code. Its values are checked by their reader before use
(roundbook/validate/indexed.py checks every entry it reads, and reads cold on any doubt).

Kept here today: `validate-<folder>`, the checked facts of each content file
(roundbook/validate/indexed.py). Beside them, `site/` is the incremental build's cache of pages,
files and checked records (roundbook/site/incremental/store.py): it takes only the folder's name
and `code_fingerprint` from here, since it holds built pages by their own digests and signs what
it unpickles with a key kept outside the project.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import stat
import tempfile
from functools import cache
from pathlib import Path
from typing import NamedTuple

CACHE_FOLDER = ".roundbook-cache"
FORMAT = 1  # of the envelope below; a reader's own format goes into its fingerprint
MAX_BYTES = 512 * 1024 * 1024  # a file larger than this is no cache of ours (10,000 companies: about 30 MB)
# A file whose modification time is this close to when its digest was taken may have changed
# again within the file system's clock tick: it is read and hashed again rather than trusted.
RACY_NS = 2_000_000_000


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@cache
def code_fingerprint() -> str:
    """A digest of Roundbook's own source files and the versions of Python and PyYAML."""
    import yaml  # the reader's results depend on it

    package = Path(__file__).resolve().parent
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{platform.python_version()} {yaml.__version__}".encode())
    for source in sorted(package.rglob("*.py")):
        hasher.update(source.relative_to(package).as_posix().encode() + b"\0" + source.read_bytes() + b"\0")
    return hasher.hexdigest()


class Stamp(NamedTuple):  # a tuple: one per content file, made at each run
    """What `stat` says of a file: unchanged, together, only if its bytes are (but see `trusted`)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of(cls, status: os.stat_result) -> Stamp:
        return cls(status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)

    def as_list(self) -> list[int]:
        return [self.size, self.mtime_ns, self.ctime_ns, self.inode]

    def trusted(self, taken_ns: int) -> bool:
        """Whether an unchanged stamp proves unchanged bytes, for a digest taken at `taken_ns`."""
        return max(self.mtime_ns, self.ctime_ns) < taken_ns - RACY_NS


def read_plain_file(path: Path, limit: int = -1) -> bytes | None:
    """The bytes of the file at `path` (at most `limit`), or None when it is not a plain file:
    never through a symbolic link, and never from a named pipe or a device, which could wait for
    ever or give bytes without end. OSError as opening or reading raises it."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            return None
        return file.read(limit)


class Stores:
    """The cache folder of one project."""

    def __init__(self, root: Path | str) -> None:
        self.folder = Path(root) / CACHE_FOLDER

    def _path(self, name: str) -> Path:
        if not name.replace("-", "").isalnum():
            raise ValueError(f"not a cache name: {name!r}")
        return self.folder / f"{name}.json"

    def read(self, name: str, fingerprint: str):
        """The value last written under `name` with this fingerprint, or None (see the module)."""
        path = self._path(name)
        try:
            if self.folder.is_symlink():
                return None
            data = read_plain_file(path, MAX_BYTES + 1)
            if data is None or len(data) > MAX_BYTES:
                return None
            envelope = json.loads(data)
        except (OSError, ValueError, RecursionError):
            return None
        if (
            not isinstance(envelope, dict)
            or envelope.get("format") != FORMAT
            or envelope.get("name") != name
            or envelope.get("fingerprint") != fingerprint
            or "value" not in envelope
        ):
            return None
        return envelope["value"]

    def write(self, name: str, fingerprint: str, value) -> None:
        """Keep `value` (made of JSON's types) under `name`; nothing is raised if that fails."""
        path = self._path(name)
        try:
            if self.folder.is_symlink():
                return
            self.folder.mkdir(exist_ok=True)
            ignore = self.folder / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Roundbook's cache (roundbook/content_cache.py): never committed.\n*\n")
            text = json.dumps(
                {"format": FORMAT, "name": name, "fingerprint": fingerprint, "value": value},
                ensure_ascii=False,
                separators=(",", ":"),
            )
            handle, temporary = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=self.folder)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as file:
                    file.write(text)
                os.replace(temporary, path)  # replaces a link at `path` itself, never what it points to
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except (OSError, ValueError):
            return
