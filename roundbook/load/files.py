"""Find the content files, know what kind each one is from where it stands, and read them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from roundbook.load.yaml_nodes import MAX_FILE_BYTES, Mapping, file_too_large, read_yaml
from roundbook.problems import Mark, Problems

# Where each kind of file lives, relative to the content folder.
PROFILE_FOLDERS = {"companies": "organization", "people": "person"}
ROUNDS_FOLDER = "rounds"
REFERENCE_FILES = {
    "reference/sectors.yml": "sectors",
    "reference/currency-rates.yml": "currency-rates",
}
DATA_FOLDERS = (*PROFILE_FOLDERS, ROUNDS_FOLDER, "reference")


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
    links: list[str] = field(default_factory=list)  # symbolic links found, which stop all reading

    def of_kind(self, kind: str) -> list[ContentFile]:
        return [f for f in self.files if f.kind == kind]


def _display_path(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


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


def symbolic_links(folder: Path) -> list[Path]:
    """Every symbolic link under `folder`, without following any: one could lead anywhere on the
    machine that builds the site, and MkDocs copies what the links under its docs_dir point to
    into the published site."""
    found, pending = [], [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    found.append(Path(entry.path))
                elif entry.is_dir():
                    pending.append(Path(entry.path))
    return sorted(found)


def load_content(root: Path | str, content_dir: str = "content") -> LoadedContent:
    """Read every data file under `root/content_dir`, collecting problems instead of stopping."""
    root = Path(root)
    base = root / content_dir
    loaded = LoadedContent(root, content_dir)
    if not base.is_dir():
        loaded.problems.add(Mark(content_dir, 1, 1), "the content folder does not exist")
        return loaded
    links = symbolic_links(base)
    for link in links:
        _misplaced(loaded, link, "a symbolic link; content files must be plain files in the repository")
    loaded.links = [_display_path(root, link) for link in links]
    if links:
        return loaded  # read nothing through them
    for folder, kind in PROFILE_FOLDERS.items():
        for path in sorted((base / folder).glob("*")):
            if path.suffix == ".yml" and path.is_file():
                _read(loaded, kind, path)
            elif path.suffix == ".yaml":
                _misplaced(loaded, path, "content files end in .yml, not .yaml")
            elif path.is_dir():
                _misplaced(loaded, path, f"{folder}/ holds one .yml file per profile and no folders")
    for path in sorted((base / ROUNDS_FOLDER).glob("*")):
        if not path.is_dir():
            _misplaced(loaded, path, "a round file goes in rounds/<company-slug>/, the folder named after its company")
            continue
        for round_path in sorted(path.glob("*")):
            if round_path.suffix == ".yml" and round_path.is_file():
                _read(loaded, "round", round_path, company=path.name)
            else:
                _misplaced(loaded, round_path, "round files are .yml files directly inside rounds/<company-slug>/")
    for relative, kind in REFERENCE_FILES.items():
        path = base / relative
        if path.is_file():
            _read(loaded, kind, path)
        else:
            loaded.problems.add(Mark(f"{content_dir}/{relative}", 1, 1), f"missing {kind} table")
    return loaded
