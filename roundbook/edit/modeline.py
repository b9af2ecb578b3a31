"""The first line of every content file: it points editors with a YAML language server (VS Code's
YAML extension, for one) at the JSON Schema of the file's kind, relative to the file."""

from __future__ import annotations

import posixpath
import re

from roundbook.schema.export import SCHEMA_DIR

MODELINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=")


def modeline(shown_path: str, kind: str) -> str:
    """The modeline for a file at `shown_path` (relative to the project folder, as problems show it)."""
    schema = posixpath.relpath(f"{SCHEMA_DIR}/{kind}.schema.json", posixpath.dirname(shown_path) or ".")
    return f"# yaml-language-server: $schema={schema}"


def is_modeline(line: str) -> bool:
    return MODELINE.match(line) is not None


def with_modeline(text: str, line: str) -> str:
    """`text` with `line` first, and no other modeline in the comments that open the file."""
    lines = text.splitlines(keepends=True)
    opening = 0
    while opening < len(lines) and lines[opening].lstrip().startswith("#"):
        opening += 1
    kept = [item for index, item in enumerate(lines) if index >= opening or not is_modeline(item)]
    return line + "\n" + "".join(kept)
