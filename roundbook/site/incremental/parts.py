"""Files made of parts, each part taken from the last build's file when what it shows did not change.

Some files show the whole dataset, one part per record: a listing's file of rows
(roundbook/render/listings.py), a CSV download's lines (roundbook/export/csv_files.py). Every
build makes them again, since any record may change them. But each part shows only what its
profile's page is made from (the profile's file and its neighbours, graph.py): a part whose
profile kept its fingerprint since the last build is the same text, and is taken from the last
build's file rather than made again (at 1,000 companies, about 1.5 s of CPU in every build after
an edit). Beside the manifest that names the file's blob, the cache keeps each part's
fingerprint and length (`OutputFile.parts`, manifest.FileParts); parts of one fingerprint (a
company's several rounds) are taken in order.
"""

from __future__ import annotations

import gzip
import zlib
from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from roundbook.export.site import Spans
from roundbook.site.incremental.manifest import FileParts, FileRecord
from roundbook.site.incremental.store import Cache

_GZIP_MAGIC = b"\x1f\x8b"  # a bulk file published gzipped (roundbook/export/bulk.py)


@dataclass
class KeptParts:
    """One file's parts as the last build wrote them, asked for by place (an export.site.KnownParts)."""

    keys: Sequence[str | None]  # each part's fingerprint now, in order; None: not to be reused
    previous: FileRecord | None  # the last build's file at the same path
    parts: FileParts | None  # and its parts
    cache: Cache
    spans: Spans
    _texts: dict[str, deque[str]] | None = field(default=None, repr=False)

    def key(self, index: int) -> str:
        return self.keys[index] or ""

    def __call__(self, index: int) -> str | None:
        key = self.keys[index]
        if key is None:
            return None
        if self._texts is None:
            self._texts = self._read()  # in the process that makes the file, once
        kept = self._texts.get(key)
        return kept.popleft() if kept else None

    def _read(self) -> dict[str, deque[str]]:
        previous, parts = self.previous, self.parts
        if previous is None or parts is None or not self.cache.intact(previous.blob):
            return {}
        try:
            content = Path(self.cache.blob_path(previous.blob.digest)).read_bytes()
            if content.startswith(_GZIP_MAGIC):
                content = gzip.decompress(content)
        except (OSError, EOFError, zlib.error):
            return {}
        spans = self.spans(content, parts.lengths)
        if spans is None:
            return {}
        texts: dict[str, deque[str]] = defaultdict(deque)
        try:
            for key, span in zip(parts.keys, spans, strict=True):
                if key:
                    texts[key].append(content[span].decode("utf-8"))
        except UnicodeDecodeError:
            return {}
        return texts
