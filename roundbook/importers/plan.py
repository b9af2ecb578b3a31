"""From rows to the files an import would write, and the outcome of every row.

Every row ends one way: written (a new round file), merged (another row of this import is the
same round: its figures, investors and source are added to that round), already present (the
content has that round), or skipped (with the reason, at its cell). Rows read = rounds written +
merged + already present + skipped, always. A row with a problem (a cell that cannot be read for
certain) stops the import, unless the command was told to skip such rows.

Two rows, or a row and a round of the content, are the same round when they have the same company,
stage and extension and either agree on the date (2024-02 agrees with 2024-02-27) or cite the
same page of their own (a Crunchbase round's page, a row's own source URL: found again after its
date was corrected). A source the mapping file gives every row tells no round apart, so it is
never used to match. Company, stage and date are in every round file, and the URL in its sources,
so a second run over the same input finds every round it wrote and writes nothing.

A merged row's figures that differ from the round's are written under `conflicting_reports`, with
the row's source and notes; a figure the sheet marks disputed sets `disputed: true`.

The sheet's own dollar figure for a figure in another currency (its `amount_usd` column, a bracket
such as `(≈$282M)`, Crunchbase's `raised_amount_usd`) is written as the figure's `reported_usd`;
what one dollar amount cannot hold (a range, or another currency) goes in the notes. Two rows that
give the same figure do not conflict over their conversions: a merged row's fills in one the round
lacks, and one that differs is named in a notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from roundbook.importers.money import UNDISCLOSED, Figure, written_amount
from roundbook.importers.profiles import Match, NewProfile, ProfileIndex, Refused
from roundbook.importers.rows import Entity, ReadyRow, RoundRow, is_ready
from roundbook.importers.sector_labels import NewSector
from roundbook.problems import Mark, Problem
from roundbook.schema.kinds import STAGES
from roundbook.schema.values import PartialDate
from roundbook.text import plural


@dataclass
class Settings:
    command: str  # shown in each file's header: `roundbook import crunchbase`
    company_kind: str = "startup"
    investor_kind: str = "investment-firm"
    skip_bad_rows: bool = False
    # Sectors the input's labels would add (`unknown_sectors: add`), by slug: added only when a
    # profile this import creates names one.
    new_sectors: dict[str, NewSector] = field(default_factory=dict)


@dataclass
class Outcome:
    row: RoundRow
    status: str  # written, merged, present, skipped or problem
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
    made: list[str] = field(default_factory=list)  # fields made from the round that names it: summary


@dataclass
class AddedSector:
    """A sector this import adds to content/reference/sectors.yml, for the new profile that names it first."""

    sector: NewSector
    mark: Mark  # the sectors cell of that profile's row
    row: RoundRow


@dataclass
class Plan:
    outcomes: list[Outcome] = field(default_factory=list)
    files: list[PlannedFile] = field(default_factory=list)
    added_sectors: list[AddedSector] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    lost_leads: list[Problem] = field(default_factory=list)  # lead flags of written rounds no name could carry

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


@dataclass
class _PlannedRound(_KnownRound):
    """A round of this run."""

    row: int  # the input row it was planned from
    file: PlannedFile  # the file other rows merge into


def _agree(one: PartialDate, other: PartialDate) -> bool:
    return not one.is_before(other) and not other.is_before(one)


def _existing_rounds(checked) -> list[_KnownRound]:
    known = []
    for entry in checked.rounds:
        record = entry.record
        if "stage" not in record or "announced" not in record:
            continue
        urls = {str(source["url"]) for source in record.get("sources", []) if "url" in source}
        known.append(
            _KnownRound(
                entry.path,
                entry.company,
                str(record["stage"]),
                bool(record.get("extension", False)),
                record["announced"].date,
                urls,
            )
        )
    return known


def _same(
    known: _KnownRound, company: str, stage: str, extension: bool, date: PartialDate, url: str | None
) -> str | None:
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
        self.planned: dict[str, list[_PlannedRound]] = {}
        self.taken = {entry.path for entry in checked.rounds}
        self.excluded = excluded
        self.plan = Plan()
        self.used: dict[str, tuple[NewProfile, ReadyRow]] = {}  # new profiles a written round refers to

    def _fail(self, row: RoundRow, problems: list[Problem]) -> None:
        ordered = sorted(set(problems))
        self.plan.problems.extend(ordered)
        if self.settings.skip_bad_rows:
            self.plan.notices.extend(ordered[1:])  # the first is the reason given for the skip
        self.plan.outcomes.append(
            Outcome(row, "skipped" if self.settings.skip_bad_rows else "problem", reason=ordered[0])
        )

    def _profile(self, entity: Entity, role: str, problems: list[Problem], notices: list[Problem]) -> str | None:
        match = self.index.resolve(entity, role)
        if isinstance(match, Refused):
            problems.append(entity.mark.problem(match.problem))
            return None
        if match.notice:
            notices.append(entity.mark.problem(match.notice))
        profile = match.profile
        if isinstance(profile, NewProfile) and profile.source is None:
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
        assert is_ready(row)  # a row that is not has a problem or a reason to skip it (rows.py)
        date = PartialDate.parse(row.announced)
        url = row.source.get("url") if row.source and row.own_source else None
        problems: list[Problem] = []
        notices: list[Problem] = list(row.notices)
        company_match = self.index.find(row.company)
        company_slug = company_match.profile.slug if isinstance(company_match, Match) else None
        if company_slug:
            for known in self.known.get(company_slug, []):
                how = _same(known, company_slug, row.stage, row.extension, date, url)
                if how:
                    reason = row.mark.problem(f"already in {known.path} ({how})")
                    self.plan.outcomes.append(Outcome(row, "present", known.path, reason))
                    return
        company = self._profile(row.company, "company", problems, notices)
        leads, participants = self._investors(row, problems, notices)
        if problems:
            self._fail(row, problems)
            return
        assert company is not None  # _profile gives no slug only with a problem
        for known in self.planned.get(company, []):
            how = _same(known, company, row.stage, row.extension, date, url)
            if how:
                self.plan.notices.extend(notices)
                self._merge(row, known, how, leads, participants)
                return
        self.plan.notices.extend(notices)
        self.plan.lost_leads.extend(row.lost_leads)
        path = self._round_path(company, row)
        planned = self._round_file(row, path, company, leads, participants)
        self.planned.setdefault(company, []).append(
            _PlannedRound(path, company, row.stage, row.extension, date, {url} if url else set(), row.number, planned)
        )
        self._use_profiles(leads + participants + [company], row)
        self.plan.files.append(planned)
        self.plan.outcomes.append(Outcome(row, "written", path))

    def _investors(self, row: RoundRow, problems: list[Problem], notices: list[Problem]) -> tuple[list[str], list[str]]:
        leads: list[str] = []
        participants: list[str] = []
        for entities, slugs in ((row.leads, leads), (row.participants, participants)):
            for entity in entities:
                slug = self._profile(entity, "investor", problems, notices)
                if slug and slug not in leads and slug not in participants:
                    slugs.append(slug)
                elif slug:
                    notices.append(
                        entity.mark.problem(
                            f"'{entity.name}' is listed twice in this round (as {slug}); it is written once"
                        )
                    )
        return leads, participants

    def _use_profiles(self, slugs: list[str], row: ReadyRow) -> None:
        for slug in slugs:
            profile = self.index.profiles[slug]
            if isinstance(profile, NewProfile):
                self.used.setdefault(slug, (profile, row))

    def _merge(self, row: ReadyRow, known: _PlannedRound, how: str, leads: list[str], participants: list[str]) -> None:
        """Another row of this import gave the same round: what it adds goes into that round's file."""
        values = known.file.values
        added: list[str] = []
        for key, slugs in (("lead", leads), ("participants", participants)):
            for slug in slugs:
                if slug not in (values.get("lead") or []) + (values.get("participants") or []):
                    values[key] = (values.get(key) or []) + [slug]
                    added.append(slug)
        self._use_profiles(added, row)
        cited = len(values["sources"])
        source_key = self._cite(values, row.source)
        report: dict = {}
        conversions = []  # the sheet's own dollar figures this row adds to the round's figures
        for key in ("amount", "valuation"):
            figure = _written(getattr(row, key), _reported(row, key))
            if figure is None:
                continue
            main = values.get(key)
            if main is None:
                values[key] = figure
            elif _without_reported(figure) != _without_reported(main):
                report[key] = figure
            elif (
                isinstance(figure, dict)
                and "reported_usd" in figure
                and figure["reported_usd"] != main.get("reported_usd")
            ):
                if "reported_usd" not in main:
                    main["reported_usd"] = figure["reported_usd"]
                    conversions.append(key)
                else:
                    mark = row.marks.get(f"{key}_usd", row.marks.get(key, row.mark))
                    self.plan.notices.append(
                        mark.problem(
                            f"this row's source converts the {key} to US${figure['reported_usd']} and row {known.row}'s "
                            f"to US${main['reported_usd']}: {known.path} keeps row {known.row}'s figure"
                        )
                    )
        note = (
            " ".join(([_sentence(row.notes)] if row.notes else []) + _said_notes(row) + _conversion_notes(row)) or None
        )
        if report:
            report.update(sources=[source_key], note=note)
            values["conflicting_reports"] = (values.get("conflicting_reports") or []) + [report]
            known.file.marks.setdefault("conflicting_reports", row.marks.get(next(iter(report)), row.mark))
        elif note:
            values["notes"] = " ".join(part for part in (values.get("notes"), note) if part)
        if row.disputed:
            values["disputed"] = True
        what = (
            ", ".join(
                part
                for part in (
                    "a conflicting report" if report else "",
                    "disputed" if row.disputed else "",
                    f"the source's dollar figure for the {' and '.join(conversions)}" if conversions else "",
                    f"{len(added)} more {plural(len(added), 'investor')}" if added else "",
                    "another source" if len(values["sources"]) > cited else "",
                )
                if part
            )
            or "nothing new"
        )
        reason = row.mark.problem(f"into {known.path} with row {known.row} ({how}): {what}")
        self.plan.lost_leads.extend(row.lost_leads)
        self.plan.outcomes.append(Outcome(row, "merged", known.path, reason))

    def _cite(self, values: dict, source: dict) -> str:
        """The id the round's file cites `source` by, adding it to its sources when it is another page."""
        for cited in values["sources"]:
            if cited["url"] == source["url"]:
                return cited["id"]
        ids = {cited["id"] for cited in values["sources"]}
        key, number = source["id"], 1
        while key in ids:
            number += 1
            key = f"{source['id']}-{number}"
        values["sources"].append({**source, "id": key})
        return key

    def excluded_reason(self, row: RoundRow) -> Problem:
        return self.excluded[(row.path, row.number)]

    def _round_path(self, company: str, row: ReadyRow) -> str:
        base = "-".join([row.announced, row.stage] + (["extension"] if row.extension else []))
        name, number = base, 1
        while (
            f"{self.content_dir}/rounds/{company}/{name}.yml" in self.taken
            or (self.root / self.content_dir / "rounds" / company / f"{name}.yml").exists()
        ):
            number += 1
            name = f"{base}-{number}"
        path = f"{self.content_dir}/rounds/{company}/{name}.yml"
        self.taken.add(path)
        return path

    def _header(self, row: RoundRow) -> list[str]:
        return [f"Imported by `{self.settings.command}` from {row.path.rsplit('/', 1)[-1]}, row {row.number}."]

    def _round_file(
        self, row: ReadyRow, path: str, company: str, leads: list[str], participants: list[str]
    ) -> PlannedFile:
        notes = (
            " ".join(([_sentence(row.notes)] if row.notes else []) + _said_notes(row) + _conversion_notes(row)) or None
        )
        values = {
            "announced": row.announced,
            "stage": row.stage,
            "extension": True if row.extension else None,
            "amount": _written(row.amount, _reported(row, "amount")),
            "valuation": _written(row.valuation, _reported(row, "valuation")),
            "lead": leads or None,
            "participants": participants or None,
            "disputed": True if row.disputed else None,
            "notes": notes,
            "sources": [dict(row.source)],
        }
        marks = dict(row.marks)
        marks.setdefault("disputed", marks.get("amount", row.mark))
        return PlannedFile(path, "round", values, self._header(row), {}, marks, row.mark, row)

    def profile_files(self) -> list[PlannedFile]:
        return [self._profile_file(profile, row) for profile, row in self.used.values()]

    def _named_in(self, profile: NewProfile, row: ReadyRow) -> str:
        """A one-line summary from the round that names the profile: what the input says, nothing more."""
        stage = STAGES.get(row.stage, row.stage)
        stage = f"{stage} extension" if row.extension else stage
        when = f"{'on' if len(row.announced) == 10 else 'in'} {row.announced}"
        if profile.role == "company":
            return f"Raised a {stage} round announced {when}."
        led = any(entity is profile.entity or entity.name == profile.entity.name for entity in row.leads)
        return f"{'Led' if led else 'Invested in'} the {stage} round of {row.company.name}, announced {when}."

    def _profile_file(self, profile: NewProfile, row: ReadyRow) -> PlannedFile:
        entity = profile.entity
        details = {key: value for key, (value, _) in entity.details.items()}
        marks = {key: mark for key, (_, mark) in entity.details.items()}
        marks["name"] = entity.mark
        placeholders, made = [], []
        comments = {}
        values: dict = {"name": entity.name, "native_name": details.get("native_name")}
        if profile.kind == "organization":
            kind = entity.kind
            if kind is None:
                kind = self.settings.company_kind if profile.role == "company" else self.settings.investor_kind
                placeholders.append("kind")
                comments["kind"] = "a default: the input does not say; check it"
            values.update(
                kind=kind,
                founded=details.get("founded"),
                headquarters=details.get("headquarters"),
                website=details.get("website"),
                sectors=details.get("sectors"),
            )
        summary = details.get("summary")
        if summary is None:
            summary = self._named_in(profile, row)
            made.append("summary")
        values.update(summary=summary, description=details.get("description"), sources=[profile.source])
        return PlannedFile(
            profile.path,
            profile.kind,
            values,
            self._header(row),
            comments,
            marks,
            Mark(entity.mark.path, entity.mark.line, 1),
            row,
            placeholders,
            made,
        )


