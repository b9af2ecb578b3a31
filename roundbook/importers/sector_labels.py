"""Sector labels as exports and spreadsheets write them, to the sector slugs of the site.

A label finds its sector, in this order: the mapping file's own `sectors:` table; the slug or
name of a sector in content/reference/sectors.yml (case and spacing do not count); the defaults
below, for Crunchbase's categories and category groups and words ledgers use, each only when
its sector is in the site's table. A label none of them knows is never dropped silently: as the
mapping file's `unknown_sectors:` says, the import report names it (`report`, the default), or the
import adds it to content/reference/sectors.yml as a new sector (`add`): its slug made from the
label as a profile's is, its name the label. A label whose slug is reserved, or is already another
sector's, is not added, and the report says why.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from roundbook.edit.skeleton import _reads_back_as_text
from roundbook.edit.slugs import slug_from_name
from roundbook.importers.profiles import folded
from roundbook.load.yaml_nodes import Scalar
from roundbook.problems import Mark, Problems
from roundbook.reserved import RESERVED_SLUGS
from roundbook.schema.fields import CheckContext, FieldType, MapType, ObjectType
from roundbook.schema.kinds import SECTORS


def _sector_name_type() -> FieldType:
    """The type of a sector's name in the sectors file: the check a label's new sector passes."""
    table = SECTORS.by_name["sectors"].type
    assert isinstance(table, MapType) and isinstance(table.value, ObjectType)  # slug -> sector (schema/kinds.py)
    return table.value.by_name["name"].type


SECTOR_NAME = _sector_name_type()

# Labels -> the starter sectors (content/reference/sectors.yml ships these slugs).
DEFAULTS = {
    "artificial-intelligence": [
        "artificial intelligence",
        "artificial intelligence (ai)",
        "ai",
        "machine learning",
        "generative ai",
        "deep learning",
        "natural language processing",
        "computer vision",
        "intelligent systems",
        "large language models",
        "llm",
        "frontier lab",
        "ai lab",
        "foundation models",
    ],
    "semiconductors": ["semiconductor", "semiconductors", "ai chips", "chips", "gpu", "integrated circuit"],
    "cloud-computing": [
        "cloud computing",
        "cloud infrastructure",
        "cloud data services",
        "cloud",
        "data center",
        "data centers",
        "cloud storage",
    ],
    "software": [
        "software",
        "saas",
        "enterprise software",
        "developer tools",
        "developer platform",
        "developer apis",
        "information technology",
    ],
    "internet-services": [
        "internet",
        "internet services",
        "social media",
        "search engine",
        "consumer internet",
        "social network",
    ],
    "e-commerce": ["e-commerce", "ecommerce", "marketplace", "online retail"],
    "venture-capital": ["venture capital", "lending and investments"],
}
DEFAULT_LABELS = {label: slug for slug, labels in DEFAULTS.items() for label in labels}


@dataclass(frozen=True)
class NewSector:
    """A sector an import adds for a label of its input (`unknown_sectors: add`)."""

    slug: str
    name: str


class SectorLabels:
    """Finds the sector slug of a label; `mapped` is the mapping file's table (label -> slug).
    With `names` (the site's sectors, slug -> name) it can also add a sector for a label: `new_sector`."""

    def __init__(
        self, site_sectors: dict[str, str], mapped: dict[str, str] | None = None, names: dict[str, str] | None = None
    ):
        self.site = dict(site_sectors)  # folded slug or name -> slug, from the site's table
        self.mapped = {folded(label): slug for label, slug in (mapped or {}).items()}
        self.slugs = set(site_sectors.values())
        self.adding = names is not None
        self.names = dict(names or {})  # slug -> name: the site's sectors, then the ones added
        self.new: dict[str, NewSector] = {}  # by slug, in the order the input names them

    def new_sector(self, label: str, today: dt.date) -> tuple[str | None, str | None]:
        """(the slug of a sector added for `label`, None), or (None, why none can be)."""
        slug = slug_from_name(label)
        if not slug:
            return None, "it makes no slug"
        if slug in RESERVED_SLUGS:
            return None, f"its slug '{slug}' is reserved for {RESERVED_SLUGS[slug]}"
        if slug in self.names:
            return None, f"its slug '{slug}' is already the sector {self.names[slug]}'s"
        if not _reads_back_as_text(slug):  # yes, 2024, null: a YAML tool reads them as another thing
            return None, f"its slug '{slug}' does not read as plain text in YAML"
        problems = Problems()
        SECTOR_NAME.check(Scalar(Mark("", 1, 1), label, label, True), CheckContext(problems, today), "name")
        if problems:
            return None, problems.items[0].message
        self.new[slug] = NewSector(slug, label)
        self.names[slug] = label
        self.slugs.add(slug)
        self.site[folded(label)] = self.site[slug] = slug  # the same label, or its slug, finds it again
        return slug, None

    def slug(self, label: str) -> str | None:
        key = folded(label)
        if key in self.mapped:
            return self.mapped[key]
        found = self.site.get(key) or self.site.get(folded(label.replace(" ", "-")))
        if found:
            return found
        default = DEFAULT_LABELS.get(key)
        return default if default in self.slugs else None
