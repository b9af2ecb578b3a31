"""Checks that need more than one file: slugs, references between profiles, dates in order."""

from __future__ import annotations

from typing import TYPE_CHECKING

from roundbook.problems import Mark, Problems
from roundbook.rates.conversion import RateTable
from roundbook.reserved import reserved_slug
from roundbook.schema.fields import SLUG_HINT, CheckContext, is_slug, suggestion
from roundbook.text_safety.characters import shown
from roundbook.validate.checked import CheckedContent

if TYPE_CHECKING:
    from roundbook.load import LoadedContent

US_DOLLAR = "USD"


def _unknown(kind: str, value: str, choices, renamed: dict[str, str]) -> str:
    """`unknown investor 'x'`, with the slug that was meant: a renamed profile's new slug, or a close one."""
    if value in renamed:
        return f"unknown {kind} '{value}': it was renamed; write '{renamed[value]}'"
    return f"unknown {kind} '{value}'{suggestion(value, choices)}"


def _check_file_slugs(loaded: LoadedContent, ctx: CheckContext) -> None:
    """File names are slugs, and a slug names one profile only, across companies and people."""
    owners: dict[str, str] = {}
    for content_file in loaded.files:
        mark = Mark(content_file.path, 1, 1)
        if content_file.kind in ("organization", "person", "round") and not is_slug(content_file.slug):
            ctx.problems.add(mark, f"file name '{shown(content_file.slug)}' is not a valid slug: {SLUG_HINT}")
        elif content_file.kind in ("organization", "person") and (reserved := reserved_slug(content_file.slug)):
            ctx.problems.add(mark, f"file name {reserved}")
        if content_file.kind == "round" and not is_slug(content_file.company or ""):
            ctx.problems.add(
                mark, f"folder name '{shown(content_file.company or '')}' is not a valid slug: {SLUG_HINT}"
            )
        if content_file.kind in ("organization", "person"):
            if content_file.slug in owners:
                ctx.problems.add(mark, f"slug '{content_file.slug}' is already used by {owners[content_file.slug]}")
            else:
                owners[content_file.slug] = content_file.path


def _check_former_slugs(checked: CheckedContent, ctx: CheckContext) -> dict[str, str]:
    """A former slug keeps an old address alive, so it must name nothing else: no current profile,
    and no other renamed one. Returns each accepted former slug with the slug it became."""
    current = {slug: entry.path for slug, entry in {**checked.organizations, **checked.people}.items()}
    renamed: dict[str, str] = {}
    for slug, entry in checked.organizations.items():
        for former in entry.record.get("former_slugs", []):
            if reserved := reserved_slug(former):
                ctx.problems.add(former.mark, f"former slug {reserved}")
            elif former == slug:
                ctx.problems.add(former.mark, f"'{former}' is this profile's own slug; list only slugs it had before")
            elif former in current:
                ctx.problems.add(
                    former.mark,
                    f"former slug '{former}' is the slug of {current[former]}; "
                    "an old address can only lead to one profile",
                )
            elif former in renamed:
                ctx.problems.add(
                    former.mark,
                    f"former slug '{former}' is already listed by {checked.organizations[renamed[former]].path}",
                )
            else:
                renamed[former] = slug
    return renamed


def _check_organization(entry, checked: CheckedContent, sectors, renamed, ctx: CheckContext) -> None:
    record = entry.record
    parent = record.get("parent")
    if parent is not None:
        if parent == entry.slug:
            ctx.problems.add(parent.mark, "an organization cannot be its own parent")
        elif parent not in checked.organizations:
            ctx.problems.add(parent.mark, _unknown("organization", parent, checked.organizations, renamed))
    for sector in record.get("sectors", []):
        if sectors is not None and sector not in sectors:
            ctx.problems.add(sector.mark, _unknown("sector", sector, sectors, {}))
    founded = record.get("founded")
    for product in record.get("products", []):
        launched = product.get("launched")
        if founded and launched and launched.date.is_before(founded.date):
            ctx.problems.add(
                launched.mark, f"launched {launched.date}, before the organization was founded ({founded.date})"
            )


