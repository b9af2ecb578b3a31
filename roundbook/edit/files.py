"""Write a file of the project whole or not at all, and never through a symbolic link.

A pull request can put a symbolic link anywhere in the project: as the content folder, as a folder
in it (content/rounds/acme -> /etc) or as the very file a command is about to write. A writer that
followed one would change a file outside the project, wherever the link leads. So every write
starts at the project folder, opens each folder on the way with O_NOFOLLOW, one at a time, and
creates, links or renames the file inside the folder it opened (relative to that descriptor),
where no link is followed either: a link planted after a check is refused all the same. Only what
is inside the project folder is checked; the project folder itself may be reached through links.

Paths are given as people see them, relative to the project folder (`content/companies/x.yml`),
and errors name them that way.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path, PurePosixPath

_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | _CLOEXEC
# O_EXCL: never an existing file, not even one created a moment ago; with it, no link is followed.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _CLOEXEC


class SymbolicLinkRefused(Exception):
    """A symbolic link inside the project on the way to a file to write, or the file itself."""

    def __init__(self, *paths: str):
        super().__init__(*paths)
        self.paths = paths

    def __str__(self) -> str:
        if len(self.paths) == 1:
            return f"{self.paths[0]} is a symbolic link, which Roundbook does not write through"
        return f"{', '.join(self.paths)} are symbolic links, which Roundbook does not write through"


def read_text(path: Path) -> str:
    """The file's text, byte order mark included: the canonical layout has none."""
    return path.read_bytes().decode("utf-8")


def refuse_symbolic_links(root: Path, shown: str) -> None:
    """SymbolicLinkRefused if a folder on the way from `root` to `shown`, or `shown` itself, is a
    symbolic link. A check for a clear answer before any work; the writers check again as they write."""
    parts = _parts(shown)
    try:
        with _folder(root, parts[:-1]) as folder:
            _refuse_link(folder, parts[-1], shown)
    except OSError:
        return  # nothing there yet, or no folder where one should be: the writer says what


def replace_text(root: Path, shown: str, text: str) -> None:
    """Write beside the file, then rename over it: a reader never sees half a file. The file keeps
    its permissions; SymbolicLinkRefused if it or a folder on its way is a link."""
    parts = _parts(shown)
    name = parts[-1]
    with _folder(root, parts[:-1]) as folder:
        mode = _refuse_link(folder, name, shown)
        if mode is None:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT), shown)
        temporary = _write_temporary(folder, name, text, stat.S_IMODE(mode))
        try:
            os.replace(
                temporary, name, src_dir_fd=folder, dst_dir_fd=folder
            )  # a link at `name` is replaced, not followed
        except BaseException:
            os.unlink(temporary, dir_fd=folder)
            raise


def create_text(root: Path, shown: str, text: str) -> None:
    """Write a new file, creating its folders; FileExistsError if one is already there, even one
    created a moment ago, and SymbolicLinkRefused for a link at its name or on its way."""
    parts = _parts(shown)
    with _folder(root, parts[:-1], made=[]) as folder:
        _refuse_link(folder, parts[-1], shown)
        try:
            descriptor = os.open(parts[-1], _NEW_FILE, 0o666, dir_fd=folder)
        except FileExistsError as error:
            error.filename = shown
            raise
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)


def write_text(root: Path, shown: str, text: str) -> None:
    """Replace the file, or create it (and its folders) when there is none."""
    try:
        replace_text(root, shown, text)
    except FileNotFoundError:
        create_text(root, shown, text)


def create_all(root: Path, files: dict[str, str]) -> None:
    """Write new files all or none: FileExistsError or SymbolicLinkRefused, and nothing left
    behind, if one cannot be.

    Each text is written to a temporary file beside its target first; only when all are
    written are they linked into place (a link fails if the name is taken, even by a file
    created a moment ago, or by a symbolic link), and any already placed are removed when one fails.
    """
    staged: list[tuple[list[str], str]] = []  # (the target's parts, its temporary file's name)
    placed: list[list[str]] = []
    made: list[str] = []  # folders created here, removed again on failure
    mode = 0o666 & ~_umask()
    try:
        for shown, text in files.items():
            parts = _parts(shown)
            with _folder(root, parts[:-1], made) as folder:
                _refuse_link(folder, parts[-1], shown)
                staged.append((parts, _write_temporary(folder, parts[-1], text, mode)))
        for parts, temporary in staged:
            with _folder(root, parts[:-1]) as folder:
                try:
                    os.link(temporary, parts[-1], src_dir_fd=folder, dst_dir_fd=folder)
                except FileExistsError:
                    shown = "/".join(parts)
                    _refuse_link(folder, parts[-1], shown)
                    raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), shown) from None
            placed.append(parts)
    except BaseException:
        for parts in placed:
            _remove(root, parts)
        for parts, temporary in staged:
            _remove(root, [*parts[:-1], temporary])
        staged.clear()
        for shown in reversed(made):
            _remove(root, _parts(shown), folder=True)
        raise
    finally:
        for parts, temporary in staged:
            _remove(root, [*parts[:-1], temporary])


def _parts(shown: str) -> list[str]:
    return list(PurePosixPath(shown).parts)


@contextmanager
def _folder(root: Path, parts: list[str], made: list[str] | None = None) -> Iterator[int]:
    """The folder root/parts..., opened without following a symbolic link on the way; missing
    folders are created when `made` is given, and their paths added to it."""
    descriptor = os.open(root, os.O_RDONLY | os.O_DIRECTORY | _CLOEXEC)
    try:
        for depth, name in enumerate(parts, start=1):
            shown = "/".join(parts[:depth])
            try:
                try:
                    inner = os.open(name, _FOLDER, dir_fd=descriptor)
                except FileNotFoundError:
                    if made is None:
                        raise
                    os.mkdir(name, dir_fd=descriptor)  # fails on a link planted meanwhile, never follows it
                    made.append(shown)
                    inner = os.open(name, _FOLDER, dir_fd=descriptor)
            except OSError as error:
                _refuse_link(descriptor, name, shown)
                error.filename = shown
                raise
            os.close(descriptor)
            descriptor = inner
        yield descriptor
    finally:
        os.close(descriptor)


def _refuse_link(folder: int, name: str, shown: str) -> int | None:
    """The mode of `name` in the open folder, None when there is nothing; SymbolicLinkRefused for a link."""
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        raise SymbolicLinkRefused(shown)
    return mode


def _write_temporary(folder: int, name: str, text: str, mode: int) -> str:
    """A new file beside `name` in the open folder holding `text`, with `mode`; its name."""
    temporary = f".{name}.{secrets.token_hex(6)}.tmp"
    descriptor = os.open(temporary, _NEW_FILE, 0o600, dir_fd=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
            os.fchmod(out.fileno(), mode)
    except BaseException:
        os.unlink(temporary, dir_fd=folder)
        raise
    return temporary


def _remove(root: Path, parts: list[str], folder: bool = False) -> None:
    """Undo a write while cleaning up after a failure: errors here would hide the failure itself."""
    with suppress(OSError, SymbolicLinkRefused), _folder(root, parts[:-1]) as parent:
        if folder:
            os.rmdir(parts[-1], dir_fd=parent)
        else:
            os.unlink(parts[-1], dir_fd=parent)


def _umask() -> int:
    """The process's umask, which can only be read by setting it."""
    current = os.umask(0o022)
    os.umask(current)
    return current
