"""Old addresses keep working: a small HTML page at each former slug that sends readers on.

No JavaScript: a zero-second meta refresh moves browsers, the canonical link tells search engines
where the page now lives (and `noindex` keeps the old address out of their results), and a plain
link serves anyone whose browser does not follow refreshes. A browser does not carry the `#round-…`
part of an old link across a meta refresh, so such a link lands at the top of the new profile.
"""

from __future__ import annotations

import posixpath
from html import escape

from roundbook import addresses
from roundbook.export.site import OutputFile, SiteInfo
from roundbook.export.wanted import Wanted, every_file
from roundbook.model import Dataset

_PAGE = """\
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{name} has moved</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{canonical}">
<meta http-equiv="refresh" content="0; url={relative}">
</head>
<body>
<p>This page has moved to <a href="{relative}">{name}</a>.</p>
</body>
</html>
"""


def redirect_page(site: SiteInfo, old_slug: str, profile) -> OutputFile:
    old_file = redirect_path(site, old_slug, profile)
    new_path = addresses.page_url(addresses.profile_page(profile), site.directory_urls)
    # Relative, so the redirect also works in a local copy of the site and under any base path.
    relative = posixpath.relpath(new_path, posixpath.dirname(old_file))
    if new_path.endswith("/"):
        relative += "/"
    text = _PAGE.format(name=escape(profile.name), canonical=escape(site.absolute(new_path)), relative=escape(relative))
    return OutputFile(old_file, text.encode("utf-8"), "text/html")


def redirect_path(site: SiteInfo, old_slug: str, profile) -> str:
    return addresses.page_file(addresses.former_profile_page(profile, old_slug), site.directory_urls)


def redirect_pages(dataset: Dataset, site: SiteInfo, wanted: Wanted = every_file) -> list[OutputFile]:
    """`wanted` is asked about each page before it is made (roundbook/export/wanted.py)."""
    return [
        redirect_page(site, old_slug, organization)
        for organization in dataset.organizations.values()
        for old_slug in organization.former_slugs
        if wanted(redirect_path(site, old_slug, organization))
    ]