def _check_parent_cycles(checked: CheckedContent, ctx: CheckContext) -> None:
    for slug, entry in checked.organizations.items():
        seen = {slug}
        parent = entry.record.get("parent")
        if parent == slug:
            continue  # its own parent: reported as such
        while parent in checked.organizations:
            if parent in seen:  # back to this profile, or into a loop further up
                ctx.problems.add(entry.record["parent"].mark, f"parent chain of '{slug}' loops back on itself")
                break
            seen.add(parent)
            parent = checked.organizations[parent].record.get("parent")


def _check_round(
    entry, checked: CheckedContent, investors, rates: RateTable | None, renamed, ctx: CheckContext, warnings: Problems
) -> None:
    record = entry.record
    company = checked.organizations.get(entry.company)
    if company is None and entry.company in renamed:
        ctx.problems.add(
            Mark(entry.path, 1, 1),
            f"unknown company '{entry.company}': it was renamed; move this file to rounds/{renamed[entry.company]}/",
        )
    elif company is None:
        ctx.problems.add(
            Mark(entry.path, 1, 1),
            _unknown("company", entry.company, checked.organizations, renamed)
            + f" (the folder rounds/{entry.company}/ must be named after a profile in companies/)",
        )
    for key in ("lead", "participants"):
        for investor in record.get(key, []):
            if investor == entry.company:
                ctx.problems.add(investor.mark, "a company cannot invest in its own round")
            elif investor not in investors:
                ctx.problems.add(investor.mark, _unknown("investor", investor, investors, renamed))
    announced = record.get("announced")
    founded = company.record.get("founded") if company else None
    if announced and founded and announced.date.is_before(founded.date):
        ctx.problems.add(
            announced.mark, f"announced {announced.date}, before {entry.company} was founded ({founded.date})"
        )
    if announced and rates is not None:
        monies = [record.get("amount"), record.get("valuation")]
        for report in record.get("conflicting_reports", []):
            monies += [report.get("amount"), report.get("valuation")]
        for money in monies:
            _check_rate(money, announced, rates, warnings)


def _check_rate(money, announced, rates: RateTable, warnings: Problems) -> None:
    """A figure without a rate for its month is shown without a dollar equivalent, and one after the
    table's last month with the latest rate: worth a warning, never a reason to stop (roundbook/rates/conversion.py)."""
    if not isinstance(money, dict) or "currency" not in money or money["currency"] == US_DOLLAR:
        return
    month = announced.date.month_key()
    if month is None:
        return  # a round dated only by year gets no dollar equivalent, and says so
    currency = money["currency"]
    rate = rates.rate(str(currency), month)
    if rate is None:
        warnings.add(currency.mark, rates.why_not(str(currency), month))
    elif rate.latest:
        warnings.add(currency.mark, rates.latest_note(str(currency), month))


def _check_person(entry, checked: CheckedContent, renamed, ctx: CheckContext) -> None:
    for role in entry.record.get("roles", []):
        organization = role.get("organization")
        if organization is not None and organization not in checked.organizations:
            ctx.problems.add(organization.mark, _unknown("organization", organization, checked.organizations, renamed))


def _check_sector_slugs(sectors, ctx: CheckContext) -> None:
    for slug in sectors or {}:
        if reserved := reserved_slug(slug):
            ctx.problems.add(slug.mark, f"sector {reserved}")


def check_references(
    loaded: LoadedContent, checked: CheckedContent, ctx: CheckContext, warnings: Problems | None = None
) -> None:
    _check_file_slugs(loaded, ctx)
    sectors = checked.sectors.record.get("sectors") if checked.sectors else None
    _check_sector_slugs(sectors, ctx)
    table = checked.currency_rates.record.get("rates") if checked.currency_rates else None
    rates = RateTable.from_record(table) if table is not None else None
    warnings = warnings if warnings is not None else Problems()
    renamed = _check_former_slugs(checked, ctx)
    for entry in checked.organizations.values():
        _check_organization(entry, checked, sectors, renamed, ctx)
    _check_parent_cycles(checked, ctx)
    for entry in checked.people.values():
        _check_person(entry, checked, renamed, ctx)
    # Every profile can invest; built once, not once per round (that was quadratic in the data).
    investors = {**checked.organizations, **checked.people}
    for entry in checked.rounds:
        _check_round(entry, checked, investors, rates, renamed, ctx, warnings)
