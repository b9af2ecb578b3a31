"""What the plugin needs of mkdocs.yml, checked before anything is built, and what it adds itself.

A site made by `roundbook init` has all of it; a site configured by hand may miss something, and
each miss is a problem located at the key in mkdocs.yml (line 1 when the key is not written),
all at once, rather than a build that fails later with a message about something else.
"""

from __future__ import annotations

import re
from pathlib import Path

from roundbook.load.pages import PAGES_FOLDER

# The theme's scripts and styles that every page needs: added to extra_css and extra_javascript
# when mkdocs.yml does not list them itself, in this order.
OWN_CSS = ["assets/roundbook.css"]
OWN_JAVASCRIPT = [
    "assets/vendor/tablesort/tablesort.min.js",
    "assets/vendor/tablesort/tablesort.number.min.js",
    "assets/roundbook.js",
]


def _line_of(config_text: str, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}\s*:", config_text, re.MULTILINE)
    return config_text.count("\n", 0, match.start()) + 1 if match else 1


def config_problems(config, root: Path, content_dir: str) -> list[str]:
    """`mkdocs.yml:line:1: message` for each setting the plugin cannot build without."""
    path = Path(config.config_file_path)
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    shown = path.name
    problems = []

    def problem(key: str, message: str) -> None:
        problems.append(f"{shown}:{_line_of(text, key)}:1: {message}")

    if not config.site_url:
        problem(
            "site_url",
            "site_url is missing: set it to the address the site is published at, such as "
            "https://example.org/tracker/; feeds, the JSON API and redirect pages link with it",
        )
    pages = (root / content_dir / PAGES_FOLDER).resolve()
    if Path(config.docs_dir).resolve() != pages:
        problem(
            "docs_dir",
            f"docs_dir must be {content_dir}/{PAGES_FOLDER}, the folder of the site's hand-written "
            "pages: write docs_dir: " + f"{content_dir}/{PAGES_FOLDER}",
        )
    if config.theme.name != "material":
        problem(
            "theme",
            f"Roundbook's pages are made for the theme material, not {config.theme.name}: write "
            "theme: {name: material}",
        )
    if config.plugins.get("material/search") is None and config.plugins.get("search") is None:
        problem(
            "plugins",
            "the search plugin is missing: list it under plugins, after roundbook (Roundbook's "
            "search box and Pagefind on large sites use it)",
        )
    return problems


def add_own_assets(config) -> None:
    """The theme's scripts and styles, unless mkdocs.yml lists them already."""
    for listed, own in ((config.extra_css, OWN_CSS), (config.extra_javascript, OWN_JAVASCRIPT)):
        present = {str(item) for item in listed}
        listed.extend(item for item in own if item not in present)
