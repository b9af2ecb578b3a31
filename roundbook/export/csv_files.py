"""Bulk downloads for spreadsheets and data frames: rounds.csv, investments.csv and companies.csv.

UTF-8 without a byte order mark, one header row, RFC 4180 quoting and line ends. Numbers are
plain (`1000000000`, no currency sign, no thousands separator), so `pandas.read_csv` gives
numeric columns as they are; an empty cell means no value. Dates are ISO 8601. Lists of slugs or
URLs are joined with `;`. A text cell that a spreadsheet would run as a formula (starting with
=, +, -, @, a tab or a carriage return) is written with a leading apostrophe, so that opening a
file can never run what a contributor wrote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from roundbook.addresses import API, download
from roundbook.export.bulk import bulk_file
from roundbook.export.site import (
    KnownParts,
    OutputFile,
    PartsOf,
    SiteInfo,
    each_part,
    joined_spans,
    part_lengths,
    profile_itself,
    round_company,
)
from roundbook.export.values import dollars, earliest, iso, number, timestamp
from roundbook.history import Freshness
from roundbook.model import Dataset
from roundbook.model.money import Money
from roundbook.model.records import Investment, Organization, Profile, Round

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Text(str):
    """Contributor text: checked for spreadsheet formulas when written."""


@dataclass(frozen=True)
class Context:
    """What some columns need beyond the row: the site's address and the Git history."""

    site: SiteInfo
    freshness: Freshness


@dataclass(frozen=True)
class Column:
    name: str
    meaning: str
    value: Callable[..., Any]  # value(row), or value(row, context) for addresses and dates of change
    uses_context: bool = False

    def cell(self, row, context: Context) -> str:
        return cell(self.value(row, context) if self.uses_context else self.value(row))


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return str(number(value))
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value).replace("\r\n", "\n")
    if isinstance(value, Text) and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


class OutputContent(NamedTuple):
    content: bytes
    parts: tuple[tuple[str, int], ...]


def joined(values) -> str:
    return ";".join(values)


def write_csv(columns: list[Column], rows, context: Context, known: KnownParts | None = None) -> OutputContent:
    """The file, and each row's part of it (`OutputFile.parts`); `known(index)` gives a row's line
    as the build before wrote it, when it can."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.name for column in columns])
    head = buffer.getvalue()
    lines = each_part(rows, known, lambda row: write_row(writer, buffer, columns, row, context))
    return OutputContent((head + "".join(lines)).encode("utf-8"), part_lengths(known, lines))


def write_row(writer, buffer: io.StringIO, columns: list[Column], row, context: Context) -> str:
    """One row's line, as `writer` writes it into `buffer`, which it empties first."""
    buffer.seek(0)
    buffer.truncate()
    writer.writerow([column.cell(row, context) for column in columns])
    return buffer.getvalue()


def csv_spans(content: bytes, lengths: Sequence[int]) -> list[slice] | None:
    """Where each row's line stands in a file write_csv made from rows of `lengths` bytes (after
    the header's line), or None when the file is not such a file."""
    header_end = content.find(b"\r\n")
    return None if header_end < 0 else joined_spans(content, header_end + 2, lengths)


def _figure(money: Money | None, attribute: str):
    return getattr(money, attribute) if money is not None and money.disclosed else None


def _usd(money: Money | None, attribute: str) -> int | None:
    return dollars(getattr(money, attribute)) if money is not None else None


def _rate(money: Money | None, usd: Money | None):
    if usd is None or money is None:
        return None
    return usd.rate if usd.rate is not None else 1


def _precision(money: Money | None) -> str | None:
    return money.precision if money is not None else None


def _money_columns(
    prefix: str,
    what: str,
    money: Callable[[Round], Money | None],
    usd: Callable[[Round], Money | None],
    basis: bool = False,
) -> list[Column]:
    columns = [
        Column(
            f"{prefix}_precision",
            f"How precise the {what} is: exact, approximate, at-least, up-to, range, or undisclosed "
            "when the source says it was not disclosed; empty when no source gives it",
            lambda r: _precision(money(r)),
        ),
    ]
    if basis:
        columns.append(
            Column(
                f"{prefix}_basis", "pre-money or post-money, when the source says", lambda r: _figure(money(r), "basis")
            )
        )
    return columns + [
        Column(
            f"{prefix}_currency",
            f"ISO 4217 currency the {what} was reported in",
            lambda r: _figure(money(r), "currency"),
        ),
        Column(
            f"{prefix}_value",
            f"The {what} as reported, in whole units of its currency; empty for a range",
            lambda r: _figure(money(r), "value"),
        ),
        Column(f"{prefix}_min", "Low end of a range, in its currency", lambda r: _figure(money(r), "min")),
        Column(f"{prefix}_max", "High end of a range, in its currency", lambda r: _figure(money(r), "max")),
        Column(
            f"{prefix}_usd",
            f"The {what} in US dollars, rounded to the dollar; empty for a range or without a rate",
            lambda r: _usd(usd(r), "value"),
        ),
        Column(f"{prefix}_usd_min", "Low end of a range in US dollars", lambda r: _usd(usd(r), "min")),
        Column(f"{prefix}_usd_max", "High end of a range in US dollars", lambda r: _usd(usd(r), "max")),
        Column(
            f"{prefix}_usd_rate",
            "Units of the currency per US dollar used (1 for dollars)",
            lambda r: _rate(money(r), usd(r)),
        ),
        Column(
            f"{prefix}_reported_usd",
            f"The source's own conversion of the {what} to US dollars, as it gives it; empty when it gives none",
            lambda r: _figure(money(r), "reported_usd"),
        ),
    ]


