"""Where the files Roundbook ships with its code are, and how a site's own files come first.

Everything a site needs to build is inside the package: the page templates (templates/), the
theme that Material's templates are overridden with (theme/), and what `roundbook init` writes
into a new site (scaffold/). A site changes any of them without copying the rest: a file of
the same name in the site's own `templates/` folder (a page template) or `templates/theme/`
(a theme file) is found first, and every other file still comes from here.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
PAGE_TEMPLATES = PACKAGE / "templates"
THEME = PACKAGE / "theme"
# Inside a theme folder: the templates that replace Material's search box in Pagefind mode.
PAGEFIND_THEME = "with-pagefind"
SCAFFOLD = PACKAGE / "scaffold"
SITE_THEME = "theme"  # inside the site's templates folder: its own theme overrides


def template_folders(site_templates: Path) -> list[Path]:
    """Where page templates are looked up, the site's own folder first when it has one."""
    return [folder for folder in (site_templates, PAGE_TEMPLATES) if folder.is_dir()]


def theme_folders(site_templates: Path, pagefind: bool = False) -> list[Path]:
    """The theme folders that go in front of Material's, most particular first."""
    folders = [site_templates / SITE_THEME, THEME]
    if pagefind:
        folders = [folder / PAGEFIND_THEME for folder in folders] + folders
    return [folder for folder in folders if folder.is_dir()]


def shown_path(path: Path, root: Path) -> str:
    """A shipped or site file as a problem names it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
