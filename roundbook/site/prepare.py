"""What the plugin makes from the content before MkDocs builds: load, validate, model, render, export.

It runs in a forked child process (roundbook/site/memory.py says why) and hands back only what
the build needs: the pages, compressed, the open data files waiting in the spool, the Git history
for the sitemap, and the search engine with what it needs of the dataset.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import jinja2

from roundbook.export import OutputFile, SiteInfo, iter_open_data_files
from roundbook.history import History
from roundbook.pipeline import load_dataset
from roundbook.problems import report
from roundbook.render import GeneratedPage, Renderer
from roundbook.shipped import PAGE_TEMPLATES, shown_path
from roundbook.site.memory import PageStore, SpooledFile, dataset_out_of_collectors_sight, spool_files
from roundbook.site.open_data import FreshnessReader
from roundbook.site.search import SearchEngine, search_engine
from roundbook.stage_clock import StageClock
from roundbook.validate.pages import CheckedPages


class PrepareFailed(Exception):
    """The content or a template is wrong: `lines` to print, then `summary` to stop the build with."""

    def __init__(self, lines: list[str], summary: str):
        super().__init__(summary)
        self.lines = lines
        self.summary = summary

    def __reduce__(self):  # raised in the child process, it reaches the build pickled
        return PrepareFailed, (self.lines, self.summary)


@dataclass
class Request:
    """What the work needs from the plugin and MkDocs' configuration (all of it picklable)."""

    root: Path
    content_dir: str
    templates_dir: str
    git_history: bool
    search_option: str
    site_name: str
    site_dir: str
    directory_urls: bool
    site: SiteInfo
    extra_files: list[OutputFile] = field(default_factory=list)  # CITATION.cff, when the project has one


@dataclass
class Prepared:
    pages: dict[str, GeneratedPage]  # without their HTML, which waits in `store`
    store: PageStore
    outputs: list[SpooledFile]
    history: History | None
    search: SearchEngine  # with what it needs of the dataset
    hand_written: CheckedPages  # the pages of content/pages/ and the images beside them, checked
    summary: str  # what was built, for the log
    stages: str  # how long each stage took, for the log
    warnings: list[str] = field(default_factory=list)  # `path:line:col: message` lines the build prints and goes on


def prepare(request: Request, spool_folder: str) -> Prepared:
    """Load, validate, model, render every page and write the open data files into `spool_folder`."""
    history = FreshnessReader(request.root, request.content_dir, request.git_history)
    clock = StageClock()
    dataset, problems = load_dataset(request.root, request.content_dir, clock=clock)
    if problems:
        *lines, summary = report(problems)
        raise PrepareFailed(lines, f"Roundbook: {summary} Nothing was built; {request.site_dir} is as it was.")
    # Without problems, load_dataset made the model, with the pages it read and checked.
    assert dataset is not None and dataset.pages is not None
    home = dataset.pages.home  # content/home.md, read and checked like every page
    renderer = Renderer(
        request.root / request.templates_dir,
        site_name=request.site_name,
        home_text=home.body if home else "",
        home_title=home.title if home else None,
        home_description=home.description if home else None,
        site=request.site,
        directory_urls=request.directory_urls,
    )
    freshness = history.freshness(dataset)
    store = PageStore()
    with dataset_out_of_collectors_sight():
        try:
            with clock.stage("render"):
                pages = {page.src_uri: store.add(page) for page in renderer.iter_pages(dataset, freshness)}
                listings = spool_files(
                    spool_folder, renderer.listing_files(dataset)
                )  # the rows the listings page through
        except jinja2.TemplateError as error:
            raise PrepareFailed(
                [_template_error(error, request.root)], "Roundbook: a template failed; nothing was built."
            ) from error
        with clock.stage("open data"):
            outputs = spool_files(
                spool_folder, chain(iter_open_data_files(dataset, request.site, freshness), request.extra_files)
            )
    search = search_engine(request.search_option, dataset)
    return Prepared(
        pages=pages,
        store=store,
        outputs=listings + outputs,
        history=freshness.history,
        search=search,
        hand_written=dataset.pages,
        summary=(
            f"{len(dataset.organizations)} organizations, {len(dataset.people)} people, "
            f"{len(dataset.rounds)} rounds, {len(pages)} generated pages; search: {search.name}"
        ),
        stages=clock.summary(),
        warnings=[str(warning) for warning in dataset.warnings],
    )


def _template_error(error: jinja2.TemplateError, root: Path) -> str:
    """`templates/x.html.j2:12:1: message`, naming the file that failed: the site's own template
    or the one Roundbook ships. Jinja puts the template's own line in the traceback."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{shown_path(Path(error.filename), root)}:{error.lineno}:1: {error.message}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    if frames:
        return f"{shown_path(Path(frames[-1].filename), root)}:{frames[-1].lineno}:1: {error}"
    return f"{shown_path(PAGE_TEMPLATES, root)}: {error}"
