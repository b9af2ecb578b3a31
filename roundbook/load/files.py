"""Find the content files, know what kind each one is from where it stands, and read them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from roundbook.load.pages import HOME_TEXT, KEEP_FILE, PAGES_FOLDER, PagesContent, load_pages
from roundbook.load.yaml_nodes import MAX_FILE_BYTES, Mapping, file_too_large, read_yaml
from roundbook.problems import Mark, Problems
from roundbook.text_safety.characters import shown

# Where each kind of file lives, relative to the content folder: the content layout, which
# `new`, `import` and the history ask here. Where the site publishes the records is another
# question, answered by roundbook/addresses.py.
PROFILE_FOLDERS = {"companies": "organization", "people": "person"}
FOLDER_OF_KIND = {kind: folder for folder, kind in PROFILE_FOLDERS.items()}  # organization -> companies
ROUNDS_FOLDER = "rounds"
REFERENCE_FILES = {
    "reference/sectors.yml": "sectors",
    "reference/currency-rates.yml": "currency-rates",
}
# Far above a 10,000-company site (about 65,000 files); a content folder past it is refused before
# anything is read, rather than built into a site no host would take.
MAX_CONTENT_FILES = 250_000


@dataclass
class ContentFile:
    """One YAML file: its kind, the path shown to people, its slug, and its node tree."""

    kind: str
    path: str
    slug: str
    tree: Mapping | None
    company: str | None = None  # for rounds: the folder they stand in


@dataclass
class LoadedContent:
    root: Path
    content_dir: str
    files: list[ContentFile] = field(default_factory=list)
    problems: Problems = field(default_factory=Problems)
    pages: PagesContent = field(default_factory=PagesContent)
    links: list[str] = field(default_factory=list)  # symbolic links found, which stop all reading

    def paths(self) -> list[str]:
        """Every file read, as shown in problems: records, pages, the home text and the images."""
        pages = [page.path for page in [self.pages.home, *(self.pages.pages or [])] if page is not None]
        images = [f"{self.content_dir}/{PAGES_FOLDER}/{image}" for image in self.pages.images or []]
        return [*(f.path for f in self.files), *pages, *images]


def _display_path(root: Path, path: Path) -> str:
    """The path as printed in problems: a file name can hold a control character too."""
    try:
        return shown(path.relative_to(root).as_posix())
    except ValueError:
        return shown(path.as_posix())


def _read(loaded: LoadedContent, kind: str, path: Path, company: str | None = None) -> None:
    shown = _display_path(loaded.root, path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:  # refused before it is read: the limit is there to spare the memory
        loaded.problems.add(Mark(shown, 1, 1), file_too_large(size))
        tree = None
    else:
        tree = read_yaml(shown, path.read_bytes(), loaded.problems)
    loaded.files.append(ContentFile(kind, shown, path.stem, tree, company))


def _misplaced(loaded: LoadedContent, path: Path, message: str) -> None:
    loaded.problems.add(Mark(_display_path(loaded.root, path), 1, 1), message)


def survey(folder: Path) -> tuple[list[Path], int]:
    """Every symbolic link under `folder`, without following any, and how many files it holds
    (counted up to one past the limit). A link could lead anywhere on the machine that builds the
    site, and MkDocs copies what the links under its docs_dir point to into the published site."""
    links, count, pending = [], 0, [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    links.append(Path(entry.path))
                elif entry.is_dir():
                    pending.append(Path(entry.path))
                elif count <= MAX_CONTENT_FILES:
                    count += 1
    return sorted(links), count


def _record_file(loaded: LoadedContent, path: Path, kind: str, where: str, company: str | None = None) -> None:
    """A file in a folder of records: read when it is one, reported when it is not."""
    if path.name == KEEP_FILE:
        return
    if path.suffix == ".yml" and path.is_file():
        _read(loaded, kind, path, company)
    elif path.suffix.lower() in (".yml", ".yaml") and path.is_file():
        _misplaced(loaded, path, f"content files end in .yml, in lower case: rename it to {shown(path.stem)}.yml")
    elif path.is_dir():
        _misplaced(loaded, path, f"{where} holds .yml files and no folders")
    else:
        _misplaced(loaded, path, f"not a content file: {where} holds only .yml files")


KNOWN_ENTRIES = {*PROFILE_FOLDERS, ROUNDS_FOLDER, "reference", PAGES_FOLDER, HOME_TEXT, KEEP_FILE}


def load_content(root: Path | str, content_dir: str = "content") -> LoadedContent:
    """Read every file under `root/content_dir`, collecting problems instead of stopping."""
    root = Path(root)
    base = root / content_dir
    loaded = LoadedContent(root, content_dir)
    if not base.is_dir():
        loaded.problems.add(Mark(content_dir, 1, 1), "the content folder does not exist")
        return loaded
    on_the_way = [
        root.joinpath(*Path(content_dir).parts[:depth]) for depth in range(1, len(Path(content_dir).parts) + 1)
    ]
    linked = [folder for folder in on_the_way if folder.is_symlink()]
    if linked:  # the content folder itself, or a folder on the way to it, leads elsewhere
        _misplaced(loaded, linked[0], "a symbolic link; content files must be plain files in the repository")
        loaded.links = [_display_path(root, linked[0])]
        return loaded
    links, count = survey(base)
    for link in links:
        _misplaced(loaded, link, "a symbolic link; content files must be plain files in the repository")
    loaded.links = [_display_path(root, link) for link in links]
    if count > MAX_CONTENT_FILES:
        loaded.problems.add(
            Mark(content_dir, 1, 1), f"more than {MAX_CONTENT_FILES:,} files; the limit is {MAX_CONTENT_FILES:,}"
        )
    if links or count > MAX_CONTENT_FILES:
        return loaded  # read nothing through them, or of them
    for path in sorted(base.iterdir()):
        if path.name not in KNOWN_ENTRIES:
            _misplaced(
                loaded,
                path,
                f"not a content file: {content_dir}/ holds companies/, people/, rounds/, "
                "reference/, pages/ and home.md; move or remove it",
            )
    for folder, kind in PROFILE_FOLDERS.items():
        for path in sorted((base / folder).glob("*")):
            _record_file(loaded, path, kind, f"{folder}/")
    for path in sorted((base / ROUNDS_FOLDER).glob("*")):
        if path.name == KEEP_FILE:
            continue
        if not path.is_dir():
            _misplaced(loaded, path, "a round file goes in rounds/<company-slug>/, the folder named after its company")
            continue
        for round_path in sorted(path.glob("*")):
            _record_file(loaded, round_path, "round", "rounds/<company-slug>/", company=path.name)
    for path in sorted((base / "reference").glob("*")):
        if f"reference/{path.name}" not in REFERENCE_FILES and path.name != KEEP_FILE:
            _misplaced(loaded, path, "not a content file: reference/ holds sectors.yml and currency-rates.yml")
    for relative, kind in REFERENCE_FILES.items():
        path = base / relative
        if path.is_file():
            _read(loaded, kind, path)
        else:
            loaded.problems.add(Mark(f"{content_dir}/{relative}", 1, 1), f"missing {kind} table")
    loaded.pages = load_pages(root, base, loaded.problems)
    return loaded
