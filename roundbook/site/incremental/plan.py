"""In the process that renders: which pages and files to make again, and which the cache still holds.

Each page and each open data file made from one profile is asked about before it is made; what
the last build made from the same inputs (the same fingerprint, graph.py), and whose bytes are
still intact in the cache, is not made again. The answers, with every fingerprint, go back to
the build (Outcome).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from roundbook.export.site import Spans
from roundbook.history import Freshness, History
from roundbook.model import Dataset
from roundbook.model.records import Profile
from roundbook.render.listings import PAGE_SIZE, Listing
from roundbook.site.incremental.graph import Fingerprints
from roundbook.site.incremental.inputs import Digest
from roundbook.site.incremental.manifest import FileParts, FileRecord, Manifest, PageRecord
from roundbook.site.incremental.parts import KeptParts
from roundbook.site.incremental.store import Cache
from roundbook.site.search import SearchEngine


@dataclass
class Inputs:
    """What the build found before the content work: the digests the fingerprints are made of,
    and the last build's manifest (picklable, for a process that cannot fork)."""

    root: Path
    settings: str
    everything: str
    records: dict[str, str]  # each record file's digest
    previous: Manifest | None
    by_record: bool  # False when the site's own templates replace page templates (graph.py)
    history: History | None = None  # the last build's, when the commit is the same
    parts: dict[str, FileParts] = field(default_factory=dict)  # of the last build's files made of parts


@dataclass
class Outcome:
    pages: list[str] = field(default_factory=list)  # every page's docs path, in order
    files: list[str] = field(default_factory=list)  # the open data files the cache gives
    reused: set[str] = field(default_factory=set)  # pages and files the cache gives
    fingerprints: dict[str, str] = field(default_factory=dict)  # of every page and file that has one


class Plan:
    """The choices of one build. Pages are asked about one by one, in this process, before the
    workers render them; the open data files are chosen at once, here, since they are made in
    a worker (roundbook/site/workers.py), where `wants_file` only looks the answer up."""

    def __init__(
        self,
        inputs: Inputs,
        search: SearchEngine,
        dataset: Dataset,
        freshness: Freshness,
        directory_urls: bool,
        api_v1: bool,
        month_pages_above: int,
        listings: Sequence[Listing] = (),
        listing_page_size: int = PAGE_SIZE,
    ) -> None:
        self.fingerprints = Fingerprints(
            dataset,
            freshness,
            inputs.settings,
            # Which engine, and what it knows of the whole dataset, shows on every page.
            Digest(inputs.settings, search.cache_key()).hexdigest(),
            inputs.everything,
            inputs.records,
            directory_urls,
            api_v1,
            month_pages_above,
            by_record=inputs.by_record,
            listings=listings,
            listing_page_size=listing_page_size,
        )
        self.previous = inputs.previous
        self.parts = inputs.parts
        self.cache = Cache(inputs.root)
        self.outcome = Outcome()
        previous_files = self.previous.files if self.previous else {}
        for path in self.fingerprints.files:
            if not self._wants(path, previous_files.get(path)):
                self.outcome.files.append(path)
        self._reused_files = frozenset(self.outcome.files)

    def wants_page(self, uri: str) -> bool:
        self.outcome.pages.append(uri)
        return self._wants(uri, self.previous.pages.get(uri) if self.previous else None)

    def wants_file(self, path: str) -> bool:
        return path not in self._reused_files

    def kept_parts(self, path: str, profiles: Sequence[Profile], spans: Spans) -> KeptParts:
        """What the last build wrote at `path`, a file of parts about `profiles` (parts.py)."""
        keys = [self.fingerprints.of_profile(profile) for profile in profiles]
        previous = self.previous.files.get(path) if self.previous else None
        parts = self.parts.get(path)
        if previous is None or parts is None or parts.digest != previous.blob.digest:
            previous, parts = None, None
        return KeptParts(keys, previous, parts, self.cache, spans)

    def _wants(self, path: str, record: PageRecord | FileRecord | None) -> bool:
        fingerprint = self.fingerprints.of(path)
        if fingerprint is None:
            return True
        self.outcome.fingerprints[path] = fingerprint
        if record is None or record.fingerprint != fingerprint or record.blob is None:
            return True
        if not self.cache.intact(record.blob):
            return True
        self.outcome.reused.add(path)
        return False
