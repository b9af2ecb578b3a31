"""Hand the open data files (roundbook/export) to MkDocs, kept apart from the page handling."""

from __future__ import annotations

import html
import logging
import time
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from roundbook.export import OutputFile, SiteInfo
from roundbook.export.licence import CITATION_FILE, LICENCES, read_citation
from roundbook.export.site import ROUNDS_FEED
from roundbook.history import Freshness, History, HistoryReader
from roundbook.model import Dataset

log = logging.getLogger("mkdocs.plugins.roundbook")

NO_SITE_URL = ("Roundbook: set site_url in mkdocs.yml to the address the site is published at; "
               "feeds, the JSON API and redirect pages need absolute links.")


def site_info(config, root: Path, data_licence: str) -> tuple[SiteInfo, OutputFile | None]:
    """The site as the exports see it, and CITATION.cff to publish when the project has one."""
    if not config.site_url:
        raise Abort(NO_SITE_URL)
    licence = LICENCES[data_licence]
    try:
        citation, cff = read_citation(root, config.site_name, config.site_url, licence)
    except ValueError as error:
        raise Abort(f"Roundbook: {error}")
    site = SiteInfo(url=config.site_url, name=config.site_name, directory_urls=config.use_directory_urls,
                    licence=licence, citation=citation)
    return site, OutputFile(CITATION_FILE, cff, "application/x-yaml") if cff is not None else None


def add_licence_to_footer(config, site: SiteInfo) -> None:
    """Every page's footer says under which licence the data may be reused, after the owner's own line."""
    licence = site.licence
    notice = (f'Data licensed <a href="{html.escape(licence.url)}" rel="license">{html.escape(licence.short)}</a>'
              f' · <a href="{html.escape(site.absolute("data/"))}#licence-and-citation">how to cite it</a>')
    config.copyright = f"{config.copyright} · {notice}" if config.copyright else notice


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
    """The feeds of a page, for `<link rel="alternate">` in its head
    (templates/theme/main.html): the site's feed on every page, and a company's own."""
    alternates = [{"href": ROUNDS_FEED, "type": "application/atom+xml", "title": f"{site_name}: funding rounds"}]
    return alternates + list(generated.alternates if generated is not None else [])


class FreshnessReader:
    """Starts reading the Git history when the build starts, so `git log` runs while the content loads."""

    def __init__(self, root: Path, content_dir: str, enabled: bool):
        self.content_dir = content_dir
        self.started = time.perf_counter()
        self.reader = HistoryReader(root, content_dir) if enabled else None

    def freshness(self, dataset: Dataset) -> Freshness:
        """When each record last changed; a missing history is logged, never fatal."""
        waited_from = time.perf_counter()
        history = self.reader.result() if self.reader else History.unavailable("git_history is off in mkdocs.yml")
        done = time.perf_counter()
        if history.available:
            log.info(f"Roundbook: Git history of {self.content_dir}/ read in {(done - self.started) * 1000:.0f} ms "
                     f"beside the content ({(done - waited_from) * 1000:.0f} ms waited), {len(history.changes)} changes"
                     + (f"; {history.note}" if history.note else ""))
        else:
            log.info(f"Roundbook: no Git history ({history.note}); pages show no dates of change")
        return Freshness(dataset, history)
