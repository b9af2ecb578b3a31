"""The hand-written pages on their way through MkDocs: only what was checked is published.

MkDocs publishes every file under its docs_dir (content/pages/) at its own path, and a theme
file, a generated page or a data file at the same path is silently replaced. Here:

- the addresses of the pages and images are compared with every address the site publishes
  itself, before MkDocs touches the site folder, and a clash is a located problem;
- MkDocs is handed the checked text of each page (roundbook/load/pages.py), never the file, and
  any file that was not checked is taken out of the build;
- each page's front matter reaches the theme as escaped text: Material writes `page.meta.title`
  and `description` into the HTML as they are.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable

from mkdocs.structure.files import File, Files

from roundbook.reserved import SITE_ROOTS
from roundbook.validate.pages import CheckedPage, CheckedPages

# What MkDocs is given for a page: front matter that reads as empty (so that MkDocs takes no
# metadata of its own from the text, not even a first line such as `Note: ...`), then the body.
EMPTY_FRONT_MATTER = "---\n{}\n---\n"


def dest_of(uri: str, directory_urls: bool) -> str:
    """Where MkDocs writes the file `uri` of the docs folder: `about.md` -> `about/index.html`."""
    return File(uri, None, "", directory_urls).dest_uri


def _what_is_at(dest: str) -> str:
    root = dest.split("/", 1)[0].split(".", 1)[0]
    return SITE_ROOTS.get(root, "another of its files")


def address_clashes(
    hand_written: CheckedPages, site_files: Iterable[str], pages_path: str, directory_urls: bool
) -> list[str]:
    """`path:1:1: message` for each page or image published where the site publishes something of its own.

    `site_files`: the docs paths of the generated pages (`companies/index.md`) and the paths of the
    other files the site writes (`api/v2/index.json`)."""
    taken = {dest_of(uri, directory_urls) if uri.endswith(".md") else uri for uri in site_files}
    problems = []
    for uri in sorted([*hand_written.pages, *hand_written.images]):
        dest = dest_of(uri, directory_urls) if uri.endswith(".md") else uri
        if dest in taken:
            problems.append(
                f"{pages_path}/{uri}:1:1: it would be published at {dest}, where the site publishes "
                f"{_what_is_at(dest)}; rename it"
            )
    return problems


def keep_only_checked(files: Files, docs_dir: str, hand_written: CheckedPages) -> None:
    """Give MkDocs the checked text of each page; take every other file of the docs folder out."""
    docs = os.path.abspath(docs_dir)
    for file in list(files):
        if file.generated_by is not None or file.src_dir is None or os.path.abspath(file.src_dir) != docs:
            continue  # the theme's files and the plugin's own
        if file.src_uri in hand_written.pages:
            file.content_string = EMPTY_FRONT_MATTER + hand_written.pages[file.src_uri].body
        elif file.src_uri not in hand_written.images:
            files.remove(file)


def page_meta(page: CheckedPage) -> dict:
    """The page's front matter as Material reads it, every text escaped for HTML."""
    meta: dict = {}
    if page.title is not None:
        meta["title"] = html.escape(page.title, quote=False)
    if page.description is not None:
        meta["description"] = html.escape(page.description)
    if page.hide:
        meta["hide"] = list(page.hide)
    return meta


def title_as_text(title: str | None) -> str | None:
    """The title MkDocs found for a page (the text of its first heading, as HTML), escaped for the theme.

    MkDocs strips the heading's tags but leaves its character references, and Material writes the
    title into <title> after stripping tags again, which unescapes them: `&lt;/title&gt;` in a heading
    became a real </title> followed by script. Unescaped once here and escaped again, it stays text."""
    if title is None:
        return None
    return html.escape(html.unescape(title), quote=False)
