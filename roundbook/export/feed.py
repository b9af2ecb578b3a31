"""Atom feeds of funding rounds: one for the whole site, one per organization.

feedgen writes the XML (through lxml, so it is always well formed and escaped). An entry is a
round, newest first, linking to the round's anchor on its company's page; its id is that link.

Atom needs full timestamps, and a round's date is often only a month or a year. An entry's
`published` is the first instant its announced date can mean, in UTC: `2024-02` becomes
2024-02-01T00:00:00Z and `2024` becomes 2024-01-01T00:00:00Z; the title and summary give the
date as reported. Its `updated` is when its content file last changed, from the Git history (so a
correction shows as an update), and never earlier than `published`. A feed's own `updated` is its
latest entry's; a company feed with no entry yet takes the profile's last change, and
1970-01-01T00:00:00Z when even that is unknown.
"""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from roundbook.addresses import ROUNDS_FEED, feed_of
from roundbook.export.site import OutputFile, SiteInfo
from roundbook.export.wanted import Wanted, every_file
from roundbook.history import Freshness
from roundbook.model import Dataset
from roundbook.model.records import Organization, Round
from roundbook.text import date_text, money_text

SITE_FEED_SIZE = 100  # the newest rounds; the whole history is in rounds.csv and the JSON API
NO_DATE = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # an empty feed with nothing dated to go by


def published(funding_round: Round) -> dt.datetime:
    """The first instant the announced date can mean, in UTC."""
    day = funding_round.announced.earliest
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


def newest_first(rounds: list[Round]) -> list[Round]:
    return sorted(rounds, key=lambda r: r.sort_key, reverse=True)


def _figure(money, usd) -> str:
    text = money_text(money)
    if money is not None and money.disclosed and money.currency != "USD" and usd is not None:
        text += f" ({money_text(usd)} in US dollars)"
    return text


def entry_title(r: Round) -> str:
    amount = (
        ""
        if r.amount is None
        else f", {_figure(r.amount, r.amount_usd)}"
        if r.amount.disclosed
        else ", amount undisclosed"
    )
    return f"{r.company.name}: {r.title}{amount}"


def entry_summary(r: Round) -> str:
    """Plain text (the feed marks it so): what the round page says first, and who reported it."""
    parts = [
        f"Announced {date_text(r.announced)}.",
        f"Amount: {_figure(r.amount, r.amount_usd)}.",
        f"Valuation: {_figure(r.valuation, r.valuation_usd)}.",
    ]
    if r.leads:
        parts.append("Led by " + ", ".join(i.name for i in r.leads) + ".")
    if r.participants:
        parts.append(
            ("Other investors: " if r.leads else "Investors: ") + ", ".join(i.name for i in r.participants) + "."
        )
    if r.disputed:
        parts.append("Sources disagree about the figures.")
    parts.append("Sources: " + "; ".join(s.publisher for s in r.sources) + ".")
    return " ".join(parts)


def updated(funding_round: Round, freshness: Freshness) -> dt.datetime:
    changed = freshness.of_round(funding_round)
    return max(published(funding_round), changed) if changed is not None else published(funding_round)


def _feed(
    site: SiteInfo,
    path: str,
    title: str,
    page_url: str,
    rounds: list[Round],
    freshness: Freshness,
    fallback: dt.datetime | None = None,
) -> OutputFile:
    feed = FeedGenerator()
    feed.id(site.absolute(path))
    feed.title(title)
    feed.link(href=site.absolute(path), rel="self", type="application/atom+xml")
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.author({"name": site.name})
    feed.generator("Roundbook")
    feed.rights(f"Data licensed {site.licence.short}: {site.licence.url}")
    feed.updated(max((updated(r, freshness) for r in rounds), default=fallback or NO_DATE))
    for r in rounds:
        entry = feed.add_entry(order="append")
        url = site.round_url(r)
        entry.id(url)
        entry.title(entry_title(r))
        entry.link(href=url, rel="alternate", type="text/html")
        entry.published(published(r))
        entry.updated(updated(r, freshness))
        entry.summary(entry_summary(r), type="text")
        entry.category(term=r.stage, label=r.stage_label)
    # Unindented: feed readers do not need the layout, and indented the feeds of 10,000 companies
    # took 6 % more room on a host that caps the whole site.
    return OutputFile(path, feed.atom_str(pretty=False), "application/atom+xml")


def site_feed(dataset: Dataset, site: SiteInfo, freshness: Freshness) -> OutputFile:
    return _feed(
        site,
        ROUNDS_FEED,
        f"{site.name}: funding rounds",
        site.url,
        newest_first(dataset.rounds)[:SITE_FEED_SIZE],
        freshness,
    )


def company_feed(organization: Organization, site: SiteInfo, freshness: Freshness) -> OutputFile:
    return _feed(
        site,
        feed_of(organization),
        f"{organization.name}: funding rounds ({site.name})",
        site.profile_url(organization),
        newest_first(organization.rounds),
        freshness,
        fallback=freshness.of_profile(organization),
    )


def feed_files(
    dataset: Dataset, site: SiteInfo, freshness: Freshness | None = None, wanted: Wanted = every_file
) -> list[OutputFile]:
    """The site's feed and each company's; `wanted` is asked about each company's (roundbook/export/wanted.py)."""
    freshness = freshness or Freshness(dataset, None)
    return [
        site_feed(dataset, site, freshness),
        *(company_feed(o, site, freshness) for o in dataset.organizations.values() if wanted(feed_of(o))),
    ]
