"""Find the content files, know what kind each one is from where it stands, and read them."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection
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
    digest: str | None = None  # the SHA-256 of the bytes read, when load_content was given `known`
    known: bool = False  # not read: its checked record is known (load_content's `known`)


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


@dataclass(frozen=True)
class FoundFile:
    """A content file found where a kind of file belongs, not read yet."""

    kind: str
    path: str  # on disk
    shown: str  # as problems name it
    slug: str
    company: str | None = None  # for rounds: the folder they stand in


def read_file(found: FoundFile, data: bytes | None, size: int, problems: Problems) -> ContentFile:
    """The file read from `data`, its bytes (None when `size` is over the limit: not read at all)."""
    if data is None or size > MAX_FILE_BYTES:  # refused before it is read: the limit is there to spare the memory
        problems.add(Mark(found.shown, 1, 1), file_too_large(size))
        tree = None
    else:
        tree = read_yaml(found.shown, data, problems)
    return ContentFile(found.kind, found.shown, found.slug, tree, found.company)


def _read(loaded: LoadedContent, found: FoundFile, digested: bool) -> None:
    size = os.stat(found.path).st_size
    data = Path(found.path).read_bytes() if size <= MAX_FILE_BYTES else None
    content_file = read_file(found, data, size, loaded.problems)
    if digested and data is not None:
        content_file.digest = hashlib.sha256(data).hexdigest()
    loaded.files.append(content_file)


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


def _survey_within(base: Path, folders: list[Path]) -> list[Path]:
    """The symbolic links among the entries of `base` and under `folders` (which may not exist)."""
    links = {Path(entry.path) for entry in os.scandir(base) if entry.is_symlink()}
    for folder in folders:
        if folder.is_symlink():
            links.add(folder)
        elif folder.is_dir():
            links.update(survey(folder)[0])
    return sorted(links)


def _entries(folder: Path) -> list[os.DirEntry]:
    """What a folder holds, sorted by name; nothing when it is not a folder."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _record_file(
    loaded: LoadedContent,
    found: list[FoundFile],
    entry: os.DirEntry,
    shown_folder: str,
    kind: str,
    where: str,
    company: str | None = None,
) -> None:
    """A file in a folder of records: to read when it is one, reported when it is not."""
    name = entry.name
    if name == KEEP_FILE:
        return
    if is_record_name(name) and entry.is_file():
        found.append(FoundFile(kind, entry.path, f"{shown_folder}/{shown(name)}", name[: -len(".yml")], company))
        return
    path = Path(entry.path)
    if path.suffix.lower() in (".yml", ".yaml") and entry.is_file():
        _misplaced(loaded, path, f"content files end in .yml, in lower case: rename it to {shown(path.stem)}.yml")
    elif entry.is_dir():
        _misplaced(loaded, path, f"{where} holds .yml files and no folders")
    else:
        _misplaced(loaded, path, f"not a content file: {where} holds only .yml files")


def is_record_name(name: str) -> bool:
    """A record file's name: a name, then `.yml` in lower case (Path(name).suffix == ".yml",
    without making a Path of each of a large site's files)."""
    return name.endswith(".yml") and len(name) > len(".yml")


def record_file_at(root: Path, content_dir: str, relative: Path) -> FoundFile | None:
    """The record file at `relative` in the content folder, as find_content finds it, its kind by
    where it stands; None where no record stands (a page, a reference table, a name or a depth no
    record has). Whether it exists is not asked."""
    parts = relative.parts
    if not parts or not is_record_name(parts[-1]):
        return None
    path = root / content_dir / relative
    slug = parts[-1][: -len(".yml")]
    if len(parts) == 2 and parts[0] in PROFILE_FOLDERS:
        return FoundFile(PROFILE_FOLDERS[parts[0]], str(path), _display_path(root, path), slug)
    if len(parts) == 3 and parts[0] == ROUNDS_FOLDER:
        return FoundFile("round", str(path), _display_path(root, path), slug, company=parts[1])
    return None


KNOWN_ENTRIES = {*PROFILE_FOLDERS, ROUNDS_FOLDER, "reference", PAGES_FOLDER, HOME_TEXT, KEEP_FILE}