def _written(figure, reported_usd: str | None = None):
    """A figure as the round file writes it, with the source's own dollar figure when there is one."""
    if figure == UNDISCLOSED or not figure:
        return UNDISCLOSED if figure == UNDISCLOSED else None
    fields = figure.as_fields()
    if reported_usd:
        fields["reported_usd"] = reported_usd
    return fields


def _without_reported(written):
    """A written figure as two reports of it are compared: the source's own conversion does not count."""
    return {k: v for k, v in written.items() if k != "reported_usd"} if isinstance(written, dict) else written


def _reported(row: RoundRow, key: str) -> str | None:
    """The sheet's own dollar figure for a figure in another currency (its `amount_usd` column, a
    bracket such as `(≈$282M)`, Crunchbase's `raised_amount_usd`), as `reported_usd` holds it: one
    amount in US dollars. A range or another currency is kept in the notes instead."""
    conversion = row.conversions.get(key)
    figure = getattr(row, key)
    if conversion is None or not isinstance(figure, Figure) or figure.currency == "USD":
        return None
    if conversion.currency != "USD" or conversion.value is None:
        return None
    return written_amount(conversion.value)


def _conversion_notes(row: RoundRow) -> list[str]:
    """The sheet's own conversions that `reported_usd` cannot hold: a range, or another currency."""
    notes = []
    for key, conversion in row.conversions.items():
        if _reported(row, key) is not None or not isinstance(getattr(row, key), Figure):
            continue
        if conversion.precision == "range":
            assert conversion.min is not None and conversion.max is not None  # a range has both ends
            shown = f"{_in(conversion.min, conversion.currency)}–{_in(conversion.max, conversion.currency)}"
        else:
            assert conversion.value is not None  # every other figure is one amount
            shown = _in(conversion.value, conversion.currency)
        notes.append(f"The source converts the {key} to {shown}.")
    return notes


