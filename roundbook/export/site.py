"""What the open data files need to know about the site they go into (where each goes: roundbook/addresses.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from roundbook import addresses
from roundbook.export.licence import LICENCES, Citation, Licence
from roundbook.model.records import Profile, Round

GZIP_SUFFIX = ".gz"  # a bulk file's suffix when the plugin's compress_downloads option is on


class KnownParts(Protocol):
    """A file made of parts, each about one profile (a listing's rows, a CSV file's lines), as the
    build before made it: an incremental build gives one (roundbook/site/incremental/parts.py)."""

    def key(self, index: int) -> str:
        """The fingerprint of part `index` now; empty when it has none."""
        ...

    def __call__(self, index: int) -> str | None:
        """The text of part `index` as the build before made it, or None: it must be made."""
        ...


Spans = Callable[[bytes, Sequence[int]], "list[slice] | None"]  # where parts of these lengths stand in a file
# The parts a build made before of the file at a path (as published), given the profile each part
# is about, in order, and where parts stand in such a file; None: every part is made.
PartsOf = Callable[[str, Sequence[Profile], Spans], "KnownParts | None"]


def profile_itself(profile: Profile) -> Profile:
    return profile


def round_company(funding_round: Round) -> Profile:
    return funding_round.company


def joined_spans(
    content: bytes, start: int, lengths: Sequence[int], separator: bytes = b"", tail: bytes = b""
) -> list[slice] | None:
    """Where parts of `lengths` bytes stand in `content`: the first at `start`, each after the one
    before and `separator`, the last followed by `tail` at the end; None when they do not."""
    spans = []
    at = start
    for index, length in enumerate(lengths):
        if index:
            at += len(separator)
        spans.append(slice(at, at + length))
        at += length
    if at + len(tail) != len(content) or not content.endswith(tail):
        return None
    return spans


def each_part(records: Sequence[Any], known: KnownParts | None, make: Callable[[Any], str]) -> list[str]:
    """Each record's part of a file, in order: as the build before made it, when `known` gives it,
    else made now."""
    texts = []
    for index, record in enumerate(records):
        text = known(index) if known is not None else None
        texts.append(make(record) if text is None else text)
    return texts


def part_lengths(known: KnownParts | None, texts: Sequence[str]) -> tuple[tuple[str, int], ...]:
    """`OutputFile.parts` for a file of these parts' texts: none without a build that keeps them."""
    if known is None:
        return ()
    return tuple((known.key(index), len(text.encode("utf-8"))) for index, text in enumerate(texts))


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site, made in memory: its path under the site folder and its bytes."""

    path: str
    content: bytes
    media_type: str
    bulk: bool = False  # a CSV download or one of the API's lists (roundbook/export/bulk.py)
    # A file made of parts (a listing's rows, a CSV file's lines): each part's fingerprint and its
    # length in bytes, in order, for a later build to take the unchanged ones from it (KnownParts).
    parts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class SiteInfo:
    """The published site: its address (MkDocs `site_url`), its name, and how page URLs look."""

    url: str
    name: str
    directory_urls: bool = True  # MkDocs `use_directory_urls`: a page is a folder (x/), not a file (x.html)
    api_v1: bool = False  # also publish the frozen version 1 of the JSON API (the plugin's api_v1 option)
    compress_downloads: bool = False  # bulk files gzipped, as rounds.csv.gz (the plugin's compress_downloads option)
    licence: Licence = field(default_factory=lambda: LICENCES["CC-BY-4.0"])
    citation: Citation | None = None

    def __post_init__(self):
        if not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    @property
    def bulk_suffix(self) -> str:
        """What a bulk file's name ends with beyond its format's own suffix: `.gz`, or nothing."""
        return GZIP_SUFFIX if self.compress_downloads else ""

    def absolute(self, path: str) -> str:
        """The full address of a path in the site (roundbook/addresses.py)."""
        return self.url + path

    def profile_url(self, profile: Profile) -> str:
        return self.absolute(addresses.page_url(addresses.profile_page(profile), self.directory_urls))

    def round_url(self, funding_round: Round) -> str:
        return f"{self.profile_url(funding_round.company)}#{addresses.round_anchor(funding_round.id)}"
