"""Write a content file whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def read_text(path: Path) -> str:
    """The file's text, byte order mark included: the canonical layout has none."""
    return path.read_bytes().decode("utf-8")


def replace_text(path: Path, text: str) -> None:
    """Write beside the file, then rename over it: a reader never sees half a file."""
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def create_text(path: Path, text: str) -> None:
    """Write a new file; FileExistsError if one is already there, even one created a moment ago."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as out:
        out.write(text)


def create_all(files: dict[Path, str]) -> None:
    """Write new files all or none: FileExistsError, and nothing left behind, if one is there.

    Each text is written to a temporary file beside its target first; only when all are
    written are they linked into place (a link fails if the name is taken, even by a file
    created a moment ago), and any already placed are removed when one fails.
    """
    staged: list[tuple[str, Path]] = []
    placed: list[Path] = []
    made: list[Path] = []  # folders created here, removed again on failure
    mode = 0o666 & ~_umask()
    try:
        for path, text in files.items():
            for folder in reversed(path.parents):
                if not folder.exists():
                    folder.mkdir()
                    made.append(folder)
            fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            staged.append((temporary, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.chmod(temporary, mode)
        for temporary, path in staged:
            os.link(temporary, path)
            placed.append(path)
    except BaseException:
        for path in placed:
            path.unlink()
        for temporary, _ in staged:
            os.unlink(temporary)
        staged.clear()
        for folder in reversed(made):
            folder.rmdir()
        raise
    finally:
        for temporary, _ in staged:
            os.unlink(temporary)


def _umask() -> int:
    """The process's umask, which can only be read by setting it."""
    current = os.umask(0o022)
    os.umask(current)
    return current
