"""Which years of the global timeline are split into a page per month, and where each month is.

A year's page lists every entry of the year with its sources. On a large site a busy year is
one enormous page (about 20,000 entries and 16 MB of HTML in the 10,000-company benchmark), more
than a reader's browser should have to load. A year with more entries than the threshold keeps
its page as a listing of its entries, a page at a time (roundbook/render/listings.py), and a
table of its months, and each month gets its own page, with the entries dated only by the year
on a page of their own (roundbook/addresses.py says where each is).
"""

from __future__ import annotations

from roundbook import addresses
from roundbook.model.timeline import MonthGroup

# A year with more entries than this gets a page per month. An entry is about 750 bytes of HTML
# and, with its source in the page's numbered list, about 800 (the 2025 page of the 10,000-company
# benchmark: 20,000 entries, 16 MB; of the 1,000-company one: 2,099 entries, 1.66 MB). A split
# year's own page lists its entries a hundred at a time, with the same filters over all of them,
# from a JSON file (roundbook/render/listings.py), so splitting costs its readers nothing, and a
# whole year's page takes time to become usable in proportion to its size: on a busy 2-core
# machine, 0.8 s for 150 KB, 1.7 s for 480 KB (about 600 entries), 4.8 s for the 1.66 MB above
# (benchmarks/listing_speed.py). So a year stays whole up to 500 entries (about 0.4 MB) and a
# larger one is split. It was 2,500 while a split year's page was only the table of its months.
MONTH_PAGES_ABOVE = 500


def month_path(group: MonthGroup, split_years: set[int]) -> str:
    """Where a month is read: its own page in a split year, else its heading on its year's page."""
    if group.year in split_years:
        return addresses.timeline_month(group)
    return addresses.month_on_year_page(group)
