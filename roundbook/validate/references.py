"""Checks that need more than one file: slugs, references between profiles, dates in order.

They read each file's facts (facts.py), not its record, so that they run alike on files just
checked and on files whose facts come from the cache (indexed.py). A problem found in one file
because of another (a slug taken twice, a founding date after a round) names that other file as
its cause, so that `roundbook validate FILE` can report the problems FILE causes elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from roundbook.problems import Mark, Problem, Problems
from roundbook.reserved import reserved_slug
from roundbook.schema.fields import SLUG_HINT, is_slug, suggestion
from roundbook.text_safety.characters import shown
from roundbook.validate.facts import (
    Facts,
    OrganizationFacts,
    PersonFacts,
    RatesFacts,
    Ref,
    RoundFacts,
    SectorsFacts,
)

US_DOLLAR = "USD"

F = TypeVar("F", bound=Facts)


@dataclass(frozen=True, slots=True)
class Found:
    """A content file as its place says: its kind, the path shown, its slug, a round's folder."""

    kind: str
    path: str
    slug: str
    company: str | None = None


@dataclass(slots=True)
class Entry(Generic[F]):
    """A file that passed its own checks, with its facts."""

    path: str
    slug: str
    facts: F
    company: str | None = None


@dataclass
class ContentFacts:
    """What the checks between files read: every file found, and the facts of each valid one."""

    files: list[Found] = field(default_factory=list)
    organizations: dict[str, Entry[OrganizationFacts]] = field(default_factory=dict)
    people: dict[str, Entry[PersonFacts]] = field(default_factory=dict)
    rounds: list[Entry[RoundFacts]] = field(default_factory=list)
    sectors: Entry[SectorsFacts] | None = None
    rates: Entry[RatesFacts] | None = None

    def add(self, found: Found, facts: Facts) -> None:
        if type(facts) is RoundFacts:  # the most of them, first
            self.rounds.append(Entry(found.path, found.slug, facts, found.company))
        elif type(facts) is OrganizationFacts:
            self.organizations[found.slug] = Entry(found.path, found.slug, facts)
        elif type(facts) is PersonFacts:
            self.people[found.slug] = Entry(found.path, found.slug, facts)
        elif type(facts) is SectorsFacts:
            self.sectors = Entry(found.path, found.slug, facts)
        elif type(facts) is RatesFacts:
            self.rates = Entry(found.path, found.slug, facts)


class Findings:
    """Problems and warnings, each with the files (other than its own) that caused it."""

    def __init__(self, problems: Problems, warnings: Problems) -> None:
        self.problems = problems
        self.warnings = warnings
        self.causes: dict[Problem, set[str]] = {}

    def problem(self, mark: Mark, message: str, because: Iterable[str] = ()) -> None:
        self._add(self.problems, mark, message, because)

    def warning(self, mark: Mark, message: str, because: Iterable[str] = ()) -> None:
        self._add(self.warnings, mark, message, because)

    def _add(self, into: Problems, mark: Mark, message: str, because: Iterable[str]) -> None:
        into.add(mark, message)
        others = {path for path in because if path != mark.path}
        if others:
            self.causes.setdefault(into.items[-1], set()).update(others)


def _unknown(kind: str, value: str, choices, renamed: dict[str, str]) -> str:
    """`unknown investor 'x'`, with the slug that was meant: a renamed profile's new slug, or a close one."""
    if value in renamed:
        return f"unknown {kind} '{value}': it was renamed; write '{renamed[value]}'"
    return f"unknown {kind} '{value}'{suggestion(value, choices)}"


def _check_file_slugs(files: list[Found], found: Findings) -> None:
    """File names are slugs, and a slug names one profile only, across companies and people."""
    owners: dict[str, str] = {}
    for content_file in files:
        mark = Mark(content_file.path, 1, 1)
        if content_file.kind in ("organization", "person", "round") and not is_slug(content_file.slug):
            found.problem(mark, f"file name '{shown(content_file.slug)}' is not a valid slug: {SLUG_HINT}")
        elif content_file.kind in ("organization", "person") and (reserved := reserved_slug(content_file.slug)):
            found.problem(mark, f"file name {reserved}")
        if content_file.kind == "round" and not is_slug(content_file.company or ""):
            found.problem(mark, f"folder name '{shown(content_file.company or '')}' is not a valid slug: {SLUG_HINT}")
        if content_file.kind in ("organization", "person"):
            if content_file.slug in owners:
                owner = owners[content_file.slug]
                found.problem(mark, f"slug '{content_file.slug}' is already used by {owner}", because=[owner])
            else:
                owners[content_file.slug] = content_file.path


def _check_former_slugs(content: ContentFacts, found: Findings) -> dict[str, str]:
    """A former slug keeps an old address alive, so it must name nothing else: no current profile,
    and no other renamed one. Returns each accepted former slug with the slug it became."""
    current = {slug: entry.path for slug, entry in content.organizations.items()}
    current.update((slug, entry.path) for slug, entry in content.people.items())  # a person's, if both
    renamed: dict[str, str] = {}
    for slug, entry in content.organizations.items():
        for former in entry.facts.former_slugs:
            if reserved := reserved_slug(former.value):
                found.problem(former.mark, f"former slug {reserved}")
            elif former.value == slug:
                found.problem(
                    former.mark, f"'{former.value}' is this profile's own slug; list only slugs it had before"
                )
            elif former.value in current:
                found.problem(
                    former.mark,
                    f"former slug '{former.value}' is the slug of {current[former.value]}; "
                    "an old address can only lead to one profile",
                    because=[current[former.value]],
                )
            elif former.value in renamed:
                first = content.organizations[renamed[former.value]].path
                found.problem(
                    former.mark, f"former slug '{former.value}' is already listed by {first}", because=[first]
                )
            else:
                renamed[former.value] = slug
    return renamed


