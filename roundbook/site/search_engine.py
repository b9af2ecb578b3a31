"""Which search a site ships: Material's built-in search, or Pagefind for large sites.

Material's search sends every reader the whole index before the first result: fine for a few
hundred profiles, too much for thousands (290 KB gzipped at 1,350 profiles, 2.7 MB at 13,500).
Pagefind splits its index into chunks and a query fetches only the few it needs, but carries a
fixed cost of its own (its script, worker and WebAssembly, about 95 KB compressed) and needs the
site served over HTTP. `auto` keeps the built-in search below PAGEFIND_FROM_PROFILES profiles,
where it costs a reader little more than Pagefind and also works from `file://` (in the offline
bundle, roundbook/site/offline.py), and switches to Pagefind from there on. docs/pages/run/scale.md
gives the measurements behind the number.
"""

from __future__ import annotations

# Profiles (companies and people) from which `search: auto` uses Pagefind. Measured with
# benchmarks/build.py and benchmarks/search_payload.py (docs/pages/run/scale-log.md, "Search on large sites"):
# Material's payload (index and worker, gzipped) is 88 KB at 337 profiles, 155 KB at 675 and
# 290 KB at 1,350, about 0.2 KB a profile; Pagefind's first query is 112 KB on a tiny site and
# 150 KB at 1,350 profiles. They cross near 500 profiles; up to 1,000 the built-in search stays
# near 200 KB and keeps what Pagefind lacks (file:// and jieba's Chinese words).
PAGEFIND_FROM_PROFILES = 1000

BUILTIN, PAGEFIND = "builtin", "pagefind"


def choose_search(option: str, profile_count: int) -> str:
    """`builtin` or `pagefind` for the plugin's `search` option and the number of profiles."""
    if option in (BUILTIN, PAGEFIND):
        return option
    return PAGEFIND if profile_count >= PAGEFIND_FROM_PROFILES else BUILTIN


def hand_search_to_pagefind(config) -> None:
    """Keep Material's search box in the header, but not its index: Pagefind answers instead.

    Material's header draws the search box only while its search plugin is enabled, and the
    plugin's `enabled` switch also stops its indexing: the two cannot be told apart through
    options. So the plugin stays enabled (the header keeps the box) and only the two events
    that build and write `search/search_index.json` are taken out of MkDocs' event lists
    (`PluginCollection.events`, MkDocs' own dispatch table, frozen with MkDocs 1.6.1): no
    index is built, none is written, and the build saves the time it took. A theme folder goes in
    front of Material's templates with our own `partials/search.html`: only the box's
    root, in which roundbook-search.js builds the same markup and classes, but without the
    `name="search"` form and `data-md-component="search"` that make Material's script fetch the
    index and start its worker, and runs Pagefind behind that box (the theme's with-pagefind
    folder, roundbook/shipped.py). tests/test_pagefind.py fails if the index is written or requested.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        for event in ("page_context", "post_build"):
            handler = getattr(search, f"on_{event}")
            config.plugins.events[event] = [h for h in config.plugins.events[event] if h != handler]
    # The box itself: roundbook/site/theme.py puts the theme's with-pagefind folder first.
