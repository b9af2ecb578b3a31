"""How the JSON API's documents become files, the same for every version of the API."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from roundbook.export.site import OutputFile


def dump(document: dict, compact: bool = True) -> bytes:
    """UTF-8 as is, one newline at the end, and compact: programs read these files, browsers
    indent JSON for people, and indented they took 40 % more room (26 MB instead of 19 MB for
    1,250 company files) on a host that caps the whole site, GitHub Pages at 1 GB. Only the
    schema, which people read, is indented."""
    if compact:
        return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def json_files(documents: Iterable[tuple[str, dict]], schema_path: str, schema: dict) -> Iterator[OutputFile]:
    """Each (path, document) as a file as it comes, then the schema they match."""
    for path, document in documents:
        yield OutputFile(path, dump(document), "application/json")
    yield OutputFile(schema_path, dump(schema, compact=False), "application/schema+json")
