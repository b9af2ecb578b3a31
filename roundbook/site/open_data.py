"""Hand the open data files (roundbook/export) to MkDocs, kept apart from the page handling."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from roundbook.export import OutputFile, SiteInfo
from roundbook.export.site import ROUNDS_FEED

NO_SITE_URL = ("Roundbook: set site_url in mkdocs.yml to the address the site is published at; "
               "feeds, the JSON API and redirect pages need absolute links.")


def site_info(config) -> SiteInfo:
    if not config.site_url:
        raise Abort(NO_SITE_URL)
    return SiteInfo(url=config.site_url, name=config.site_name, directory_urls=config.use_directory_urls)


def add_output_files(files: Files, config, outputs: list[OutputFile]) -> None:
    """Add each file in memory; a hand-written file already at that address is an error, not silently replaced."""
    taken = {file.dest_uri: file for file in files}
    docs_dir = Path(config.docs_dir).resolve().relative_to(Path(config.config_file_path).resolve().parent).as_posix()
    for output in outputs:
        if output.path in taken:
            raise Abort(f"Roundbook: {docs_dir}/{taken[output.path].src_uri} is where the generated "
                        f"{output.path} goes; rename it.")
        files.append(File.generated(config, output.path, content=output.content))


def page_alternates(site_name: str, generated) -> list[dict]:
    """The machine-readable versions of a page, for `<link rel="alternate">` in its head
    (templates/theme/main.html): the site's feed on every page, and a profile's own files."""
    alternates = [{"href": ROUNDS_FEED, "type": "application/atom+xml", "title": f"{site_name}: funding rounds"}]
    return alternates + list(generated.alternates if generated is not None else [])
