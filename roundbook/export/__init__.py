"""Export: the model as open data files (the JSON API, CSV downloads, Atom feeds, redirect pages), in memory.

Nothing here knows MkDocs: each part returns the bytes of the files it makes, with their paths,
and the site stage adds them to the build.
"""

from __future__ import annotations

from collections.abc import Iterator

from roundbook.export.api import api_files
from roundbook.export.api_v2 import api_v2_files
from roundbook.export.csv_files import csv_files
from roundbook.export.feed import feed_files
from roundbook.export.redirects import redirect_pages
from roundbook.export.site import OutputFile, PartsOf, SiteInfo
from roundbook.export.wanted import Wanted, every_file
from roundbook.history import Freshness
from roundbook.model import Dataset

__all__ = ["OutputFile", "SiteInfo", "iter_open_data_files", "open_data_files"]


def open_data_files(dataset: Dataset, site: SiteInfo, freshness: Freshness | None = None) -> list[OutputFile]:
    """Every open data file of the site, in a stable order; `freshness` dates records from Git when given."""
    return list(iter_open_data_files(dataset, site, freshness))


def iter_open_data_files(
    dataset: Dataset,
    site: SiteInfo,
    freshness: Freshness | None = None,
    wanted: Wanted = every_file,
    parts_of: PartsOf | None = None,
) -> Iterator[OutputFile]:
    """The same, one kind at a time: a large site's API alone is hundreds of megabytes. `wanted`
    is asked about each file made from one profile (roundbook/export/wanted.py); `parts_of` gives
    the items of the API's lists and the lines of the CSV downloads as the build before wrote them
    (roundbook/export/site.py)."""
    freshness = freshness or Freshness(dataset, None)
    yield from api_v2_files(dataset, site, freshness, wanted, parts_of)
    if site.api_v1:
        yield from api_files(dataset, site, freshness, wanted, parts_of)
    yield from csv_files(dataset, site, freshness, parts_of)
    yield from feed_files(dataset, site, freshness, wanted)
    yield from redirect_pages(dataset, site, wanted)
