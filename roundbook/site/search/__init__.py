"""Site search behind one interface: Material's built-in search, or Pagefind for large sites.

Material's search sends every reader the whole index before the first result: fine for a few
hundred profiles, too much for thousands (290 KB gzipped at 1,350 profiles, 2.7 MB at 13,500).
Pagefind splits its index into chunks and a query fetches only the few it needs, but carries a
fixed cost of its own (its script, worker and WebAssembly, about 95 KB compressed) and needs the
site served over HTTP. `auto` keeps the built-in search below PAGEFIND_FROM_PROFILES profiles,
where it costs a reader little more than Pagefind and also works from `file://` (in the offline
bundle, roundbook/site/offline.py), and switches to Pagefind from there on. docs/pages/run/scale.md
gives the measurements behind the number.

Which engine a site uses is decided here, in `search_engine`, and nowhere else: the build holds
a SearchEngine (engine.py) and calls it, `builtin.py` and `pagefind.py` answer.
"""

from __future__ import annotations

from roundbook.model import Dataset
from roundbook.site.search.builtin import BuiltinSearch, han_names
from roundbook.site.search.engine import SearchEngine
from roundbook.site.search.pagefind import PagefindSearch
from roundbook.site.search.pagefind_filters import profile_filters

# Profiles (companies and people) from which `search: auto` uses Pagefind. Measured with
# benchmarks/build.py and benchmarks/search_payload.py (docs/pages/run/scale-log.md, "Search on large sites"):
# Material's payload (index and worker, gzipped) is 88 KB at 337 profiles, 155 KB at 675 and
# 290 KB at 1,350, about 0.2 KB a profile; Pagefind's first query is 112 KB on a tiny site and
# 150 KB at 1,350 profiles. They cross near 500 profiles; up to 1,000 the built-in search stays
# near 200 KB and keeps what Pagefind lacks (file:// and jieba's Chinese words).
PAGEFIND_FROM_PROFILES = 1000

BUILTIN, PAGEFIND = BuiltinSearch.name, PagefindSearch.name


def choose_search(option: str, profile_count: int) -> str:
    """`builtin` or `pagefind` for the plugin's `search` option and the number of profiles."""
    if option in (BUILTIN, PAGEFIND):
        return option
    return PAGEFIND if profile_count >= PAGEFIND_FROM_PROFILES else BUILTIN


def search_engine(option: str, dataset: Dataset) -> SearchEngine:
    """The engine for the plugin's `search` option, with what it needs of `dataset`."""
    if choose_search(option, len(dataset.organizations) + len(dataset.people)) == PAGEFIND:
        return PagefindSearch(filters=profile_filters(dataset))
    return BuiltinSearch(words=han_names(dataset))
