"""A listing's rows, taken from the last build's file of them when what they show did not change.

Every build makes each listing's JSON file of rows again (roundbook/render/listings.py), since a
listing shows the whole dataset. But a row shows only what its profile's page is made from (the
profile's file and its neighbours, graph.py): a row whose profile kept its fingerprint since the
last build is the same text, and is taken from the last build's file rather than rendered and
serialized again (at 1,000 companies, about 1 s of CPU in every build after an edit). Beside the
file's blob, the manifest keeps each row's fingerprint and length (`SpooledFile.parts`); rows of
one fingerprint (a company's several entries in a year) are taken in their order.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass, field, replace
from pathlib import Path

from roundbook.render.listings import row_spans
from roundbook.site.incremental.manifest import FileRecord
from roundbook.site.incremental.store import Cache
from roundbook.site.memory import SpooledFile


@dataclass
class KeptRows:
    """One listing's rows as the last build wrote them, asked for by place (a render.KnownRow)."""

    keys: list[str | None]  # each row's fingerprint now, in the listing's order; None: not to be reused
    previous: FileRecord | None  # the last build's file of this listing's rows
    cache: Cache
    filters: tuple[str, ...]
    _texts: dict[str, deque[str]] | None = field(default=None, repr=False)

    def __call__(self, index: int) -> str | None:
        """The text of row `index` from the last build's file, or None: it must be made."""
        key = self.keys[index]
        if key is None:
            return None
        if self._texts is None:
            self._texts = self._read()  # in the worker that makes the file, once
        kept = self._texts.get(key)
        return kept.popleft() if kept else None

    def _read(self) -> dict[str, deque[str]]:
        previous = self.previous
        if previous is None or not previous.parts or not self.cache.intact(previous.blob):
            return {}
        try:
            content = Path(self.cache.blob_path(previous.blob.digest)).read_bytes()
        except OSError:
            return {}
        spans = row_spans(content, self.filters, [length for _, length in previous.parts])
        if spans is None:
            return {}
        texts: dict[str, deque[str]] = defaultdict(deque)
        for (key, _), span in zip(previous.parts, spans, strict=True):
            if key:
                texts[key].append(content[span].decode("utf-8"))
        return texts

    def label(self, spooled: SpooledFile, lengths: tuple[int, ...]) -> SpooledFile:
        """The file as made now, with each row's fingerprint beside its length, for the next build."""
        if len(lengths) != len(self.keys):  # rows that do not stand alone (Renderer.rows_file)
            return spooled
        return replace(spooled, parts=tuple(zip((key or "" for key in self.keys), lengths, strict=True)))
