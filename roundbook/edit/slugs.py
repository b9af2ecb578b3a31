"""Slugs made from names: `Moonshot AI` -> `moonshot-ai`, `月之暗面` -> `yue-zhi-an-mian`.

python-slugify does the work, with text-unidecode to transliterate names that are not in Latin
script; both are pinned, so a name always gives the same slug.
"""

from __future__ import annotations

from slugify import slugify

from roundbook.schema.fields import is_slug

MAX_LENGTH = 60
SOURCE_ID_LENGTH = 24


def slug_from_name(name: str) -> str:
    """The slug for a profile's file name; empty when the name has nothing to make one from."""
    slug = slugify(name, max_length=MAX_LENGTH, word_boundary=True)
    return slug if is_slug(slug) else ""


def source_id(publisher: str | None, published: str | None) -> str:
    """A short id to cite a source by: the publisher and the month, such as `bloomberg-2024-02`."""
    parts = [slugify(publisher, max_length=SOURCE_ID_LENGTH, word_boundary=True) if publisher else ""]
    if published:
        parts.append(published[:7])
    slug = "-".join(part for part in parts if part)
    return slug if is_slug(slug) else "source"