def _rate_month(r: Round) -> str | None:
    for usd in (r.amount_usd, r.valuation_usd):
        if usd is not None and usd.rate_month:
            return usd.rate_month
    return None


def round_columns() -> list[Column]:
    return [
        Column("company_slug", "The company's slug", lambda r: r.company.slug),
        Column("company_name", "The company's name", lambda r: Text(r.company.name)),
        Column("round_id", "The round's id, unique within its company; its anchor is #round-<id>", lambda r: r.id),
        Column(
            "announced",
            "When it was announced, as precise as reported: YYYY, YYYY-MM or YYYY-MM-DD",
            lambda r: iso(r.announced),
        ),
        Column("announced_precision", "year, month or day", lambda r: r.announced.precision),
        Column(
            "announced_earliest",
            "The first day announced can mean, YYYY-MM-DD, for sorting and date parsing",
            lambda r: earliest(r.announced),
        ),
        Column("stage", "The stage, from a fixed list (seed, series-a, ...)", lambda r: r.stage),
        Column("stage_label", "The stage as a reader reads it", lambda r: r.stage_label),
        Column("extension", "true for an extension of the stage", lambda r: r.extension),
        *_money_columns("amount", "amount", lambda r: r.amount, lambda r: r.amount_usd),
        *_money_columns("valuation", "valuation", lambda r: r.valuation, lambda r: r.valuation_usd, basis=True),
        Column(
            "usd_rate_month",
            "The month whose rates converted the figures, YYYY-MM; empty for dollar figures",
            _rate_month,
        ),
        Column(
            "lead_investors", "Slugs of the lead investors, separated by ;", lambda r: joined(i.slug for i in r.leads)
        ),
        Column(
            "other_investors",
            "Slugs of the other investors, separated by ;",
            lambda r: joined(i.slug for i in r.participants),
        ),
        Column("investor_count", "How many investors are named", lambda r: len(r.investors)),
        Column(
            "conflicting_reports",
            "How many other reports give different figures (see the JSON API)",
            lambda r: len(r.reports),
        ),
        Column("disputed", "true when the reported figures contradict each other", lambda r: r.disputed),
        Column("notes", "Context, in plain text", lambda r: Text(r.notes) if r.notes else None),
        Column("source_urls", "The sources' URLs, separated by ;", lambda r: joined(s.url for s in r.sources)),
        Column("url", "The round on its company's page", lambda r, c: c.site.round_url(r), uses_context=True),
        Column("source_path", "The content file it comes from", lambda r: r.source_path),
        Column(
            "last_changed",
            "When the content file last changed (UTC, from the repository's history)",
            lambda r, c: timestamp(c.freshness.of_round(r)),
            uses_context=True,
        ),
    ]


def investment_columns() -> list[Column]:
    def investor_kind(i: Investment) -> str:
        return i.investor.kind if isinstance(i.investor, Organization) else "person"

    return [
        Column("company_slug", "The company that raised the round", lambda i: i.round.company.slug),
        Column("company_name", "Its name", lambda i: Text(i.round.company.name)),
        Column("round_id", "The round's id within its company", lambda i: i.round.id),
        Column("announced", "When the round was announced, as precise as reported", lambda i: iso(i.round.announced)),
        Column(
            "announced_earliest", "The first day announced can mean, YYYY-MM-DD", lambda i: earliest(i.round.announced)
        ),
        Column("stage", "The round's stage", lambda i: i.round.stage),
        Column("investor_slug", "The investor's slug", lambda i: i.investor.slug),
        Column("investor_name", "The investor's name", lambda i: Text(i.investor.name)),
        Column(
            "investor_type",
            "organization or person",
            lambda i: "person" if investor_kind(i) == "person" else "organization",
        ),
        Column("investor_kind", "startup, corporation, investment-firm, fund, state-fund, or person", investor_kind),
        Column("lead", "true when this investor led the round", lambda i: i.lead),
        Column(
            "round_amount_usd",
            "The whole round's amount in US dollars, repeated on each investor's row: do not add it up across rows",
            lambda i: _usd(i.round.amount_usd, "value"),
        ),
        Column(
            "round_url", "The round on its company's page", lambda i, c: c.site.round_url(i.round), uses_context=True
        ),
        Column("source_path", "The round's content file", lambda i: i.round.source_path),
    ]


