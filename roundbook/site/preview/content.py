"""The content as the last build saw it, kept loaded, and what an edit to some records changes.

`LoadedContent.load` reads and checks every file, as a build does, and keeps each record as it
passed its checks, with the references between record files (graph.py's). `patch` then takes
edited record files: it reads and checks each, finds the profiles within two references of it
(the pages that show it, graph.py's `reach`), and for each of those profiles models only the
records its page is made from, with everything they name, twice: as they were and as they are
now. The page is rendered from both, and a Splice says which article it had and which it has now.
The profile of the edited record comes first, then the others from the fewest records up, while
the time allows; an investor in thousands of rounds is left to the build. The checks between
files (a round dated before its company was founded) are the build's, which follows and shows
every problem; here an edit is only refused when it names a record that is not there.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import time
from collections import ChainMap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2

from roundbook import addresses
from roundbook.history import Freshness, History, HistoryReader
from roundbook.load.files import MAX_FILE_BYTES, PROFILE_FOLDERS, ROUNDS_FOLDER, load_content, read_file, record_file_at
from roundbook.model import Dataset, build_dataset
from roundbook.pipeline import cyclic_gc_paused
from roundbook.problems import Problems
from roundbook.render import GeneratedPage, Renderer
from roundbook.schema.fields import INVALID, CheckContext
from roundbook.schema.kinds import KINDS
from roundbook.site.incremental.graph import adjacency, reach, references
from roundbook.site.page_weight import collapse_whitespace
from roundbook.site.prepare import Request, make_renderer
from roundbook.site.prerendered import table_of_contents
from roundbook.site.search import PagefindSearch, SearchEngine, search_engine
from roundbook.site.search.pagefind_filters import profile_filters
from roundbook.validate import CheckedContent, CheckedFile, validate
from roundbook.validate.facts import OrganizationFacts, PersonFacts, RoundFacts, facts_of

PROFILE_KINDS = set(PROFILE_FOLDERS.values())
# Another profile's page whose records number more than this is left to the build: an investor
# in a thousand rounds takes a second to model and render twice.
MAX_RECORDS = 2000
# After the edited record's own profile, the others are patched while this much time has not gone.
MORE_WITHIN_SECONDS = 1.0
# More files changed at once than this (a checkout, a pull, an import) are left to the build.
MAX_EDITED_FILES = 50


@dataclass(frozen=True)
class Splice:
    """One page's article before and after an edit, each as the build writes it into the page."""

    page: str  # the page's file in the site: companies/x/index.html
    before: str
    after: str


@dataclass
class Patched:
    """What an edit changed, or why it is left to the whole build (`declined`)."""

    splices: list[Splice] = field(default_factory=list)
    declined: str | None = None
    profiles: int = 0  # the profiles the edit reaches
    records: int = 0  # the record files modelled, before and after


