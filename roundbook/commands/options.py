"""Options shared by several commands: where the project is, and which content files to look at."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click

root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder, the one that holds mkdocs.yml.",
)
content_option = click.option(
    "--content",
    "content_dir",
    default="content",
    show_default=True,
    help="The content folder, relative to the project folder.",
)
paths_argument = click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))


def project_options(command):
    """--root and --content, in that order."""
    return root_option(content_option(command))


@dataclass(frozen=True)
class Selection:
    """The content files a command reports on: all of them, or those under the paths given.

    Paths are kept as the pipeline shows them (relative to the project folder, with `/`), so a
    problem's path can be tested against them directly.
    """

    files: frozenset[str] = frozenset()
    folders: tuple[str, ...] = ()
    everything: bool = True

    def __contains__(self, path: str) -> bool:
        return self.everything or path in self.files or path.startswith(self.folders)

    def of(self, paths: Iterable[str]) -> list[str]:
        return sorted({path for path in paths if path in self})


def select(root: Path, content_dir: str, paths: tuple[Path, ...]) -> Selection:
    """The selection for the PATHS argument; a path outside the content folder is a usage error."""
    if not paths:
        return Selection()
    project = root.resolve()
    content = (project / content_dir).resolve()
    files, folders = set(), []
    for path in paths:
        resolved = path.resolve()
        if resolved != content and content not in resolved.parents:
            raise click.BadParameter(
                f"'{path}' is not in the content folder ({content_dir}/)", param_hint="'[PATHS]...'"
            )
        shown = resolved.relative_to(project).as_posix()
        if resolved.is_dir():
            folders.append(shown.rstrip("/") + "/")
        else:
            files.add(shown)
    return Selection(frozenset(files), tuple(folders), everything=False)
