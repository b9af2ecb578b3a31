"""Names the site uses for itself, which no record, page or file of the content may take.

A profile file named `index.yml` would be published at companies/index.md, where the list of every
company is; a page named `api.md` would be published inside the JSON API's folder. Both went
unnoticed before this list: MkDocs (`Files.append`) and the plugin's own page table let the
later file silently replace the earlier. `roundbook validate` (and so the build), `roundbook new`,
`roundbook import` and `roundbook fmt` all refuse them, from this one list; tests/test_reserved.py
builds a site and checks that every top-level name in it is listed here, so that a new page
kind cannot forget to add its folder.
"""

from __future__ import annotations

# In a folder of profiles (companies/, people/) or of sectors, these names are the folder's own pages.
RESERVED_SLUGS = {
    "index": "the page that lists the whole folder",
}

# The top level of the built site: folders and pages the site itself publishes. A hand-written page
# (content/pages/<name>.md, or a folder of pages) may take none of these names.
SITE_ROOTS = {
    "index": "the home page",
    "companies": "the company and investor profiles",
    "investors": "the list of investors",
    "people": "the people's profiles",
    "timeline": "the timeline",
    "stats": "the statistics page",
    "sectors": "the sector pages",
    "countries": "the country pages",
    "data": "the data page and the downloads",
    "changes": "the recent changes page",
    "api": "the JSON API",
    "feeds": "the Atom feeds",
    "schemas": "the JSON Schemas of the content files",
    "assets": "the theme's scripts, styles and icons",
    "search": "the search index",
    "pagefind": "the search index (on large sites)",
    "images": "the images of content/pages/images/",
    "404": "the page shown for an address that does not exist",
    "sitemap": "the sitemap",
    "citation": "the CITATION.cff file",
}


def reserved_slug(slug: str) -> str | None:
    """Why `slug` cannot name a profile or a sector, or None when it can."""
    what = RESERVED_SLUGS.get(slug)
    return f"'{slug}' is reserved for {what}; choose another slug" if what else None


def reserved_page_root(name: str) -> str | None:
    """Why a page or folder of pages at the top of content/pages/ cannot be called `name`."""
    what = SITE_ROOTS.get(name.lower())
    return f"'{name}' is where the site publishes {what}; choose another name" if what else None
