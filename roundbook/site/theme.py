"""Roundbook's theme in front of Material's, with the site's own overrides in front of Roundbook's.

MkDocs looks a theme file up in `config.theme.dirs`, in order, and takes the first it finds. A
site does not name Roundbook's theme in its mkdocs.yml: the plugin puts the shipped folder
(roundbook/theme/) there, and before it the site's `templates/theme/` when there is one, so that
a site overrides one file without copying the others. A `custom_dir` that mkdocs.yml names
itself keeps its place in front of both; in Pagefind mode the with-pagefind folders go first
(their search box replaces Material's: roundbook/site/search/pagefind.py).
"""

from __future__ import annotations

from pathlib import Path

from roundbook.shipped import PAGEFIND_THEME, theme_folders


def install_theme(config, site_templates: Path, pagefind: bool) -> None:
    ours = [str(folder) for folder in theme_folders(site_templates, pagefind)]
    custom_dir = config.theme.custom_dir
    rest = [folder for folder in config.theme.dirs if folder not in ours and folder != custom_dir]
    with_pagefind = [folder for folder in ours if Path(folder).name == PAGEFIND_THEME]
    others = [folder for folder in ours if folder not in with_pagefind]
    explicit = [custom_dir] if custom_dir and custom_dir not in ours else []
    config.theme.dirs[:] = [*with_pagefind, *explicit, *others, *rest]
