"""Names the site uses for itself, which no record, page or file of the content may take.

A profile file named `index.yml` would be published at its folder's index, where the list of every
company is; a page named `api.md` would be published inside the JSON API's folder. Both went
unnoticed before this list: MkDocs (`Files.append`) and the plugin's own page table let the
later file silently replace the earlier. `roundbook validate` (and so the build), `roundbook new`,
`roundbook import` and `roundbook fmt` all refuse them, from this one list; tests/test_reserved.py
builds a site and checks that every top-level name in it is in SITE_ROOTS, which
roundbook/addresses.py keeps beside the folders it names, so that a new page kind cannot forget
to add its folder.
"""

from __future__ import annotations

from roundbook.addresses import INDEX, LISTING_FOLDER, SITE_ROOTS

# In a folder of pages (the profiles', the sectors'), these names are the folder's own index and
# the further pages and rows of its listing (companies/list/2/, companies/list/rows.json).
RESERVED_SLUGS = {
    INDEX: "the page that lists the whole folder",
    LISTING_FOLDER: "the further pages of the folder's list",
}


def reserved_slug(slug: str) -> str | None:
    """Why `slug` cannot name a profile or a sector, or None when it can."""
    what = RESERVED_SLUGS.get(slug)
    return f"'{slug}' is reserved for {what}; choose another slug" if what else None


def reserved_page_root(name: str) -> str | None:
    """Why a page or folder of pages at the top of content/pages/ cannot be called `name`."""
    what = SITE_ROOTS.get(name.lower())
    return f"'{name}' is where the site publishes {what}; choose another name" if what else None
