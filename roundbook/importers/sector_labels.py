"""Sector labels as exports and spreadsheets write them, to the sector slugs of the site.

A label finds its sector, in this order: the mapping file's own `sectors:` table; the slug or
name of a sector in content/reference/sectors.yml (case and spacing do not count); the defaults
below, for Crunchbase's categories and category groups and words ledgers use, each only when
its sector is in the site's table. A label none of them knows is reported, never dropped
silently: the import report names it, and the mapping file can send it somewhere.
"""

from __future__ import annotations

from roundbook.importers.profiles import folded

# Labels -> the starter sectors (content/reference/sectors.yml ships these slugs).
DEFAULTS = {
    "artificial-intelligence": [
        "artificial intelligence", "artificial intelligence (ai)", "ai", "machine learning", "generative ai",
        "deep learning", "natural language processing", "computer vision", "intelligent systems",
        "large language models", "llm", "frontier lab", "ai lab", "foundation models",
    ],
    "semiconductors": ["semiconductor", "semiconductors", "ai chips", "chips", "gpu", "integrated circuit"],
    "cloud-computing": ["cloud computing", "cloud infrastructure", "cloud data services", "cloud", "data center",
                        "data centers", "cloud storage"],
    "software": ["software", "saas", "enterprise software", "developer tools", "developer platform",
                 "developer apis", "information technology"],
    "internet-services": ["internet", "internet services", "social media", "search engine", "consumer internet",
                          "social network"],
    "e-commerce": ["e-commerce", "ecommerce", "marketplace", "online retail"],
    "venture-capital": ["venture capital", "lending and investments"],
}
DEFAULT_LABELS = {label: slug for slug, labels in DEFAULTS.items() for label in labels}


class SectorLabels:
    """Finds the sector slug of a label; `mapped` is the mapping file's table (label -> slug)."""

    def __init__(self, site_sectors: dict[str, str], mapped: dict[str, str] | None = None):
        self.site = site_sectors  # folded slug or name -> slug, from the site's table
        self.mapped = {folded(label): slug for label, slug in (mapped or {}).items()}
        self.slugs = set(site_sectors.values())

    def slug(self, label: str) -> str | None:
        key = folded(label)
        if key in self.mapped:
            return self.mapped[key]
        found = self.site.get(key) or self.site.get(folded(label.replace(" ", "-")))
        if found:
            return found
        default = DEFAULT_LABELS.get(key)
        return default if default in self.slugs else None
