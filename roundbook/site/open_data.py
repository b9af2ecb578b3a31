"""Hand the open data files (roundbook/export) to MkDocs, kept apart from the page handling; they
wait on disk until then (roundbook/site/memory.py)."""

from __future__ import annotations

import html
import logging
import os
import time
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from roundbook.addresses import CITATION_ANCHOR, DATA_PAGE, ROUNDS_FEED, page_url
from roundbook.export import OutputFile, SiteInfo
from roundbook.export.licence import CITATION_FILE, LICENCES, read_citation
from roundbook.history import Freshness, History, HistoryReader
from roundbook.model import Dataset
from roundbook.site.memory import SpooledFile

log = logging.getLogger("mkdocs.plugins.roundbook")


def site_info(
    config, root: Path, data_licence: str, api_v1: bool = False, compress_downloads: bool = False
) -> tuple[SiteInfo, OutputFile | None]:
    """The site as the exports see it, and CITATION.cff to publish when the project has one;
    `api_v1` publishes version 1 of the JSON API beside version 2, `compress_downloads` gzips the
    bulk files (roundbook/export/bulk.py)."""
    licence = LICENCES[data_licence]
    try:
        citation, cff = read_citation(root, config.site_name, config.site_url, licence)
    except ValueError as error:
        raise Abort(f"Roundbook: {error}") from error
    site = SiteInfo(
        url=config.site_url,
        name=config.site_name,
        directory_urls=config.use_directory_urls,
        api_v1=api_v1,
        compress_downloads=compress_downloads,
        licence=licence,
        citation=citation,
    )
    return site, OutputFile(CITATION_FILE, cff, "application/x-yaml") if cff is not None else None


def add_licence_to_footer(config, site: SiteInfo) -> None:
    """Every page's footer says under which licence the data may be reused, after the owner's own line."""
    licence = site.licence
    notice = (
        f'Data licensed <a href="{html.escape(licence.url)}" rel="license">{html.escape(licence.short)}</a>'
        f' · <a href="{html.escape(site.absolute(page_url(DATA_PAGE, site.directory_urls)))}#{CITATION_ANCHOR}">'
        "how to cite it</a>"
    )
    config.copyright = f"{config.copyright} · {notice}" if config.copyright else notice


# From this size of plain bulk files on (about 4,000 companies), the build says that they can be
# published gzipped: about a fifth of a large site, on a host that caps the whole site.
BULK_NOTE_FROM = 50_000_000


def bulk_downloads_note(outputs: list[SpooledFile], site: SiteInfo) -> str | None:
    """A line for the build's log when the plain bulk files take enough room to be worth gzipping."""
    if site.compress_downloads:
        return None
    size = sum(output.size for output in outputs if output.bulk)
    if size < BULK_NOTE_FROM:
        return None
    return (
        f"Roundbook: the CSV downloads and the JSON API's lists take {size / 1e6:.0f} MB; "
        "compress_downloads: true under the roundbook plugin in mkdocs.yml publishes them gzipped, "
        "about a tenth of that (Roundbook's documentation: Scale)"
    )


def add_output_files(files: Files, config, outputs: list[SpooledFile]) -> None:
    """Add each spooled file (no hand-written file can be at their addresses: roundbook/site/hand_written.py)."""
    for output in outputs:
        files.append(SpooledSiteFile.generated(config, output.path, abs_src_path=output.abs_src_path))


class SpooledSiteFile(File):
    """An open data file that reaches the site folder as a hard link to its spooled copy when both
    are on one file system: at 10,000 companies MkDocs copied 400 MB of them, byte by byte. The
    spool goes when the build ends; the site keeps the file."""

    # Already in the site folder as this very file, kept from the last build
    # (roundbook/site/incremental/site_folder.py): nothing to copy.
    already_there = False

    def copy_file(self, dirty: bool = False) -> None:
        if self.already_there:
            return
        if self.abs_src_path is not None and not (dirty and not self.is_modified()):
            output_path = self.abs_dest_path
            try:
                link_into_site(self.abs_src_path, output_path)
                return
            except OSError:
                pass  # another file system, or links not allowed: copy it
        super().copy_file(dirty)


def link_into_site(source: str, target: str) -> None:
    """Link `source` at `target`, replacing what is there (never writing through it), and making
    the folder only when it is missing: tens of thousands of files go into folders that mostly
    exist, and asking first (os.makedirs) was a third of the time. OSError where links cannot be
    made (another file system): the caller copies instead."""
    try:
        os.link(source, target)
    except FileNotFoundError:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)
    except FileExistsError:
        os.remove(target)  # `mkdocs build --dirty` or serve: replace what is there
        os.link(source, target)


def page_alternates(site_name: str, generated) -> list[dict]:
    """The feeds of a page, for `<link rel="alternate">` in its head
    (roundbook/theme/main.html): the site's feed on every page, and a company's own."""
    alternates = [{"href": ROUNDS_FEED, "type": "application/atom+xml", "title": f"{site_name}: funding rounds"}]
    return alternates + list(generated.alternates if generated is not None else [])


class FreshnessReader:
    """Starts reading the Git history when the build starts, so `git log` runs while the content loads."""

    def __init__(self, root: Path, content_dir: str, enabled: bool, known: History | None = None):
        """`known`: the history read by an earlier build of the same commit (roundbook/site/incremental/)."""
        self.content_dir = content_dir
        self.started = time.perf_counter()
        self.known = known
        self.reader = HistoryReader(root, content_dir) if enabled and known is None else None

    def freshness(self, dataset: Dataset) -> Freshness:
        """When each record last changed; a missing history is logged, never fatal."""
        waited_from = time.perf_counter()
        if self.known is not None:
            history = self.known
        elif self.reader is not None:
            history = self.reader.result()
        else:
            history = History.unavailable("git_history is off in mkdocs.yml")
        done = time.perf_counter()
        if history.available and self.known is not None:
            log.info(f"Roundbook: Git history of {self.content_dir}/ as the last build of this commit read it")
        elif history.available:
            log.info(
                f"Roundbook: Git history of {self.content_dir}/ read in {(done - self.started) * 1000:.0f} ms "
                f"beside the content ({(done - waited_from) * 1000:.0f} ms waited), {len(history.changes)} changes"
                + (f"; {history.note}" if history.note else "")
            )
        else:
            log.info(f"Roundbook: no Git history ({history.note}); pages show no dates of change")
        return Freshness(dataset, history)
