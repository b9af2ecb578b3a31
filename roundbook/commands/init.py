"""`roundbook init DIR`: write a new site that builds as it is, from the scaffold in the package.

The new site has its mkdocs.yml, content (a home text, an about page, a methodology page, the
reference tables, and one example company and round, marked as examples), its two commands
(Makefile, README.md), the checks of its pull requests and its deployment to GitHub Pages,
and what editors and pre-commit need. Everything is written into a folder beside DIR and then
renamed into place, so that a failure leaves nothing behind.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import click
import yaml
from jinja2 import Environment, StrictUndefined

from roundbook import __version__, addresses
from roundbook.edit.slugs import slug_from_name
from roundbook.schema.export import SCHEMA_DIR, render_schemas
from roundbook.shipped import SCAFFOLD

TEMPLATE_SUFFIX = ".jinja"  # scaffold files with the site's name, address or repository in them
GITHUB_REPOSITORY = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9._-]{1,100}$")
DEFAULT_DESCRIPTION = "Companies, people and funding rounds, every figure cited."
# Until Roundbook is on PyPI, a site installs the release it was made with from its repository.
DEFAULT_REQUIREMENT = f"roundbook @ git+https://github.com/roundbook/roundbook@v{__version__}"


_PLAIN = re.compile(r"^[A-Za-z0-9\u00c0-\uffff][^:#\n]*(?::[^\s#][^:#\n]*)*$")


def _yaml_text(value: str) -> str:
    """A YAML scalar that reads back as `value`: as written when YAML 1.1 and 1.2 read it as that text,
    in double quotes (a JSON string is a YAML double-quoted scalar) when they might not."""
    if _PLAIN.match(value) and value == value.strip() and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)


def _site_url(url: str | None, repository: str | None, folder: Path) -> str:
    if url is None:
        if repository and GITHUB_REPOSITORY.match(repository):
            owner, name = repository.split("/")
            return f"https://{owner.lower()}.github.io/{name}/"
        return f"https://example.com/{slug_from_name(folder.name) or 'tracker'}/"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or any(ch.isspace() for ch in url):
        raise click.ClickException(
            f"--url '{url}' is not an http or https address such as https://example.org/tracker/; nothing was written"
        )
    return url if url.endswith("/") else url + "/"


def _repo_url(repository: str | None) -> str | None:
    if repository is None:
        return None
    if GITHUB_REPOSITORY.match(repository):
        return f"https://github.com/{repository}"
    parts = urlsplit(repository)
    if parts.scheme == "https" and parts.hostname and parts.path.strip("/").count("/") == 1:
        return repository.rstrip("/")
    raise click.ClickException(
        f"--repo '{repository}' is not a repository: write OWNER/NAME for GitHub, or the "
        "https address of the repository; nothing was written"
    )


def _refuse_unusable(folder: Path) -> None:
    if folder.is_symlink():
        raise click.ClickException(f"{folder} is a symbolic link; give a plain folder; nothing was written")
    if folder.exists() and not folder.is_dir():
        raise click.ClickException(f"{folder} is a file, not a folder; nothing was written")
    if folder.is_dir() and any(folder.iterdir()):
        raise click.ClickException(
            f"{folder} is not empty; init writes a new site into an empty folder or one "
            "that does not exist yet; nothing was written"
        )


def scaffold_files(values: dict[str, str | None]) -> dict[str, bytes]:  # repo_url may be None
    """Path in the new site -> bytes, for every file init writes."""
    environment = Environment(
        undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False, trim_blocks=True, lstrip_blocks=True
    )
    environment.filters["yaml"] = _yaml_text
    environment.globals["address"] = addresses  # the nav names the generated pages where they are
    files: dict[str, bytes] = {}
    for path in sorted(SCAFFOLD.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        relative = path.relative_to(SCAFFOLD).as_posix()
        if relative.endswith(TEMPLATE_SUFFIX):
            text = environment.from_string(path.read_text(encoding="utf-8")).render(**values)
            files[relative.removesuffix(TEMPLATE_SUFFIX)] = text.encode("utf-8")
        else:
            files[relative] = path.read_bytes()
    for name, text in render_schemas().items():
        files[f"{SCHEMA_DIR}/{name}"] = text.encode("utf-8")
    return files


def _write_tree(folder: Path, files: dict[str, bytes]) -> None:
    """Write every file into a new folder beside `folder`, then rename it into place."""
    parent = folder.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(dir=parent, prefix=f".{folder.name}.init-"))
    except OSError as error:
        raise click.ClickException(f"cannot write into {parent}: {error.strerror}; nothing was written") from None
    try:
        for relative, content in files.items():
            target = staging / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            if relative.startswith("scripts/"):
                target.chmod(0o755)
        os.chmod(staging, 0o777 & ~_umask())
        os.rename(staging, folder)  # replaces an empty folder, and only an empty one
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise click.ClickException(f"cannot write {folder}: {error.strerror}; nothing was written") from None


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


@click.command()
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--name", help="The site's name, in every page's header  [default: made from FOLDER].")
@click.option(
    "--description", default=DEFAULT_DESCRIPTION, show_default=True, help="One line about the site, for search engines."
)
@click.option(
    "--url",
    help="Where the site will be published  [default: https://OWNER.github.io/NAME/ "
    "with --repo, else a placeholder to replace].",
)
@click.option(
    "--repo", "repository", help="Its repository, OWNER/NAME on GitHub or an https address: edit links open its files."
)
@click.option(
    "--requirement",
    default=DEFAULT_REQUIREMENT,
    show_default=True,
    help="How the site's requirements.txt installs Roundbook.",
)
def init(
    folder: Path, name: str | None, description: str, url: str | None, repository: str | None, requirement: str
) -> None:
    """Write a new site into FOLDER (new, or empty): it builds as it is.

    Then `cd FOLDER` and `make site`; README.md in FOLDER says what to change first.
    """
    _refuse_unusable(folder)
    site_name = (
        name if name is not None else (folder.resolve().name.replace("-", " ").replace("_", " ").title() or "Roundbook")
    )
    if not site_name.strip() or "\n" in site_name or len(site_name) > 120:
        raise click.ClickException("--name must be one line of at most 120 characters; nothing was written")
    values = {
        "name": site_name,
        "description": description,
        "url": _site_url(url, repository, folder),
        "repo_url": _repo_url(repository),
        "requirement": requirement,
    }
    _write_tree(folder, scaffold_files(values))
    click.echo(
        f"Wrote a new site into {folder}: `cd {folder}` and `make site` to build it; "
        "its README.md says what to change first."
    )
