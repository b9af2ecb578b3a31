"""When each content file changed, from Git: one `git log` for the whole content folder per build.

Reading the history file by file (`git log -1 -- path`) costs one process per file, which grows
with the data; one `git log --name-status` over the content folder costs about the same for
ten files as for ten thousand. Merges count on the day they landed (first-parent history), and
a renamed file keeps its history.

No Git, no repository or a shallow clone are normal, not errors: the history then says what it
lacks, and the site shows no dates it cannot back. In a shallow clone (GitHub Actions checks out
one commit by default) the oldest commit it holds shows every file as added; its changes are
dropped, since they say nothing about when those files really changed.

`git log` costs about half a millisecond per commit when the content folders hold thousands of
files, so the build starts it first and reads it in a thread (HistoryReader) while the content is
loaded and checked: git runs in its own process, on the other core.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

GIT_TIMEOUT = 120  # seconds; a log of the content folder takes well under one even for big histories


@dataclass(frozen=True)
class Change:
    """One change to one file in one commit, with the path the file has now."""

    path: str
    status: str  # added, changed or removed
    when: dt.datetime  # when the commit landed (committer date), in UTC
    commit: str
    subject: str


@dataclass
class History:
    """The changes to the content folder, newest first, or why there are none."""

    available: bool
    note: str | None = None  # why history is missing or partial, for readers and logs
    shallow: bool = False
    changes: list[Change] = field(default_factory=list)

    def __post_init__(self):
        self.last_changed: dict[str, dt.datetime] = {}
        for change in self.changes:  # newest first, so the first seen is the last change
            if change.status != "removed":
                self.last_changed.setdefault(change.path, change.when)

    @classmethod
    def unavailable(cls, note: str) -> History:
        return cls(available=False, note=note)


class _Dead(enum.Enum):
    DEAD = "dead"


_DEAD = _Dead.DEAD  # an older path that leads to no current file (deleted, or replaced by a newer one)


# Each commit's header is these fields, each ended by a NUL, then the NUL that ends the format
# under -z; then come its changes, a status and one or two paths, each ended by a NUL. Git cannot
# print a NUL inside a field (it ends a commit message where one is), so every field is told apart
# by counting, never by a separator that a commit message can hold, such as the \x1e and \x1f
# used before: a subject holding those could forge whole commits, with dates of its choosing.
LOG_FORMAT = "--format=%H%x00%P%x00%cI%x00%s%x00"
_HEADER_FIELDS = 5  # hash, parents, committer date, subject, and the empty field before the changes
_HASH = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")  # SHA-1, or SHA-256
_PARENTS = re.compile(rf"(?:{_HASH.pattern}(?: {_HASH.pattern})*)?")
# A status letter with a similarity score for renames and copies (R100); never a hash, which is lower case.
_STATUS = re.compile(r"[A-Z][0-9]*")


class UnreadableLog(ValueError):
    """`git log` printed something other than the layout asked for."""


def _events(output: str):
    """(commit, parents, when, subject, [(status letter, paths...)]) for each commit in `git log -z` output."""
    tokens = output.split("\0")
    if tokens and tokens[-1] == "":
        tokens.pop()  # the NUL after the last field
    i = 0
    while i < len(tokens):
        header = tokens[i : i + _HEADER_FIELDS]
        if len(header) < _HEADER_FIELDS:
            raise UnreadableLog(f"a commit header cut short at field {i + len(header)}")
        commit, parents, when, subject, end = header
        if not _HASH.fullmatch(commit) or not _PARENTS.fullmatch(parents) or end:
            raise UnreadableLog(f"no commit header at field {i}")
        try:
            moment = dt.datetime.fromisoformat(when).astimezone(dt.UTC)
        except ValueError:
            raise UnreadableLog(f"'{when}' at field {i + 2} is not a date") from None
        i += _HEADER_FIELDS
        entries = []
        # A newline stands between a header and its first change; a commit without changes in the
        # folder (possible without --first-parent) is followed straight by the next header.
        while i < len(tokens) and _STATUS.fullmatch(tokens[i].lstrip("\n")):
            status = tokens[i].lstrip("\n")
            width = 2 if status[0] in "RC" else 1
            paths = tokens[i + 1 : i + 1 + width]
            if len(paths) < width:
                raise UnreadableLog(f"a change cut short at field {i}")
            entries.append((status[0], *paths))
            i += 1 + width
        yield commit, parents.split(), moment, subject, entries


def parse_log(output: str, shallow: bool) -> list[Change]:
    """Changes newest first, each under the path its file has today, following renames backwards."""
    alias: dict[str, str | _Dead] = {}  # path at this point in history -> path today, or _DEAD
    changes = []
    for commit, parents, when, subject, entries in _events(output):
        if shallow and not parents:
            continue  # the boundary of a shallow clone: everything "added" here is older than we can see
        subject = "".join(ch for ch in subject if ch.isprintable())
        for letter, *paths in entries:
            if letter == "R":
                old, new = paths
                current = alias.get(new, new)
                alias[old], alias[new] = current, _DEAD
                if current is not _DEAD:
                    changes.append(Change(current, "changed", when, commit, subject))
            elif letter == "D":
                if alias.get(paths[0], paths[0]) is not _DEAD:
                    changes.append(Change(paths[0], "removed", when, commit, subject))
                alias[paths[0]] = _DEAD  # older changes at this path belong to the removed file
            else:  # A, M, T, C (a copy is a new file)
                path = paths[-1]
                current = alias.get(path, path)
                if current is not _DEAD:
                    changes.append(Change(current, "added" if letter in "AC" else "changed", when, commit, subject))
                if letter in "AC":
                    alias[path] = _DEAD  # before it was added, the path belonged to another file
    return changes


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "log.showSignature=false", *args], capture_output=True, timeout=GIT_TIMEOUT
    )


def read_history(root: Path | str, content_dir: str = "content") -> History:
    """The history of `root/content_dir`, with paths relative to `root` (`content/companies/x.yml`)."""
    root = Path(root)
    try:
        shallow = _git(root, "rev-parse", "--is-shallow-repository")
        if shallow.returncode != 0:
            return History.unavailable("the project is not in a Git repository")
        log = _git(
            root,
            "log",
            "--relative",
            "--first-parent",
            "--diff-merges=first-parent",
            "-M",
            "--name-status",
            "-z",
            "--no-color",
            "--encoding=UTF-8",
            LOG_FORMAT,
            "--",
            content_dir,
        )
    except FileNotFoundError:
        return History.unavailable("Git is not installed")
    except subprocess.TimeoutExpired:
        return History.unavailable(f"git log took longer than {GIT_TIMEOUT} seconds")
    if log.returncode != 0:  # a repository with no commit yet, for one
        return History.unavailable(
            log.stderr.decode("utf-8", "replace").strip().splitlines()[0] if log.stderr else "git log failed"
        )
    is_shallow = shallow.stdout.decode().strip() == "true"
    try:
        changes = parse_log(log.stdout.decode("utf-8", "replace"), is_shallow)
    except UnreadableLog as error:  # better no dates than dates read from the wrong field
        return History.unavailable(f"git log printed what Roundbook cannot read ({error})")
    note = "a shallow clone: changes before its oldest commit are unknown" if is_shallow else None
    return History(available=True, note=note, shallow=is_shallow, changes=changes)


class HistoryReader:
    """read_history in a background thread: start it, do other work, then ask for the result."""

    def __init__(self, root: Path | str, content_dir: str = "content"):
        self._history: History | None = None
        self._thread = threading.Thread(target=self._read, args=(Path(root), content_dir), daemon=True)
        self._thread.start()

    def _read(self, root: Path, content_dir: str) -> None:
        try:
            self._history = read_history(root, content_dir)
        except Exception as error:  # a history is a nicety: never let it break the build
            self._history = History.unavailable(f"reading it failed: {error}")

    def result(self) -> History:
        self._thread.join()
        assert self._history is not None  # _read sets it, whatever happens
        return self._history
