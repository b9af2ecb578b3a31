"""A profile in a few plain sentences, built from the model, for search to index and show.

A profile's facts sit in a table, which search leaves out (roundbook/site/search/prose.py: its
cells read as one run-on line). These sentences say the same facts as prose, so that a search
for a city, a former name or a sector still finds the profile, and its result reads "Acme
Robotics is a startup based in Shenzhen, China, founded in May 2020." The page carries them
unseen (organization.html.j2, person.html.j2, `.rb-search-summary` in roundbook.css): readers
have the table.
"""

from __future__ import annotations

from roundbook.model.records import Organization, Person, Profile
from roundbook.schema.values import PartialDate
from roundbook.text import counted, country_text, date_text, money_text, plural, total_text


def _when(date: PartialDate) -> str:
    """`in May 2020`, `on May 1, 2020`: a date after a verb."""
    return f"{'on' if date.precision == 'day' else 'in'} {date_text(date)}"


def _a(noun: str) -> str:
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _investments(profile: Profile) -> list[str]:
    if not profile.investments:
        return []
    companies = counted(len(profile.portfolio), "company", "companies")
    leading = f", leading {profile.lead_count}" if profile.lead_count else ""
    return [f"Invested in {companies} through {counted(len(profile.investments), 'round')}{leading}."]


def organization_summary(org: Organization) -> str:
    what = f"{org.name} is {_a(org.kind.replace('-', ' '))}"
    if org.country:
        what += f" based in {org.city + ', ' if org.city else ''}{country_text(org.country)}"
    if org.founded:
        what += f", founded {_when(org.founded)}"
    sentences = [what + "."]
    if org.sectors:
        sentences.append(f"{plural(len(org.sectors), 'Sector')}: {', '.join(sector.name for sector in org.sectors)}.")
    names = []
    if org.aliases:
        names.append(f"Also known as {', '.join(org.aliases)}")
    if org.former_names:
        names.append(f"{'formerly' if names else 'Formerly'} {', '.join(org.former_names)}")
    if names:
        sentences.append("; ".join(names) + ".")
    if org.parent:
        sentences.append(f"Part of {org.parent.name}.")
    if org.rounds:
        raised = f"{total_text(org.total_raised)} raised" if org.total_raised else "total raised unknown"
        funding = f"{counted(org.round_count, 'funding round')}, {raised}"
        latest = org.latest_valuation
        if latest is not None:
            funding += f"; latest valuation {money_text(latest.valuation)} ({date_text(latest.announced)})"
        sentences.append(funding[0].upper() + funding[1:] + ".")
    return " ".join(sentences + _investments(org))


def person_summary(person: Person) -> str:
    roles = "; ".join(f"{role.title}, {role.organization.name}" for role in person.roles)
    sentences = [f"{person.name}: {roles}."] if roles else []
    return " ".join(sentences + _investments(person))


def profile_summary(profile: Profile) -> str:
    """The sentences for `profile`'s page; empty when its model has nothing beyond its summary."""
    if isinstance(profile, Organization):
        return organization_summary(profile)
    return person_summary(profile) if isinstance(profile, Person) else ""