def _in(value: Decimal, currency: str) -> str:
    """US$282M, or 3.7B CNY: an amount as a note writes it."""
    return f"US${written_amount(value)}" if currency == "USD" else f"{written_amount(value)} {currency}"


def _said_notes(row: RoundRow) -> list[str]:
    """What the sheet says of how sure a figure is; `reported` alone says nothing worth a note."""
    return [f"The source marks the {key} as {word}." for key, word in row.said.items() if word != "reported"]


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def plan_import(
    rows: list[RoundRow], checked, loaded, settings: Settings, excluded: dict[tuple[str, int], Problem] | None = None
) -> Plan:
    """What importing `rows` into the checked content would write, row by row."""
    planner = Planner(checked, loaded, settings, excluded or {})
    for row in rows:
        planner.add(row)
    planner.plan.files.extend(planner.profile_files())
    planner.plan.added_sectors = _added_sectors(planner.plan.created_profiles, settings.new_sectors)
    return planner.plan


def _added_sectors(profiles: list[PlannedFile], new: dict[str, NewSector]) -> list[AddedSector]:
    """The new sectors the created profiles name, in the order the input names them: a label only a
    row of a company already in the content gives adds no sector that nothing would name."""
    first: dict[str, PlannedFile] = {}
    for item in profiles:
        for slug in item.values.get("sectors") or []:
            first.setdefault(slug, item)
    return [
        AddedSector(sector, first[slug].marks.get("sectors", first[slug].mark), first[slug].row)
        for slug, sector in new.items()
        if slug in first
    ]
