"""Which years of the global timeline are split into a page per month, and where each month is.

A year's page lists every entry of the year with its sources. On a large site a busy year is
one enormous page (about 20,000 entries and 16 MB of HTML in the 10,000-company benchmark), more
than a reader's browser should have to load. A year with more entries than the threshold keeps
its page as a table of its months, and each month gets its own page, with the entries dated only
by the year on a page of their own (roundbook/addresses.py says where each is).
"""

from __future__ import annotations

from roundbook import addresses
from roundbook.model.timeline import MonthGroup

# A year with more entries than this gets a page per month. An entry is about 750 bytes of HTML
# and, with its source in the page's numbered list, about 800 (the 2025 page of the 10,000-company
# benchmark: 20,000 entries, 16 MB; of the 1,000-company one: 2,099 entries, 1.66 MB). The aim is
# a page of at most about 1.5 MB, which is about 1,900 entries; but a site of 1,000 companies
# should keep its years whole, and the busiest year of that benchmark has 2,099 entries. So a year
# stays whole up to 2,500 entries (about 2 MB) and a larger one is split: at 10,000 companies,
# every year but the sparse first and last (1,678 and 1,405 entries), whose pages are 0.9 and 1.1 MB.
MONTH_PAGES_ABOVE = 2500


def month_path(group: MonthGroup, split_years: set[int]) -> str:
    """Where a month is read: its own page in a split year, else its heading on its year's page."""
    if group.year in split_years:
        return addresses.timeline_month(group)
    return addresses.month_on_year_page(group)