class LoadedContent:
    """Every record as it passed its own checks and the references between them, with the site's
    renderer and search engine, as the build asked in `request` makes them."""

    def __init__(
        self,
        request: Request,
        records: dict[str, CheckedFile],
        named: dict[str, set[str]],
        renderer: Renderer,
        search: SearchEngine,
        history: History,
    ) -> None:
        self.request = request
        self.records = records  # shown path -> the record as it passed its own checks
        self.named = named  # shown path -> the record files it names (graph.py's references)
        self.adjacent = adjacency(named)
        self.renderer = renderer
        self.search = search
        self.history = history
        self.tables = [path for path, record in records.items() if record.kind not in (*PROFILE_KINDS, "round")]

    @classmethod
    def load(cls, request: Request) -> LoadedContent | str:
        """Every file read, checked and modelled as a build does; a sentence instead when the
        content has problems (the build shows them)."""
        reader = HistoryReader(request.root, request.content_dir) if request.git_history else None
        # Millions of objects, made at once and kept: the collector's walks of them while they are
        # made took as long as making them (pipeline.py says more).
        with cyclic_gc_paused():
            loaded = load_content(request.root, request.content_dir)
            checked = validate(loaded)
            if checked.problems:
                return "the content has problems"
            del loaded  # the node trees: the records as checked are what is kept
            dataset = build_dataset(checked)
            tables = [table for table in (checked.sectors, checked.currency_rates) if table is not None]
            records = [*checked.organizations.values(), *checked.people.values(), *checked.rounds, *tables]
            content = cls(
                request,
                {record.path: record for record in records},
                dict(references(dataset)),
                make_renderer(request, dataset),
                search_engine(request.search_option, dataset),
                reader.result() if reader else History.unavailable("git_history is off in mkdocs.yml"),
            )
            del checked, records, dataset
        gc.collect()  # the model's cycles, once
        gc.freeze()  # what stays lives until the process ends: the collector need not walk it again
        return content

    # --- an edit --------------------------------------------------------------------------------

    def patch(self, paths: Iterable[str], today: dt.date | None = None) -> Patched:
        """The splices of the profiles' pages that the edited files at `paths` (on disk) change.
        On success the loaded content becomes the edited one; declined, it is left as it was."""
        started = time.perf_counter()
        paths = sorted(set(paths))
        if len(paths) > MAX_EDITED_FILES:
            return Patched(declined=f"{len(paths)} files changed at once")
        edited: dict[str, CheckedFile] = {}
        named_now: dict[str, set[str]] = {}
        for path in paths:
            record = self._checked(Path(path), today)
            if isinstance(record, str):
                return Patched(declined=record)
            if record is None:
                continue
            names = self._named_files(record)
            if names is None:
                return Patched(declined=f"{record.path} names a record that is not in the content")
            edited[record.path], named_now[record.path] = record, names
        if not edited:
            return Patched()  # an editor's passing file, written and gone: nothing the site shows

        adjacent_after = ChainMap(self._adjacent_after(named_now), self.adjacent)
        reached = set()
        for path in edited:
            reached |= reach(self.adjacent, path) | reach(adjacent_after, path)
        # The edited profiles, and the companies of edited rounds: the pages the edit is about.
        own = {
            path if record.kind in PROFILE_KINDS else f"{self.request.content_dir}/companies/{record.company}.yml"
            for path, record in edited.items()
        }
        profiles = [profile for profile in reached if self._kind(profile, edited) in PROFILE_KINDS]
        # The pages the edit is about first, then the others by how many records they name (their
        # models' size), while the time allows: an investor's may be made from thousands.
        profiles.sort(key=lambda profile: (profile not in own, len(adjacent_after.get(profile, ())), profile))
        search_after = self._search_for(edited, named_now, adjacent_after)
        named_after = ChainMap(named_now, self.named)
        splices, records = [], 0
        try:
            for profile in profiles:
                later = profile not in own
                if later and time.perf_counter() - started > MORE_WITHIN_SECONDS:
                    break
                made_from = reach(self.adjacent, profile) | reach(adjacent_after, profile)
                modelled = self._with_what_they_name(made_from, [self.named, named_after])
                if later and len(modelled) > MAX_RECORDS:
                    continue
                splice = self._splice(profile, modelled, edited, search_after)
                records += len(modelled)
                if splice is not None:
                    splices.append(splice)
        except jinja2.TemplateError:
            return Patched(declined="a template failed")
        self._take(edited, named_now, search_after)
        return Patched(splices, None, len(profiles), records)

    def _checked(self, path: Path, today: dt.date | None) -> CheckedFile | str | None:
        """The record at `path` read and checked on its own; a sentence when it cannot be shown
        before the build (which says why), None when it is no record and gone."""
        file = self._read(path)
        if file is None or isinstance(file, str):
            return file
        problems = Problems()
        context = CheckContext(problems, today or dt.date.today())
        if file.tree is None:
            return f"{file.path} has problems"
        record = KINDS[file.kind].check(file.tree, context, file.path)
        if record is INVALID or problems:
            return f"{file.path} has problems"
        return CheckedFile(file.kind, file.path, file.slug, record, file.company)

    def _read(self, path: Path):
        """The record file at `path`, read as the loader reads it; a sentence when it is not one
        that an edit can be shown from (the build decides what it is); None for a file that is
        gone and was no record (an editor's swap or backup file)."""
        if not path.name.endswith(".yml") and not os.path.lexists(path):
            return None
        content = (self.request.root / self.request.content_dir).resolve()
        try:
            relative = path.resolve().relative_to(content)
        except ValueError:
            return f"{path} is not in the content folder"
        found = record_file_at(self.request.root, self.request.content_dir, relative)
        shown_path = Path(self.request.content_dir, relative).as_posix()
        if found is None or found.shown != shown_path:  # a name that would be shown otherwise
            return f"{shown_path} is not a record file"
        if path.is_symlink() or not path.is_file():
            return f"{shown_path} is gone or not a plain file"
        if shown_path not in self.records and found.kind != "round":
            return f"{shown_path} is a new profile"  # no page of it to patch: the build makes it
        size = os.stat(path).st_size
        problems = Problems()
        file = read_file(found, path.read_bytes() if size <= MAX_FILE_BYTES else None, size, problems)
        return f"{shown_path} has problems" if problems else file

    def _kind(self, path: str, edited: Mapping[str, CheckedFile]) -> str | None:
        record = edited.get(path) or self.records.get(path)
        return record.kind if record is not None else None

    def _named_files(self, file: CheckedFile) -> set[str] | None:
        """The record files `file` names, by its facts (what the checks between files read);
        None when one of them is not in the content."""
        facts = facts_of(file.kind, file.record)
        slugs: list[str] = []
        if isinstance(facts, RoundFacts):
            slugs = [f"companies/{file.company}", *(ref.value for ref in facts.investors)]
        elif isinstance(facts, PersonFacts):
            slugs = [f"companies/{ref.value}" for ref in facts.organizations]
        elif isinstance(facts, OrganizationFacts) and facts.parent is not None:
            slugs = [f"companies/{facts.parent.value}"]
        found = set()
        for slug in slugs:
            if "/" in slug:  # an organization
                candidates = [f"{self.request.content_dir}/{slug}.yml"]
            else:  # an investor: an organization or a person
                candidates = [f"{self.request.content_dir}/{folder}/{slug}.yml" for folder in PROFILE_FOLDERS]
            match = [path for path in candidates if path in self.records]
            if not match:
                return None
            found.add(match[0])
        return found

    def _adjacent_after(self, named_now: Mapping[str, set[str]]) -> dict[str, set[str]]:
        """The references of the files the edit touches, as they are after it."""
        touched: dict[str, set[str]] = {}

        def of(path: str) -> set[str]:
            if path not in touched:
                touched[path] = set(self.adjacent.get(path, ()))
            return touched[path]

        for path, names in named_now.items():
            for other in self.named.get(path, set()) - names:
                if path not in named_now.get(other, self.named.get(other, set())):  # not named back
                    of(path).discard(other)
                    of(other).discard(path)
            for other in names:
                of(path).add(other)
                of(other).add(path)
        return touched

    def _with_what_they_name(self, paths: set[str], named: list[Mapping[str, set[str]]]) -> list[str]:
        """`paths` with every record file they name, and those name, and so on (a parent's parent):
        the checks between files need each of them. In the order the loader reads them."""
        found, pending = set(paths), list(paths)
        while pending:
            path = pending.pop()
            for names in named:
                for other in names.get(path, ()):
                    if other not in found:
                        found.add(other)
                        pending.append(other)
        return sorted({*found, *self.tables}, key=self._load_order)

    def _load_order(self, path: str) -> tuple:
        """Where the loader reads the file (load/files.py): the profiles' folders, then the rounds'
        folder by folder, then the reference tables, each folder's files by name. The model keeps
        that order where records tie (two rounds of one day, a parent's subsidiaries)."""
        parts = Path(path).relative_to(self.request.content_dir).parts
        groups = [*PROFILE_FOLDERS, ROUNDS_FOLDER]
        return (groups.index(parts[0]) if parts[0] in groups else len(groups), parts)

    def _model(self, records: list[CheckedFile]) -> Dataset | None:
        """The model of `records` alone, which name nothing outside them; None when the checks
        between files would have refused them (the build says what)."""
        checked = CheckedContent()
        for record in records:
            checked.add(record)
        try:
            return build_dataset(checked)
        except (KeyError, ValueError, TypeError, ArithmeticError):  # an unknown sector, a rate missing
            return None

    def _splice(
        self, profile: str, modelled: list[str], edited: Mapping[str, CheckedFile], search_after: SearchEngine
    ) -> Splice | None:
        """The profile's page before and after the edit, when only its article changed."""
        before = self._model([self.records[path] for path in modelled if path in self.records])
        after = self._model([edited.get(path) or self.records[path] for path in modelled])
        if before is None or after is None:
            return None
        old = self._render(before, profile, self.search)
        new = self._render(after, profile, search_after)
        if old is None or new is None or old[1] != new[1]:
            return None  # a new profile, or what lies around the article changes: the build writes it
        if old[2] == new[2]:
            return None
        return Splice(addresses.page_file(old[0].src_uri, self.request.directory_urls), old[2], new[2])

    def _render(self, dataset: Dataset, path: str, search: SearchEngine) -> tuple[GeneratedPage, tuple, str] | None:
        """The page of the profile at `path`, what the theme writes around its article, and the
        article as the build writes it into the page; None when the model has no such profile."""
        profile = next((found for found in dataset.profiles if found.source_path == path), None)
        if profile is None:
            return None
        page = self.renderer.profile_page(dataset, profile, Freshness(dataset, self.history))
        article = search.served_article(search.generated_article(page.html, page))
        around = (replace(page, html="", links=frozenset()), _headings(table_of_contents(page.html)))
        return page, around, collapse_whitespace(article).strip()

    def _search_for(
        self, edited: Mapping[str, CheckedFile], named_now: Mapping[str, set[str]], adjacent_after: Mapping
    ) -> SearchEngine:
        """The search engine as the build would make it after the edit: Pagefind's filters of a
        company are its country, sectors and the stages of its own rounds."""
        if not isinstance(self.search, PagefindSearch):
            return self.search
        records = ChainMap(dict(edited), self.records)
        companies = {
            f"{self.request.content_dir}/companies/{record.company if record.kind == 'round' else record.slug}.yml"
            for record in edited.values()
            if record.kind in ("round", "organization")
        }
        filters = dict(self.search.filters)
        for path in companies:
            slug = Path(path).stem
            rounds = {
                other
                for other in adjacent_after.get(path, ())
                if records[other].kind == "round" and records[other].company == slug
            }
            named = self._with_what_they_name({path, *rounds}, [ChainMap(dict(named_now), self.named)])
            model = self._model([records[name] for name in named])
            if model is None:
                continue
            page = addresses.profile_page(next(found for found in model.profiles if found.source_path == path))
            filters.pop(page, None)
            filters.update((key, values) for key, values in profile_filters(model).items() if key == page)
        return replace(self.search, filters=filters)

    def _take(self, edited: dict[str, CheckedFile], named_now: dict[str, set[str]], search: SearchEngine) -> None:
        """The edit is now the loaded content."""
        for path, touched in self._adjacent_after(named_now).items():
            self.adjacent[path] = touched
        self.named.update(named_now)
        self.records.update(edited)
        self.search = search


def _headings(toc) -> tuple:
    return tuple((item.level, item.id, item.title, _headings(item.children)) for item in toc)
