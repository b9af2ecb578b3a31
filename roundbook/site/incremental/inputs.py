"""What a build is made from, as digests: the settings, each record file, and the Git history.

The settings key covers everything a page can show besides the records: Roundbook's own code
and templates, the installed packages (MkDocs, Material, Pagefind...), the MkDocs configuration
as MkDocs resolved it (with the plugins' options and the `!ENV` values), the site's own
templates, the hand-written pages, the reference tables and CITATION.cff. Any change there and
the build starts from nothing; a change to records is what an incremental build follows, record
by record (graph.py).

Record files are found by a scan of the content folder that hashes only the files whose size,
times or inode changed since the last scan; a file changed within the same instant as that scan
is hashed again next time, since its time alone cannot tell.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from types import ModuleType
from typing import Any

from mkdocs.plugins import BasePlugin

from roundbook.load.files import PROFILE_FOLDERS, ROUNDS_FOLDER
from roundbook.shipped import PACKAGE
from roundbook.site.incremental.store import FORMAT, digest_of_file

# Options that say where or how MkDocs works, not what it writes.
_NOT_SETTINGS = {"config_file_path", "site_dir", "dev_addr", "watch", "strict", "docs_dir"}
_PLUGIN_OPTIONS_NOT_SETTINGS = {"incremental"}  # the roundbook plugin's: on or off, the site is the same
_RACY_NS = 2_000_000_000  # a file changed this close to a scan is hashed again by the next one
_MAX_DEPTH = 12


class Digest:
    """A SHA-256 fed with labelled parts, so that no two sequences of parts read alike."""

    def __init__(self, *parts: object) -> None:
        self._hash = hashlib.sha256()
        for part in parts:
            self.add(part)

    def add(self, part: object) -> Digest:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        self._hash.update(len(data).to_bytes(8, "little"))
        self._hash.update(data)
        return self

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


# --- the settings ---------------------------------------------------------------------------


def settings_key(config, root: Path, templates_dir: str, other_content: Mapping[str, str]) -> str:
    """The digest of everything but the records (see the module's docstring); `other_content`:
    the digests of the content folder's files that are not records (pages, home text, tables)."""
    digest = Digest("roundbook incremental", FORMAT, sys.version)
    digest.add(tree_digests(PACKAGE))
    digest.add(installed_packages())
    digest.add(plain_config(config))
    digest.add(Path(config.docs_dir).resolve().relative_to(root).as_posix() if _inside(config.docs_dir, root) else "")
    digest.add(tree_digests(root / templates_dir))
    for folder in config.theme.dirs:  # a theme folder of the site's own (custom_dir)
        if _inside(folder, root):
            digest.add(tree_digests(Path(folder)))
    digest.add(sorted(other_content.items()))
    citation = root / "CITATION.cff"
    digest.add(citation.read_bytes() if citation.is_file() else b"")
    return digest.hexdigest()


def _inside(path: str | Path, root: Path) -> bool:
    return root.resolve() in Path(path).resolve().parents


def tree_digests(folder: Path) -> list[tuple[str, str]]:
    """(path under `folder`, SHA-256) of every file under it, in order; compiled Python left out."""
    found: list[tuple[str, str]] = []
    if not folder.is_dir():
        return found
    for directory, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            path = Path(directory, name)
            found.append((path.relative_to(folder).as_posix(), digest_of_file(path)))
    return found


def installed_packages() -> list[str]:
    """The name and version of every installed distribution, as their metadata folders say it."""
    names: set[str] = set()
    for entry in sys.path:
        try:
            names.update(name for name in os.listdir(entry or ".") if name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return sorted(names)


def plain_config(config) -> Any:
    """MkDocs' resolved configuration as plain values, without what says only where or how it runs."""
    return {str(key): _plain(value, 0) for key, value in sorted(config.items()) if key not in _NOT_SETTINGS}


def _plain(value: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        return type(value).__name__
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, BasePlugin):
        options = {k: v for k, v in value.config.items() if k not in _PLUGIN_OPTIONS_NOT_SETTINGS}
        return [type(value).__module__, type(value).__qualname__, _plain(options, depth + 1)]
    if isinstance(value, ModuleType):  # a hook: its source
        source = getattr(value, "__file__", None)
        return [value.__name__, digest_of_file(source) if source and os.path.isfile(source) else None]
    if isinstance(value, Mapping):
        items = [(str(key), _plain(item, depth + 1)) for key, item in value.items()]
        dirs = getattr(value, "dirs", None)  # a Theme: its folders too
        return [type(value).__name__, sorted(items), _plain(dirs, depth + 1)]
    if isinstance(value, list | tuple):
        return [_plain(item, depth + 1) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_plain(item, depth + 1)) for item in value)
    if hasattr(value, "__dict__"):
        return [type(value).__qualname__, _plain(vars(value), depth + 1)]
    return [type(value).__qualname__, repr(value)]


# --- the records ----------------------------------------------------------------------------


@dataclass
class ContentScan:
    """The content folder's files by path from the project (`content/companies/x.yml`), digested."""

    records: dict[str, str] = field(default_factory=dict)  # a profile's or a round's file
    others: dict[str, str] = field(default_factory=dict)  # pages, the home text, reference tables, the rest
    stats: dict[str, tuple[tuple[int, ...], str]] = field(default_factory=dict)  # for the next scan


def is_record(path_in_content: str) -> bool:
    parts = path_in_content.split("/")
    return parts[0] in PROFILE_FOLDERS or parts[0] == ROUNDS_FOLDER


def scan_content(
    root: Path, content_dir: str, previous: Mapping[str, tuple[tuple[int, ...], str]], now_ns: int | None = None
) -> ContentScan:
    """Every file under the content folder with its SHA-256; `previous`: the last scan's stats,
    whose digests stand for files that did not change since; `now_ns`: the time of the scan."""
    scan = ContentScan()
    started = time.time_ns() if now_ns is None else now_ns
    top = str(root / content_dir)
    shown_top = Path(content_dir).as_posix()  # paths as the loader shows them: content/companies/x.yml
    # Plain strings and os.scandir: a large site has tens of thousands of files, and pathlib's
    # objects were most of the time of a scan.
    folders = [("", top)]
    while folders:
        relative, folder = folders.pop()
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        for entry in entries:
            inside = f"{relative}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                folders.append((inside + "/", entry.path))
                continue
            stat = entry.stat(follow_symlinks=False)
            key = (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, stat.st_mode)
            shown = f"{shown_top}/{inside}"
            known = previous.get(shown)
            if known is not None and known[0] == key:
                digest = known[1]
            elif entry.is_symlink():
                digest = "link:" + os.readlink(entry.path)
            elif not S_ISREG(stat.st_mode):  # a FIFO or a device: reading it could wait forever
                digest = f"special:{stat.st_mode:o}"
            else:
                digest = digest_of_file(entry.path)
            if started - max(stat.st_mtime_ns, stat.st_ctime_ns) > _RACY_NS:
                scan.stats[shown] = (key, digest)
            (scan.records if is_record(inside) else scan.others)[shown] = digest
    return scan


# --- the history ----------------------------------------------------------------------------


def history_key(root: Path, enabled: bool) -> str:
    """What the Git history of the content depends on: the commit checked out, whether the clone
    is shallow, and where the project stands in the repository. Uncommitted changes are not in it."""
    if not enabled:
        return "off"
    try:
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD", "--is-shallow-repository", "--show-prefix"],
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "no git"
    if result.returncode != 0:
        return f"none {result.returncode}"
    return "git " + result.stdout.decode("utf-8", "replace")