def _check_organization(
    entry: Entry[OrganizationFacts], content: ContentFacts, sectors: dict[str, Ref] | None, renamed, found: Findings
) -> None:
    facts = entry.facts
    parent = facts.parent
    if parent is not None:
        if parent.value == entry.slug:
            found.problem(parent.mark, "an organization cannot be its own parent")
        elif parent.value not in content.organizations:
            found.problem(parent.mark, _unknown("organization", parent.value, content.organizations, renamed))
    for sector in facts.sectors:
        if sectors is not None and sector.value not in sectors:
            table = content.sectors.path if content.sectors else None
            found.problem(sector.mark, _unknown("sector", sector.value, sectors, {}), because=[table] if table else [])
    founded = facts.founded
    for launched in facts.launched:
        if founded and launched.date.is_before(founded.date):
            found.problem(
                launched.mark, f"launched {launched.date}, before the organization was founded ({founded.date})"
            )


def _check_parent_cycles(content: ContentFacts, found: Findings) -> None:
    organizations = content.organizations
    for slug, entry in organizations.items():
        seen = {slug}
        parent = entry.facts.parent.value if entry.facts.parent else None
        if parent == slug:
            continue  # its own parent: reported as such
        while parent in organizations:
            if parent in seen:  # back to this profile, or into a loop further up
                assert entry.facts.parent is not None
                found.problem(
                    entry.facts.parent.mark,
                    f"parent chain of '{slug}' loops back on itself",
                    because=[organizations[each].path for each in seen],
                )
                break
            seen.add(parent)
            up = organizations[parent].facts.parent
            parent = up.value if up else None


def _check_round(
    entry: Entry[RoundFacts],
    content: ContentFacts,
    investors,
    renamed,
    found: Findings,
    rates: Entry[RatesFacts] | None,
) -> None:
    facts = entry.facts
    company_slug = entry.company or ""
    company = content.organizations.get(company_slug)
    if company is None and company_slug in renamed:
        found.problem(
            Mark(entry.path, 1, 1),
            f"unknown company '{company_slug}': it was renamed; move this file to rounds/{renamed[company_slug]}/",
        )
    elif company is None:
        found.problem(
            Mark(entry.path, 1, 1),
            _unknown("company", company_slug, content.organizations, renamed)
            + f" (the folder rounds/{company_slug}/ must be named after a profile in companies/)",
        )
    for investor in facts.investors:
        if investor.value == company_slug:
            found.problem(investor.mark, "a company cannot invest in its own round")
        elif investor.value not in investors:
            found.problem(investor.mark, _unknown("investor", investor.value, investors, renamed))
    announced = facts.announced
    founded = company.facts.founded if company else None
    if announced and founded and company and announced.date.is_before(founded.date):
        found.problem(
            announced.mark,
            f"announced {announced.date}, before {company_slug} was founded ({founded.date})",
            because=[company.path],
        )
    if announced and rates is not None and rates.facts.table is not None:
        for currency in facts.currencies:
            _check_rate(currency, announced, rates, found)


def _check_rate(currency: Ref, announced, rates: Entry[RatesFacts], found: Findings) -> None:
    """A figure without a rate for its month is shown without a dollar equivalent, and one after the
    table's last month with the latest rate: worth a warning, never a reason to stop (roundbook/rates/conversion.py)."""
    if currency.value == US_DOLLAR:
        return
    month = announced.date.month_key()
    if month is None:
        return  # a round dated only by year gets no dollar equivalent, and says so
    table = rates.facts.table
    assert table is not None  # _check_round checks only against a table
    rate = table.rate(currency.value, month)
    if rate is None:
        found.warning(currency.mark, table.why_not(currency.value, month), because=[rates.path])
    elif rate.latest:
        found.warning(currency.mark, table.latest_note(currency.value, month), because=[rates.path])


def _check_person(entry: Entry[PersonFacts], content: ContentFacts, renamed, found: Findings) -> None:
    for organization in entry.facts.organizations:
        if organization.value not in content.organizations:
            found.problem(
                organization.mark, _unknown("organization", organization.value, content.organizations, renamed)
            )


def _check_sector_slugs(sectors: Entry[SectorsFacts] | None, found: Findings) -> None:
    for slug in sectors.facts.slugs if sectors else ():
        if reserved := reserved_slug(slug.value):
            found.problem(slug.mark, f"sector {reserved}")


def check_references(content: ContentFacts, found: Findings) -> None:
    _check_file_slugs(content.files, found)
    sectors = {ref.value: ref for ref in content.sectors.facts.slugs} if content.sectors else None
    _check_sector_slugs(content.sectors, found)
    renamed = _check_former_slugs(content, found)
    for organization in content.organizations.values():
        _check_organization(organization, content, sectors, renamed, found)
    _check_parent_cycles(content, found)
    for person in content.people.values():
        _check_person(person, content, renamed, found)
    # Every profile can invest; built once, not once per round (that was quadratic in the data).
    investors = {*content.organizations, *content.people}
    for entry in content.rounds:
        _check_round(entry, content, investors, renamed, found, content.rates)