def company_columns() -> list[Column]:
    def latest(o: Organization, attribute: str):
        r = o.latest_valuation
        if r is None:
            return None
        return {
            "usd": lambda: _usd(r.valuation_usd, "value"),
            "round": lambda: r.id,
            "announced": lambda: iso(r.announced),
        }[attribute]()

    return [
        Column("slug", "The profile's slug", lambda o: o.slug),
        Column("name", "The name as most often written in English", lambda o: Text(o.name)),
        Column("native_name", "The name in its own script", lambda o: Text(o.native_name) if o.native_name else None),
        Column("kind", "startup, corporation, investment-firm, fund or state-fund", lambda o: o.kind),
        Column("status", "active, acquired, public or closed", lambda o: o.status),
        Column("founded", "When it was founded, as precise as known", lambda o: iso(o.founded)),
        Column("city", "Headquarters city", lambda o: Text(o.city) if o.city else None),
        Column("country", "Headquarters country, ISO 3166-1 alpha-2", lambda o: o.country),
        Column("website", "Its website", lambda o: o.website),
        Column("sectors", "Sector slugs, separated by ;", lambda o: joined(s.slug for s in o.sectors)),
        Column("parent", "Slug of the organization that owns it", lambda o: o.parent.slug if o.parent else None),
        Column("former_slugs", "Slugs it was published under before, separated by ;", lambda o: joined(o.former_slugs)),
        Column("round_count", "Its own funding rounds", lambda o: o.round_count),
        Column(
            "total_raised_usd",
            "Sum of its rounds' amounts in US dollars (lowest figure each allows); empty when none is known",
            lambda o: dollars(o.total_raised.value) if o.total_raised else None,
        ),
        Column(
            "total_raised_complete",
            "true when no round was left out of the total",
            lambda o: o.total_raised.complete if o.total_raised else None,
        ),
        Column(
            "total_raised_approximate",
            "true when the total counts a figure that is not exact",
            lambda o: o.total_raised.approximate if o.total_raised else None,
        ),
        Column("latest_valuation_usd", "Its most recent disclosed valuation in US dollars", lambda o: latest(o, "usd")),
        Column("latest_valuation_round_id", "The round of that valuation", lambda o: latest(o, "round")),
        Column("latest_valuation_announced", "When that round was announced", lambda o: latest(o, "announced")),
        Column("investment_count", "Rounds it invested in", lambda o: len(o.investments)),
        Column("lead_count", "Of those, the rounds it led", lambda o: o.lead_count),
        Column("url", "The profile page", lambda o, c: c.site.profile_url(o), uses_context=True),
        Column("api_url", "Its JSON document", lambda o, c: c.site.absolute(API.document(o)), uses_context=True),
        Column(
            "source_urls", "The profile's sources' URLs, separated by ;", lambda o: joined(s.url for s in o.sources)
        ),
        Column("source_path", "The content file it comes from", lambda o: o.source_path),
        Column(
            "last_changed",
            "When its file or one of its rounds' files last changed (UTC, from the repository's history)",
            lambda o, c: timestamp(c.freshness.of_profile(o)),
            uses_context=True,
        ),
    ]


def investments(dataset: Dataset) -> list[Investment]:
    """One per round and investor, in round order, leads first as the round lists them."""
    return [Investment(investor, r, investor in r.leads) for r in dataset.rounds for investor in r.investors]


@dataclass(frozen=True)
class Download:
    name: str
    title: str
    description: str
    columns: list[Column]


def downloads() -> list[Download]:
    """The three files, with what a row is and what each column means, for the data page too."""
    return [
        Download("rounds.csv", "Rounds", "One row per round, oldest first.", round_columns()),
        Download(
            "investments.csv",
            "Investments",
            "One row per round and investor, leads first within a round.",
            investment_columns(),
        ),
        Download("companies.csv", "Companies", "One row per organization, by slug.", company_columns()),
    ]


def csv_files(
    dataset: Dataset, site: SiteInfo, freshness: Freshness | None = None, parts_of: PartsOf | None = None
) -> list[OutputFile]:
    """The downloads; `parts_of` gives, for each, its rows' lines as the build before wrote them."""
    context = Context(site, freshness or Freshness(dataset, None))
    rows: dict[str, list[Any]] = {
        "rounds.csv": dataset.rounds,
        "investments.csv": investments(dataset),
        "companies.csv": list(dataset.organizations.values()),
    }
    about: dict[str, Callable[[Any], Profile]] = {  # the profile whose page shows all that a row shows
        "rounds.csv": round_company,
        "investments.csv": lambda investment: round_company(investment.round),
        "companies.csv": profile_itself,
    }
    files = []
    for d in downloads():
        known = None
        if parts_of is not None:
            profiles = [about[d.name](row) for row in rows[d.name]]
            known = parts_of(download(d.name) + site.bulk_suffix, profiles, csv_spans)
        content, parts = write_csv(d.columns, rows[d.name], context, known)
        files.append(bulk_file(site, OutputFile(download(d.name), content, "text/csv", parts=parts)))
    return files
