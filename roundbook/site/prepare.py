"""What the plugin makes from the content before MkDocs builds: load, validate, model, render, export.

It runs in a forked child process (roundbook/site/memory.py says why) and hands back only what
the build needs: the pages, compressed, the open data files waiting in the spool, the Git history
for the sitemap, and the search engine with what it needs of the dataset. Once the content is
checked, the pages and the open data files are made by `workers` processes together
(roundbook/site/workers.py); each page is also read for its anchors and table of contents and
marked for search where it is rendered, so that MkDocs' process has less to do.
"""

from __future__ import annotations

import datetime as dt
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from roundbook import addresses
from roundbook.export import OutputFile, SiteInfo, iter_open_data_files
from roundbook.export.wanted import every_file
from roundbook.history import History
from roundbook.model import Dataset
from roundbook.pipeline import check_content, cyclic_gc_paused, model
from roundbook.problems import report
from roundbook.render import GeneratedPage, Renderer
from roundbook.render.listings import Listing, row_spans
from roundbook.shipped import PAGE_TEMPLATES, shown_path
from roundbook.site.incremental.kept_records import KEPT_KINDS, KeptRecords
from roundbook.site.incremental.parts import KeptParts
from roundbook.site.incremental.plan import Inputs, Outcome, Plan
from roundbook.site.memory import (
    AndThen,
    PageStore,
    RenderedPage,
    SpooledFile,
    dataset_out_of_collectors_sight,
    rendered_page,
    spool_files,
)
from roundbook.site.open_data import FreshnessReader
from roundbook.site.search import SearchEngine, search_engine
from roundbook.site.workers import map_in_workers
from roundbook.stage_clock import StageClock
from roundbook.validate.pages import CheckedPages

T = TypeVar("T")


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
    nothing_built: str  # the sentence that says what a failed build left: the site folder as it was
    directory_urls: bool
    site: SiteInfo
    workers: int  # processes that render, this one included (roundbook.site.workers.worker_count)
    extra_files: list[OutputFile] = field(default_factory=list)  # CITATION.cff, when the project has one
    api_v1: bool = False  # the plugin's option: version 1 of the API is published too
    incremental: Inputs | None = None  # the cache's side of an incremental build, or None for a cold one


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
    outcome: Outcome | None = None  # in an incremental build: every page and file, and which the cache gives
    records_read: tuple[int, int] | None = None  # in an incremental build: record files read, of all (kept_records.py)


def prepare(request: Request, spool_folder: str) -> AndThen[Prepared]:
    """Load, validate, model, render every page and write the open data files into `spool_folder`;
    then, once the build has them, keep the records checked now for the next build."""
    known = request.incremental.history if request.incremental else None
    history = FreshnessReader(request.root, request.content_dir, request.git_history, known)
    clock = StageClock()
    today = dt.date.today()  # one day for the whole build, and for the records it keeps
    with cyclic_gc_paused():  # the kept records are as many objects as the loader would make
        with clock.stage("records from cache"):
            kept = KeptRecords(request.root, request.incremental.records, today) if request.incremental else None
            known_records = kept.known() if kept else None
        checked = check_content(request.root, request.content_dir, today, clock, known_records)
    if checked.problems:
        *lines, summary = report(checked.problems)
        raise PrepareFailed(lines, f"Roundbook: {summary} {request.nothing_built}")
    dataset = model(checked, clock)
    # The records checked now, for the next build: written once this build has its pages (AndThen).
    keep_records = kept.saves(checked.fresh) if kept else []
    records_read = None
    if known_records is not None:  # (read now, all): in an incremental build, every file read passed
        read_now = sum(1 for entry, _ in checked.fresh if entry.kind in KEPT_KINDS)
        records_read = (read_now, read_now + len(known_records))
    del checked, known_records, kept  # the model holds what it needs of them; the saves, the rest
    assert dataset.pages is not None  # the model of checked content holds its pages
    # From here on, the model is out of the cyclic collector's sight (see the function): the plan,
    # the listings and the renders make garbage while it stays. Before this, each full collection
    # walked the whole model (10,000 companies: the plan's 0.4 s of neighbourhoods took 2.7 s).
    with dataset_out_of_collectors_sight():
        renderer = make_renderer(request, dataset)
        freshness = history.freshness(dataset)
        search = search_engine(request.search_option, dataset)
        listings = renderer.listings(dataset)
        plan = None
        if request.incremental is not None:
            plan = Plan(
                request.incremental,
                search,
                dataset,
                freshness,
                request.directory_urls,
                request.api_v1,
                renderer.month_pages_above,
                listings,
                renderer.listing_page_size,
            )
        # The open data first: the longest piece of work, started while the pages share the other workers.
        made = iter_open_data_files(
            dataset,
            request.site,
            freshness,
            plan.wants_file if plan else every_file,
            plan.kept_parts if plan else None,
        )
        open_data = partial(spool_files, spool_folder, chain(made, request.extra_files))
        # The rows each listing's script pages through (roundbook/render/listings.py), a file a call;
        # made in every build, incremental or not, as the lists of the open data are, but an
        # incremental build takes the rows whose profile did not change from the last build's file.
        listing_work = [
            partial(_spool_rows, renderer, listing, _kept_rows(plan, listing), spool_folder, request.root)
            for listing in listings
        ]
        # Asked here, in this process and in the site's order: the workers only render.
        jobs = [job for job in renderer.page_jobs(dataset, freshness) if plan is None or plan.wants_page(job.src_uri)]
        # What the search engine may read of each page matters only to a build that keeps its index.
        viewed = request.incremental is not None
        page_work = [partial(_render_page, job, search, request.root, viewed) for job in jobs]
        store = PageStore()
        started = time.perf_counter()
        # The answers differ in type: each is unpacked by its place below.
        work: list[Callable[[], Any]] = [
            partial(_timed, open_data),
            *listing_work,
            *page_work,
        ]
        done = map_in_workers(work, request.workers, expected=(PrepareFailed,))
    rendered_now = done[1 : 1 + len(listing_work) + len(page_work)]  # the listings' rows, then the pages
    pages_done = rendered_now[len(listing_work) :]
    clock.seconds["render"] = sum(seconds for _, seconds in rendered_now)
    clock.seconds["open data"] = done[0][1]
    rows_files: list[SpooledFile] = [spooled for spooled, _ in done[1 : 1 + len(listing_work)]]
    outputs: list[SpooledFile] = done[0][0]
    pages = {rendered.page.src_uri: store.add(rendered) for rendered, _ in pages_done}
    together = time.perf_counter() - started
    prepared = Prepared(
        pages=pages,
        store=store,
        outputs=rows_files + outputs,
        history=freshness.history,
        search=search,
        hand_written=dataset.pages,
        summary=(
            f"{len(dataset.organizations)} organizations, {len(dataset.people)} people, "
            f"{len(dataset.rounds)} rounds, {len(plan.outcome.pages) if plan else len(pages)} generated pages; "
            f"search: {search.name}"
        ),
        stages=f"{clock.summary()}; render and open data on {request.workers} workers {together:.2f} s",
        warnings=[str(warning) for warning in dataset.warnings],
        outcome=plan.outcome if plan else None,
        records_read=records_read,
    )
    return AndThen(prepared, keep_records)


