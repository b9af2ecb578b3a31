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
