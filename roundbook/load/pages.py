"""Read the hand-written pages (content/home.md, content/pages/) and list the files beside them.

A page is Markdown with optional front matter between `---` lines; everything in it may come
from a stranger, like a record. Each page is read here once, whole: its bytes against a size
budget, as UTF-8, its text against the characters no content may hold, and its front matter into
the same located node tree as a record's YAML (validated by roundbook/validate/pages.py). MkDocs
is then given this checked text, never the file (roundbook/site/plugin.py).

Beside the pages, only images under content/pages/images/ are published, each checked by its
first bytes: anything else is reported here, so that nothing unchecked reaches the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from roundbook.load.yaml_nodes import Node, decode_utf8, read_yaml
from roundbook.problems import Mark, Problems
from roundbook.text_safety.characters import unsafe_characters

HOME_TEXT = "home.md"
PAGES_FOLDER = "pages"
IMAGES_FOLDER = "images"  # content/pages/images/ is published as images/, a folder nothing else uses
MAX_PAGE_BYTES = 200_000  # the methodology page, the longest shipped, is about 5 KB
MAX_IMAGE_BYTES = 5_000_000
KEEP_FILE = ".gitkeep"  # an empty folder's placeholder for Git: never published, never a problem

# MkDocs' own front matter pattern (mkdocs/utils/meta.py), so both read the same lines as front matter.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)

# Each image type by the bytes its files start with; SVG is not among them (see _check_image).
IMAGE_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),  # then four bytes of size, then WEBP
}
IMAGE_NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class PageSource:
    """One hand-written page, read and split: the checks of roundbook/validate/pages.py come next."""

    path: str  # as shown to people: content/pages/about.md
    uri: str  # where MkDocs knows it, relative to content/pages/ (`about.md`); home.md for the home text
    front_matter: Node | None  # as read: validate/pages.py checks that it is a mapping
    body: str  # the Markdown after the front matter
    body_line: int  # the line of the file the body starts on, for located problems in it


@dataclass
class PagesContent:
    """The pages, the home text, and the images to publish beside the pages (paths under pages/)."""

    home: PageSource | None = None
    pages: list[PageSource] | None = None
    images: list[str] | None = None


def _located(path: str, text: str, index: int, line_offset: int) -> Mark:
    line_start = text.rfind("\n", 0, index) + 1
    return Mark(path, text.count("\n", 0, index) + 1 + line_offset, index - line_start + 1)


def read_page(path: str, uri: str, data: bytes, problems: Problems) -> PageSource | None:
    """One page's bytes, checked and split into front matter and body; None when it cannot be read."""
    if len(data) > MAX_PAGE_BYTES:
        problems.add(Mark(path, 1, 1), f"the page is {len(data):,} bytes; the limit is {MAX_PAGE_BYTES:,} bytes")
        return None
    text = decode_utf8(path, data, problems)
    if text is None:
        return None
    # As MkDocs reads it: any line ending is a newline.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    refused = unsafe_characters(text)
    for unsafe in refused:
        problems.add(_located(path, text, unsafe.index, 0), unsafe.message)
    if refused:
        return None
    front_matter, body, body_line = None, text, 1
    if (match := FRONT_MATTER.match(text)) is not None:
        written = [line for line in match.group(1).split("\n") if line.strip() and not line.lstrip().startswith("#")]
        if written:
            # Read with the line of the opening `---` kept, so that marks are the file's own lines.
            front_matter = read_yaml(path, ("\n" + match.group(1)).encode("utf-8"), problems)
            if front_matter is None:
                return None
        body_line = text.count("\n", 0, match.end()) + 1
        body = text[match.end() :]
    return PageSource(path, uri, front_matter, body, body_line)


def _read_file(root: Path, path: Path, problems: Problems, uri: str) -> PageSource | None:
    shown = path.relative_to(root).as_posix()
    size = path.stat().st_size
    if size > MAX_PAGE_BYTES:  # refused before it is read
        problems.add(Mark(shown, 1, 1), f"the page is {size:,} bytes; the limit is {MAX_PAGE_BYTES:,} bytes")
        return None
    return read_page(shown, uri, path.read_bytes(), problems)


def _check_image(shown: str, path: Path, relative: str, problems: Problems) -> bool:
    suffix = path.suffix.lower()
    if suffix == ".svg":
        problems.add(
            Mark(shown, 1, 1), "SVG images are not published: an SVG file can carry script; save it as PNG or WebP"
        )
        return False
    if suffix not in IMAGE_SIGNATURES or path.suffix != suffix:
        problems.add(
            Mark(shown, 1, 1),
            "content/pages/images/ holds images ending in .png, .jpg, .jpeg, .gif or "
            ".webp (in lower case); this file would not be published",
        )
        return False
    for part in [*relative.split("/")[1:-1], path.stem]:
        if not IMAGE_NAME.match(part):
            problems.add(
                Mark(shown, 1, 1),
                f"image and folder names are slugs, and '{part}' is not: use lowercase a-z, 0-9 and single hyphens",
            )
            return False
    size = path.stat().st_size
    if size > MAX_IMAGE_BYTES:
        problems.add(Mark(shown, 1, 1), f"the image is {size:,} bytes; the limit is {MAX_IMAGE_BYTES:,} bytes")
        return False
    with open(path, "rb") as image:
        start = image.read(12)
    if not any(start.startswith(signature) for signature in IMAGE_SIGNATURES[suffix]) or (
        suffix == ".webp" and start[8:12] != b"WEBP"
    ):
        problems.add(Mark(shown, 1, 1), f"the file is not a {suffix[1:].upper()} image, whatever its name says")
        return False
    return True


def _walk(folder: Path):
    """Every file under `folder`, sorted, with its path relative to it."""
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path, path.relative_to(folder).as_posix()


def load_pages(root: Path, content: Path, problems: Problems) -> PagesContent:
    """The home text, the pages and the images beside them, each checked as it is read."""
    read: list[PageSource] = []
    images: list[str] = []
    found = PagesContent(pages=read, images=images)
    home = content / HOME_TEXT
    if home.is_file():
        found.home = _read_file(root, home, problems, HOME_TEXT)
    pages = content / PAGES_FOLDER
    if not pages.is_dir():
        return found
    for path, relative in _walk(pages):
        shown = path.relative_to(root).as_posix()
        if path.name == KEEP_FILE:
            continue
        if relative.startswith(IMAGES_FOLDER + "/"):
            if _check_image(shown, path, relative, problems):
                images.append(relative)
        elif path.suffix == ".md":
            page = _read_file(root, path, problems, relative)
            if page is not None:
                read.append(page)
        else:
            problems.add(
                Mark(shown, 1, 1),
                "content/pages/ publishes Markdown pages (.md) and images in "
                "content/pages/images/; this file would not be published: remove it",
            )
    return found