def load_content(root: Path | str, content_dir: str = "content", known: Collection[str] | None = None) -> LoadedContent:
    """Read every file under `root/content_dir`, collecting problems instead of stopping.

    `known`: record files (as problems name them) whose checked records the caller already has,
    which are found but not read; given, each file read also gets the digest of its bytes, for
    the caller to know its record by next time (roundbook/site/incremental/kept_records.py)."""
    loaded, found = find_content(root, content_dir)
    if found is None:
        return loaded
    for each in found:
        if known is not None and each.shown in known:
            loaded.files.append(ContentFile(each.kind, each.shown, each.slug, None, each.company, known=True))
        else:
            _read(loaded, each, digested=known is not None)
    loaded.pages = load_pages(loaded.root, loaded.root / content_dir, loaded.problems)
    return loaded


def find_content(
    root: Path | str, content_dir: str = "content", rounds_of: Collection[str] | None = None
) -> tuple[LoadedContent, list[FoundFile] | None]:
    """What load_content reads, found and not read: the problems of the places themselves (a file
    out of place, a link, a missing table) and the files to read, in order; None instead of the
    files when nothing may be read. `rounds_of`: only the round folders of these companies; then
    links are looked for only where files are read, and files are not counted."""
    root = Path(root)
    base = root / content_dir
    loaded = LoadedContent(root, content_dir)
    found: list[FoundFile] = []
    if not base.is_dir():
        loaded.problems.add(Mark(content_dir, 1, 1), "the content folder does not exist")
        return loaded, None
    on_the_way = [
        root.joinpath(*Path(content_dir).parts[:depth]) for depth in range(1, len(Path(content_dir).parts) + 1)
    ]
    linked = [folder for folder in on_the_way if folder.is_symlink()]
    if linked:  # the content folder itself, or a folder on the way to it, leads elsewhere
        _misplaced(loaded, linked[0], "a symbolic link; content files must be plain files in the repository")
        loaded.links = [_display_path(root, linked[0])]
        return loaded, None
    if rounds_of is None:
        links, count = survey(base)
    else:
        within = [base / folder for folder in (*PROFILE_FOLDERS, "reference", PAGES_FOLDER)]
        links, count = _survey_within(base, within + [base / ROUNDS_FOLDER / name for name in rounds_of]), 0
    for link in links:
        _misplaced(loaded, link, "a symbolic link; content files must be plain files in the repository")
    loaded.links = [_display_path(root, link) for link in links]
    if count > MAX_CONTENT_FILES:
        loaded.problems.add(
            Mark(content_dir, 1, 1), f"more than {MAX_CONTENT_FILES:,} files; the limit is {MAX_CONTENT_FILES:,}"
        )
    if links or count > MAX_CONTENT_FILES:
        return loaded, None  # read nothing through them, or of them
    for path in sorted(base.iterdir()):
        if path.name not in KNOWN_ENTRIES:
            _misplaced(
                loaded,
                path,
                f"not a content file: {content_dir}/ holds companies/, people/, rounds/, "
                "reference/, pages/ and home.md; move or remove it",
            )
    for folder, kind in PROFILE_FOLDERS.items():
        shown_folder = _display_path(root, base / folder)
        for entry in _entries(base / folder):
            _record_file(loaded, found, entry, shown_folder, kind, f"{folder}/")
    rounds = base / ROUNDS_FOLDER
    if rounds_of is None:
        companies = [Path(entry.path) for entry in _entries(rounds)]
    else:  # the folders asked for, without listing the others
        companies = [rounds / name for name in sorted(rounds_of) if os.path.lexists(rounds / name)]
    for path in companies:
        if path.name == KEEP_FILE:
            continue
        if not path.is_dir():
            _misplaced(loaded, path, "a round file goes in rounds/<company-slug>/, the folder named after its company")
            continue
        shown_folder = _display_path(root, path)
        for entry in _entries(path):
            _record_file(loaded, found, entry, shown_folder, "round", "rounds/<company-slug>/", company=path.name)
    for path in sorted((base / "reference").glob("*")):
        if f"reference/{path.name}" not in REFERENCE_FILES and path.name != KEEP_FILE:
            _misplaced(loaded, path, "not a content file: reference/ holds sectors.yml and currency-rates.yml")
    for relative, kind in REFERENCE_FILES.items():
        path = base / relative
        if path.is_file():
            found.append(FoundFile(kind, str(path), _display_path(root, path), path.stem))
        else:
            loaded.problems.add(Mark(f"{content_dir}/{relative}", 1, 1), f"missing {kind} table")
    return loaded, found