def make_renderer(request: Request, dataset: Dataset) -> Renderer:
    """The renderer of the site's pages, with the site's own templates and content/home.md."""
    assert dataset.pages is not None  # the model of checked content holds its pages
    home = dataset.pages.home  # content/home.md, read and checked like every page
    return Renderer(
        request.root / request.templates_dir,
        site_name=request.site_name,
        home_text=home.body if home else "",
        home_title=home.title if home else None,
        home_description=home.description if home else None,
        site=request.site,
        directory_urls=request.directory_urls,
    )


def _timed(work: Callable[[], T]) -> tuple[T, float]:
    """What `work` gives, and the seconds it took: the work of one stage is spread over processes."""
    started = time.perf_counter()
    return work(), time.perf_counter() - started


def _render_page(
    job: Callable[[], GeneratedPage], search: SearchEngine, root: Path, viewed: bool
) -> tuple[RenderedPage, float]:
    """One page, rendered and made ready for the build (in whichever worker takes it)."""
    started = time.perf_counter()
    try:
        page = job()
    except jinja2.TemplateError as error:
        # Said here, where the traceback that names the template's line still is.
        raise PrepareFailed(
            [_template_error(error, root)], "Roundbook: a template failed; nothing was built."
        ) from None
    article = search.generated_article(page.html, page)
    view = search.article_view(article) if viewed else None
    return rendered_page(page, article, view), time.perf_counter() - started


def _kept_rows(plan: Plan | None, listing: Listing) -> KeptParts | None:
    if plan is None:
        return None
    profiles = [listing.listed.profile(record) for record in listing.records]
    return plan.kept_parts(addresses.listing_rows(listing.uri), profiles, row_spans(listing.listed.filters))


def _spool_rows(
    renderer: Renderer, listing: Listing, kept: KeptParts | None, spool_folder: str, root: Path
) -> tuple[SpooledFile, float]:
    """One listing's file of rows, rendered and spooled (in whichever worker takes it)."""
    started = time.perf_counter()
    try:
        output = renderer.rows_file(listing, kept)
    except jinja2.TemplateError as error:
        raise PrepareFailed(
            [_template_error(error, root)], "Roundbook: a template failed; nothing was built."
        ) from None
    (spooled,) = spool_files(spool_folder, [output])
    return spooled, time.perf_counter() - started


def _template_error(error: jinja2.TemplateError, root: Path) -> str:
    """`templates/x.html.j2:12:1: message`, naming the file that failed: the site's own template
    or the one Roundbook ships. Jinja puts the template's own line in the traceback."""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        return f"{shown_path(Path(error.filename), root)}:{error.lineno}:1: {error.message}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    if frames:
        return f"{shown_path(Path(frames[-1].filename), root)}:{frames[-1].lineno}:1: {error}"
    return f"{shown_path(PAGE_TEMPLATES, root)}: {error}"
