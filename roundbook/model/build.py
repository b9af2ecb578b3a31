"""Turn checked records into the model: resolve slugs to objects and compute derived values."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from roundbook.model.money import Money, total_in_dollars
from roundbook.model.records import (
    Dataset,
    Investment,
    Milestone,
    Organization,
    Person,
    Product,
    Report,
    Role,
    Round,
    Sector,
    Source,
)
from roundbook.rates.conversion import RateTable
from roundbook.schema.kinds import STAGES

if (
    TYPE_CHECKING
):  # only its type: validate refuses reserved names, which roundbook/addresses.py keeps with the model's help
    from roundbook.validate import CheckedContent


def _date(value):
    return value.date if value is not None else None


def _sources(record) -> dict[str, Source]:
    return {
        source["id"]: Source(
            key=str(source["id"]),
            url=str(source["url"]),
            title=_text(source, "title"),
            publisher=str(source["publisher"]),
            published=_date(source.get("published")),
            accessed=_date(source.get("accessed")),
            quote=_text(source, "quote"),
        )
        for source in record.get("sources", [])
    }


def _cited(item, sources: dict[str, Source]) -> list[Source]:
    return [sources[key] for key in item.get("sources", [])]


def _money(record) -> Money | None:
    if record is None:
        return None
    if record == "undisclosed":
        return Money.undisclosed()

    def number(key: str) -> Decimal | None:
        return record[key].value if key in record else None

    return Money(
        currency=str(record["currency"]),
        precision=str(record.get("precision", "exact")),
        value=number("value"),
        min=number("min"),
        max=number("max"),
        basis=str(record["basis"]) if "basis" in record else None,
        reported_usd=number("reported_usd"),
    )


def _text(record, key: str) -> str | None:
    return str(record[key]) if key in record else None


def _profile_fields(entry) -> dict:
    record = entry.record
    return {
        "slug": entry.slug,
        "name": str(record["name"]),
        "summary": str(record["summary"]),
        "source_path": entry.path,
        "native_name": _text(record, "native_name"),
        "aliases": [str(a) for a in record.get("aliases", [])],
        "description": _text(record, "description"),
        "sources": list(_sources(record).values()),
    }


def _organization(entry, sectors: dict[str, Sector]) -> Organization:
    record = entry.record
    sources = _sources(record)
    headquarters = record.get("headquarters", {})
    return Organization(
        **_profile_fields(entry),
        kind=str(record["kind"]),
        former_names=[str(n) for n in record.get("former_names", [])],
        former_slugs=[str(s) for s in record.get("former_slugs", [])],
        status=_text(record, "status"),
        founded=_date(record.get("founded")),
        city=_text(headquarters, "city"),
        country=_text(headquarters, "country"),
        website=_text(record, "website"),
        sectors=[sectors[s] for s in record.get("sectors", [])],
        products=sorted(
            (
                Product(str(p["name"]), str(p["summary"]), _date(p.get("launched")), _cited(p, sources))
                for p in record.get("products", [])
            ),
            key=lambda p: p.launched.sort_key if p.launched else (9999, 0, 0),
        ),
        milestones=sorted(
            (Milestone(m["date"].date, str(m["text"]), _cited(m, sources)) for m in record.get("milestones", [])),
            key=lambda m: m.date.sort_key,
        ),
    )


def _round(entry, organizations, profiles, rates) -> Round:
    record = entry.record
    sources = _sources(record)
    announced = record["announced"].date
    month = announced.month_key()

    def in_dollars(money: Money | None) -> Money | None:
        return money.in_dollars(rates, month) if money is not None else None

    amount, valuation = _money(record.get("amount")), _money(record.get("valuation"))
    reports = []
    for alternative in record.get("conflicting_reports", []):
        alt_amount, alt_valuation = _money(alternative.get("amount")), _money(alternative.get("valuation"))
        reports.append(
            Report(
                alt_amount,
                alt_valuation,
                in_dollars(alt_amount),
                in_dollars(alt_valuation),
                _cited(alternative, sources),
                _text(alternative, "note"),
            )
        )
    return Round(
        id=entry.slug,
        company=organizations[entry.company],
        announced=announced,
        stage=str(record["stage"]),
        stage_label=STAGES[record["stage"]],
        source_path=entry.path,
        extension=bool(record.get("extension", False)),
        amount=amount,
        valuation=valuation,
        amount_usd=in_dollars(amount),
        valuation_usd=in_dollars(valuation),
        leads=[profiles[s] for s in record.get("lead", [])],
        participants=[profiles[s] for s in record.get("participants", [])],
        reports=reports,
        disputed=bool(record.get("disputed", False)),
        notes=_text(record, "notes"),
        sources=list(sources.values()),
    )


def build_dataset(checked: CheckedContent) -> Dataset:
    """Build the model from content that passed validation (the caller checks for problems first)."""
    # Validation requires both reference files: content without them has problems.
    assert checked.sectors is not None and checked.currency_rates is not None
    sector_records = checked.sectors.record["sectors"]
    sectors = {
        str(slug): Sector(str(slug), str(s["name"]), _text(s, "description")) for slug, s in sector_records.items()
    }
    rates_record = checked.currency_rates.record
    rates = RateTable.from_record(rates_record["rates"])
    rates_source = _sources({"sources": [{"id": "rates", **rates_record["source"]}]})["rates"]

    organizations = {slug: _organization(entry, sectors) for slug, entry in sorted(checked.organizations.items())}
    people = {slug: Person(**_profile_fields(entry)) for slug, entry in sorted(checked.people.items())}
    profiles = {**organizations, **people}

    for slug, entry in checked.organizations.items():
        parent = entry.record.get("parent")
        if parent is not None:
            organizations[slug].parent = organizations[parent]
            organizations[parent].subsidiaries.append(organizations[slug])

    for slug, entry in checked.people.items():
        person, record = people[slug], entry.record
        sources = _sources(record)
        for role_record in record.get("roles", []):
            organization = organizations[role_record["organization"]]
            role = Role(
                person,
                organization,
                str(role_record["title"]),
                _date(role_record.get("since")),
                _date(role_record.get("until")),
                _cited(role_record, sources),
            )
            person.roles.append(role)
            organization.roles.append(role)

    rounds = sorted(
        (_round(entry, organizations, profiles, rates) for entry in checked.rounds), key=lambda r: r.sort_key
    )
    for funding_round in rounds:
        funding_round.company.rounds.append(funding_round)
        for investor in funding_round.investors:
            investor.investments.append(Investment(investor, funding_round, investor in funding_round.leads))
    for organization in organizations.values():
        if organization.rounds:
            organization.total_raised = total_in_dollars([r.amount_usd for r in organization.rounds])
    return Dataset(
        organizations,
        people,
        rounds,
        sectors,
        rates,
        rates_source,
        pages=checked.pages,
        warnings=checked.warnings.sorted(),
    )
