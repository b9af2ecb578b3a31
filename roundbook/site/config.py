"""Options of the `roundbook` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from roundbook.export.licence import LICENCES


class RoundbookConfig(base.Config):
    content_dir = c.Type(str, default="content")
    """Folder of YAML records and hand-written text, relative to mkdocs.yml."""

    templates_dir = c.Type(str, default="templates")
    """The site's own templates, relative to mkdocs.yml: each replaces Roundbook's of the same name (theme files in its theme/ folder)."""

    data_licence = c.Choice(tuple(LICENCES), default="CC-BY-4.0")
    """The licence of the data, as an SPDX id: shown in every page's footer, the API index and the feeds."""

    git_history = c.Type(bool, default=True)
    """Read when each content file last changed from Git (one `git log` per build); false to skip."""

    api_v1 = c.Type(bool, default=False)
    """Also publish the frozen version 1 of the JSON API at api/v1/ (for sites that published it before)."""

    compress_downloads = c.Type(bool, default=False)
    """Publish the CSV downloads and the JSON API's three lists gzipped (rounds.csv.gz), for a large site near its host's size limit."""

    search = c.Choice(("auto", "builtin", "pagefind"), default="auto")
    """Site search: Material's built-in search, Pagefind, or `auto` (Pagefind from PAGEFIND_FROM_PROFILES profiles on)."""

    workers = c.Type(int, default=0)
    """Processes that render the pages and the open data files together: 0 (the default) for one per core, 1 for none beside the build's own."""

    incremental = c.Type(bool, default=True)
    """Keep what each build made in `.roundbook-cache/`, and make again only what changed since (false: build everything each time)."""

    max_site_mb = c.Type(int, default=1000)
    """The largest site the build may write, in megabytes: GitHub Pages publishes at most 1,000 (1 GB). The build warns from 80 %."""

    quick_preview = c.Type(bool, default=True)
    """Under `mkdocs serve`: an edit to a record shows on its profiles before the whole site is built again, from a process that keeps the content loaded."""
