"""How the JSON API's documents become files, the same for every version of the API."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from roundbook.export.site import OutputFile, PartsOf, each_part, joined_spans, part_lengths
from roundbook.model.records import Profile


def dump(document: dict, compact: bool = True) -> bytes:
    """UTF-8 as is, one newline at the end, and compact: programs read these files, browsers
    indent JSON for people, and indented they took 40 % more room (26 MB instead of 19 MB for
    1,250 company files) on a host that caps the whole site, GitHub Pages at 1 GB. Only the
    schema, which people read, is indented."""
    if compact:
        return (compact_json(document) + "\n").encode("utf-8")
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def json_files(documents: Iterable[tuple[str, dict]], schema_path: str, schema: dict) -> Iterator[OutputFile]:
    """Each (path, document) as a file as it comes, then the schema they match."""
    for path, document in documents:
        yield OutputFile(path, dump(document), "application/json")
    yield OutputFile(schema_path, dump(schema, compact=False), "application/schema+json")


def compact_json(value: Any) -> str:
    """JSON as the site's files write it for programs: UTF-8 as is, no white space."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class ListDocument:
    """One of the API's lists, `{"document": name, "count": n, name: [an item per record]}`,
    which a file can be made of an item at a time: an incremental build takes the items whose
    profile did not change from the file it made before (roundbook/export/site.py, KnownParts)."""

    path: str
    name: str
    records: Sequence[Any]
    item: Callable[[Any], dict]
    profile: Callable[[Any], Profile]  # whose page shows all that the record's item shows

    def document(self) -> dict:
        return {"document": self.name, "count": len(self.records), self.name: [self.item(r) for r in self.records]}

    def file(self, published: str, parts_of: PartsOf | None = None) -> OutputFile:
        """The file, as dump writes the document; `published`: its path as the site publishes it
        (a bulk file may be gzipped), by which the build before knows it."""
        known = None
        if parts_of is not None:
            known = parts_of(published, [self.profile(record) for record in self.records], self.spans)
        texts = each_part(self.records, known, lambda record: compact_json(self.item(record)))
        head = compact_json({"document": self.name, "count": len(self.records), self.name: []})[: -len("]}")]
        content = (head + ",".join(texts) + "]}\n").encode("utf-8")
        return OutputFile(self.path, content, "application/json", parts=part_lengths(known, texts))

    def spans(self, content: bytes, lengths: Sequence[int]) -> list[slice] | None:
        items = content.find(f',"{self.name}":['.encode())
        if items < 0:
            return None
        return joined_spans(content, items + len(f',"{self.name}":['.encode()), lengths, b",", b"]}\n")
