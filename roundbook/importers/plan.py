"""From rows to the files an import would write, and the outcome of every row.

Every row ends one way: written (a new round file), already present (the content has that
round), or skipped (with the reason, at its cell). Rows read = rounds written + already
present + skipped, always. A row with a problem (a cell that cannot be read for certain)
stops the import, unless the command was told to skip such rows.

A round is already present when a round of the same company, stage and extension either cites
the row's source URL or has an announced date that agrees with the row's (2024-02 agrees with
2024-02-27). Company, stage and date are in every round file, and the URL in its sources, so
a second run over the same input finds every round it wrote and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from roundbook.importers.money import UNDISCLOSED
from roundbook.importers.profiles import Match, Profile, ProfileIndex
from roundbook.importers.rows import Entity, RoundRow
from roundbook.problems import Mark, Problem
from roundbook.schema.values import PartialDate


@dataclass
class Settings:
    command: str  # shown in each file's header: `roundbook import crunchbase`
    origin: str  # where placeholders say the data came from: "a Crunchbase export"
    company_kind: str = "startup"
    investor_kind: str = "investment-firm"
    skip_bad_rows: bool = False


@dataclass
class Outcome:
    row: RoundRow
    status: str  # written, present, skipped or problem
    path: str | None = None  # the round file written, or the one already present
    reason: Problem | None = None  # why it was skipped, or how it was found present


@dataclass
class PlannedFile:
    path: str
    kind: str  # round, organization or person
    values: dict
    header: list[str]
    comments: dict[str, str]  # field -> end-of-line comment, for values that are placeholders
    marks: dict[str, Mark]  # field -> the cell it came from
    mark: Mark  # where it came from: the row, or the cell that named a new profile
    row: RoundRow  # the row it was planned for: the one to skip if the file has a problem
    placeholders: list[str] = field(default_factory=list)


@dataclass
class Plan:
    outcomes: list[Outcome] = field(default_factory=list)
    files: list[PlannedFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def created_profiles(self) -> list[PlannedFile]:
        return [f for f in self.files if f.kind != "round"]


@dataclass
class _KnownRound:
    path: str
    company: str
    stage: str
    extension: bool
    date: PartialDate
    urls: set[str]
    row: int | None = None  # the input row it was planned from, for rounds of this run


def _agree(one: PartialDate, other: PartialDate) -> bool:
    return not one.is_before(other) and not other.is_before(one)


def _existing_rounds(checked) -> list[_KnownRound]:
    known = []
    for entry in checked.rounds:
        record = entry.record
        if "stage" not in record or "announced" not in record:
            continue
        urls = {str(source["url"]) for source in record.get("sources", []) if "url" in source}
        known.append(_KnownRound(entry.path, entry.company, str(record["stage"]), bool(record.get("extension", False)),
                                 record["announced"].date, urls))
    return known


def _same(known: _KnownRound, company: str, stage: str, extension: bool, date: PartialDate, url: str | None) -> str | None:
    """How `known` is the round described, or None when it is another round."""
    if (known.company, known.stage, known.extension) != (company, stage, extension):
        return None
    if url and url in known.urls:
        return "same company and stage, and it cites the same source"
    if _agree(known.date, date):
        return "same company, stage and date"
    return None


class Planner:
    def __init__(self, checked, loaded, settings: Settings, excluded: dict[tuple[str, int], Problem]):
        self.settings = settings
        self.content_dir = loaded.content_dir
        self.root = loaded.root
        self.index = ProfileIndex(checked, loaded.content_dir)
        self.known: dict[str, list[_KnownRound]] = {}  # by company: only its own rounds can match
        for known in _existing_rounds(checked):
            self.known.setdefault(known.company, []).append(known)
        self.planned: dict[str, list[_KnownRound]] = {}
        self.taken = {entry.path for entry in checked.rounds}
        self.excluded = excluded
        self.plan = Plan()
        self.used: dict[str, tuple[Profile, RoundRow]] = {}  # new profiles a written round refers to

    def _fail(self, row: RoundRow, problems: list[Problem]) -> None:
        ordered = sorted(set(problems))
        self.plan.problems.extend(ordered)
        if self.settings.skip_bad_rows:
            self.plan.notices.extend(ordered[1:])  # the first is the reason given for the skip
        self.plan.outcomes.append(Outcome(row, "skipped" if self.settings.skip_bad_rows else "problem",
                                          reason=ordered[0]))

    def _profile(self, entity: Entity, role: str, problems: list[Problem], notices: list[Problem]) -> str | None:
        match: Match = self.index.resolve(entity, role)
        if match.problem:
            problems.append(entity.mark.problem(match.problem))
            return None
        if match.notice:
            notices.append(entity.mark.problem(match.notice))
        profile = match.profile
        if profile.new and profile.source is None:
            profile.source = entity.source
        return profile.slug

    def add(self, row: RoundRow) -> None:
        if (row.path, row.number) in self.excluded:
            self.plan.outcomes.append(Outcome(row, "skipped", reason=self.excluded_reason(row)))
            return
        if row.problems:
            self._fail(row, row.problems)
            return
        if row.skip:
            self.plan.outcomes.append(Outcome(row, "skipped", reason=row.skip))
            return
        date = PartialDate.parse(row.announced)
        url = row.source.get("url") if row.source else None
        problems: list[Problem] = []
        notices: list[Problem] = list(row.notices)
        company_match = self.index.find(row.company)
        company_slug = company_match.profile.slug if company_match and company_match.profile else None
        if company_slug:
            for known in self.known.get(company_slug, []):
                how = _same(known, company_slug, row.stage, row.extension, date, url)
                if how:
                    reason = row.mark.problem(f"already in {known.path} ({how})")
                    self.plan.outcomes.append(Outcome(row, "present", known.path, reason))
                    return
        company = self._profile(row.company, "company", problems, notices)
        if company:
            for known in self.planned.get(company, []):
                if _same(known, company, row.stage, row.extension, date, url):
                    self.plan.outcomes.append(Outcome(row, "skipped", reason=row.marks.get("stage", row.mark).problem(
                        f"the same round as row {known.row} (same company, stage and date)")))
                    return
        leads, participants = [], []
        for entities, slugs in ((row.leads, leads), (row.participants, participants)):
            for entity in entities:
                slug = self._profile(entity, "investor", problems, notices)
                if slug and slug not in leads and slug not in participants:
                    slugs.append(slug)
                elif slug:
                    notices.append(entity.mark.problem(f"'{entity.name}' is listed twice in this round "
                                                       f"(as {slug}); it is written once"))
        if problems:
            self._fail(row, problems)
            return
        self.plan.notices.extend(notices)
        path = self._round_path(company, row)
        self.planned.setdefault(company, []).append(
            _KnownRound(path, company, row.stage, row.extension, date, {url} if url else set(), row.number))
        for slug in leads + participants + [company]:
            profile = self.index.profiles[slug]
            if profile.new:
                self.used.setdefault(slug, (profile, row))
        self.plan.files.append(self._round_file(row, path, company, leads, participants))
        self.plan.outcomes.append(Outcome(row, "written", path))

    def excluded_reason(self, row: RoundRow) -> Problem:
        return self.excluded[(row.path, row.number)]

    def _round_path(self, company: str, row: RoundRow) -> str:
        base = "-".join([row.announced, row.stage] + (["extension"] if row.extension else []))
        name, number = base, 1
        while f"{self.content_dir}/rounds/{company}/{name}.yml" in self.taken or \
                (self.root / self.content_dir / "rounds" / company / f"{name}.yml").exists():
            number += 1
            name = f"{base}-{number}"
        path = f"{self.content_dir}/rounds/{company}/{name}.yml"
        self.taken.add(path)
        return path

    def _header(self, row: RoundRow) -> list[str]:
        return [f"Imported by `{self.settings.command}` from {row.path.rsplit('/', 1)[-1]}, row {row.number}."]

    def _round_file(self, row: RoundRow, path: str, company: str, leads: list[str], participants: list[str]) -> PlannedFile:
        def money(figure):
            return UNDISCLOSED if figure == UNDISCLOSED else figure.as_fields() if figure else None

        values = {
            "announced": row.announced, "stage": row.stage, "extension": True if row.extension else None,
            "amount": money(row.amount), "valuation": money(row.valuation), "lead": leads or None,
            "participants": participants or None, "notes": row.notes, "sources": [row.source],
        }
        return PlannedFile(path, "round", values, self._header(row), {}, dict(row.marks), row.mark, row)

    def profile_files(self) -> list[PlannedFile]:
        return [self._profile_file(profile, row) for profile, row in self.used.values()]

    def _profile_file(self, profile: Profile, row: RoundRow) -> PlannedFile:
        entity = profile.entity
        details = {key: value for key, (value, _) in entity.details.items()}
        marks = {key: mark for key, (_, mark) in entity.details.items()}
        marks["name"] = entity.mark
        placeholders = []
        comments = {}
        values: dict = {"name": entity.name, "native_name": details.get("native_name")}
        if profile.kind == "organization":
            kind = entity.kind
            if kind is None:
                kind = self.settings.company_kind if profile.role == "company" else self.settings.investor_kind
                placeholders.append("kind")
                comments["kind"] = "a default: the input does not say; check it"
            values.update(kind=kind, founded=details.get("founded"), headquarters=details.get("headquarters"),
                          website=details.get("website"), sectors=details.get("sectors"))
        summary = details.get("summary")
        if summary is None:
            summary = f"Imported from {self.settings.origin}; not described yet."
            placeholders.append("summary")
        values.update(summary=summary, description=details.get("description"), sources=[profile.source])
        return PlannedFile(profile.path, profile.kind, values, self._header(row), comments, marks,
                           Mark(entity.mark.path, entity.mark.line, 1), row, placeholders)


def plan_import(rows: list[RoundRow], checked, loaded, settings: Settings,
                excluded: dict[tuple[str, int], Problem] | None = None) -> Plan:
    """What importing `rows` into the checked content would write, row by row."""
    planner = Planner(checked, loaded, settings, excluded or {})
    for row in rows:
        planner.add(row)
    planner.plan.files.extend(planner.profile_files())
    return planner.plan
