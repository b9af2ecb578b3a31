"""Version 2 of the static JSON API, the current one: made for size, so that a large site fits its host.

Version 1 (roundbook/export/api.py) repeated every round up to five times, wrote every reference
to a profile as an object with two absolute URLs and every unknown value as null: at 10,000
companies its files were a third of the site. Here:

- a round is written in full twice: in rounds.json and in its company's document; a profile's
  investments refer to it by its id and its company's slug;
- a profile is referred to by its slug alone (slugs are unique across all profiles); a round's
  investors carry their names too, for a reader of the JSON;
- no record holds an address of the site: index.json gives the site's URL and address templates
  relative to it (a company's page, with `{slug}` for its slug), and the endpoints;
- a key with no value is left out: a value that is not known (never null) or a list with
  nothing in it; a figure the source says was not disclosed is still `{"disclosed": false}`,
  which differs from no figure at all;
- a product, a milestone or a conflicting report names the sources of its record by id, as the
  content files do, instead of repeating them;
- what a reader can derive is left out: a figure's display text, the stage's label (index.json
  lists the stages), the precision and first day of a date (its length says it).

Its schema.json (roundbook/export/api_v2_schema.py) describes every document. The three lists
(companies.json, people.json, rounds.json) are bulk files: gzipped, as rounds.json.gz, when the
site compresses its downloads (roundbook/export/bulk.py); index.json's endpoints say where.
"""

from __future__ import annotations

from collections.abc import Iterator

from roundbook.addresses import (
    API,
    API_COMPANIES,
    API_LISTS,
    API_PEOPLE,
    API_ROUNDS,
    COMPANIES,
    PEOPLE,
    company_feed,
    page_url,
    round_anchor,
)
from roundbook.export.api_v2_schema import schema_document
from roundbook.export.bulk import bulk_file
from roundbook.export.json_files import ListDocument, dump, json_files
from roundbook.export.licence import default_citation
from roundbook.export.site import OutputFile, PartsOf, SiteInfo, profile_itself, round_company
from roundbook.export.values import dollars, iso, number, timestamp
from roundbook.export.wanted import Wanted, every_file
from roundbook.history import Freshness
from roundbook.model import Dataset
from roundbook.model.money import Money, Total
from roundbook.model.records import Organization, Person, Profile, Role, Round, Source
from roundbook.schema.kinds import STAGES

API_VERSION = "v2"


def known(fields: dict) -> dict:
    """The fields that have a value: in version 2 a key that is not known (None) or holds an empty
    list is left out, so that an absent key means the site knows of no value."""
    return {key: value for key, value in fields.items() if value is not None and value != []}


def source_ids(sources: list[Source]) -> list[str]:
    """Sources cited within a record, by their ids in the record's own `sources`."""
    return [s.key for s in sources]


def usd_json(usd: Money | None) -> dict | None:
    if usd is None:
        return None
    return known(
        {
            "value": dollars(usd.value),
            "min": dollars(usd.min),
            "max": dollars(usd.max),
            # A dollar figure needs no conversion: its rate is 1 and no month's table was read.
            "rate": number(usd.rate) if usd.rate is not None else 1,
            "rate_month": usd.rate_month,
        }
    )


def money_json(money: Money | None, usd: Money | None) -> dict | None:
    """A figure as reported, with its dollar equivalent; `{"disclosed": false}` when the source
    says it was not disclosed; None (the key left out) when nothing was reported."""
    if money is None:
        return None
    if not money.disclosed:
        return {"disclosed": False}
    return known(
        {
            "disclosed": True,
            "precision": money.precision,
            "currency": money.currency,
            "value": number(money.value),
            "min": number(money.min),
            "max": number(money.max),
            "basis": money.basis,
            "reported_usd": number(money.reported_usd),
            "usd": usd_json(usd),
        }
    )


def total_json(total: Total | None) -> dict | None:
    if total is None:
        return None
    return {
        "currency": "USD",
        "value": dollars(total.value),
        "rounds_counted": total.counted,
        "rounds_left_out": total.uncounted,
        "complete": total.complete,
        "approximate": total.approximate,
    }


def addresses(directory_urls: bool = True) -> dict[str, str]:
    """Where each profile, round, document and feed is, relative to the site's URL: `{slug}`,
    `{company}` and `{id}` stand for a profile's slug, a round's company and a round's id."""
    return {
        "company_page": page_url(COMPANIES.page("{slug}"), directory_urls),
        "person_page": page_url(PEOPLE.page("{slug}"), directory_urls),
        # A test fills this in for every round and finds the round's anchor on its company's page.
        "round_page": page_url(COMPANIES.page("{company}"), directory_urls) + "#" + round_anchor("{id}"),
        "company_document": API.document_at(API_COMPANIES, "{slug}"),
        "person_document": API.document_at(API_PEOPLE, "{slug}"),
        "company_feed": company_feed("{slug}"),
    }


class ApiV2:
    """Builds the documents of version 2 for one dataset and one site."""

    def __init__(self, dataset: Dataset, site: SiteInfo, freshness: Freshness | None = None):
        self.dataset = dataset
        self.site = site
        self.freshness = freshness or Freshness(dataset, None)
        self.citation = site.citation or default_citation(site.name, site.url, site.licence)

    # Pieces shared by several documents.

    @staticmethod
    def sources(sources: list[Source]) -> list[dict]:
        return [
            known(
                {
                    "id": s.key,
                    "url": s.url,
                    "title": s.title,
                    "publisher": s.publisher,
                    "published": iso(s.published),
                    "accessed": iso(s.accessed),
                }
            )
            for s in sources
        ]

    def round(self, r: Round) -> dict:
        return known(
            {
                "id": r.id,
                "company": r.company.slug,
                "announced": iso(r.announced),
                "stage": r.stage,
                "extension": r.extension,
                "amount": money_json(r.amount, r.amount_usd),
                "valuation": money_json(r.valuation, r.valuation_usd),
                "investors": [{"slug": i.slug, "name": i.name, "lead": i in r.leads} for i in r.investors],
                "conflicting_reports": [
                    known(
                        {
                            "amount": money_json(report.amount, report.amount_usd),
                            "valuation": money_json(report.valuation, report.valuation_usd),
                            "note": report.note,
                            "sources": source_ids(report.sources),
                        }
                    )
                    for report in r.reports
                ],
                "disputed": r.disputed,
                "notes": r.notes,
                "source_path": r.source_path,
                "last_changed": timestamp(self.freshness.of_round(r)),
                "sources": self.sources(r.sources),
            }
        )

    @staticmethod
    def investments(profile: Profile) -> list[dict]:
        """Rounds this profile invested in, oldest first, each referred to by its id and its company."""
        ordered = sorted(profile.investments, key=lambda i: i.round.sort_key)
        return [
            {"round": i.round.id, "company": i.round.company.slug, "announced": iso(i.round.announced), "lead": i.lead}
            for i in ordered
        ]

    def role(self, role: Role) -> dict:
        # Sources in full: a company's document lists roles from people's files, whose sources it does not hold.
        return known(
            {
                "person": role.person.slug,
                "organization": role.organization.slug,
                "title": role.title,
                "since": iso(role.since),
                "until": iso(role.until),
                "current": role.current,
                "sources": self.sources(role.sources),
            }
        )

    def provenance(self, profile: Profile) -> dict:
        return {
            "source_path": profile.source_path,
            "last_changed": timestamp(self.freshness.of_profile(profile)),
            "sources": self.sources(profile.sources),
        }

    @staticmethod
    def names(profile: Profile) -> dict:
        return {
            "slug": profile.slug,
            "name": profile.name,
            "native_name": profile.native_name,
            "aliases": profile.aliases,
            "summary": profile.summary,
        }

    # Organizations.

    def organization_summary(self, org: Organization) -> dict:
        latest = org.latest_valuation
        return known(
            {
                **self.names(org),
                "former_names": org.former_names,
                "former_slugs": org.former_slugs,
                "kind": org.kind,
                "status": org.status,
                "founded": iso(org.founded),
                "headquarters": known({"city": org.city, "country": org.country}) if org.country else None,
                "website": org.website,
                "sectors": [s.slug for s in org.sectors],
                "parent": org.parent.slug if org.parent else None,
                "round_count": org.round_count,
                "total_raised": total_json(org.total_raised),
                "latest_valuation": {
                    "round": latest.id,
                    "announced": iso(latest.announced),
                    "valuation": money_json(latest.valuation, latest.valuation_usd),
                }
                if latest
                else None,
                "investment_count": len(org.investments),
                "lead_count": org.lead_count,
                **self.provenance(org),
            }
        )

    def organization(self, org: Organization) -> dict:
        return known(
            {
                "document": "company",
                **self.organization_summary(org),
                "description": org.description,
                "subsidiaries": [s.slug for s in org.subsidiaries],
                "products": [
                    known(
                        {
                            "name": p.name,
                            "launched": iso(p.launched),
                            "summary": p.summary,
                            "sources": source_ids(p.sources),
                        }
                    )
                    for p in org.products
                ],
                "milestones": [
                    {"date": iso(m.date), "text": m.text, "sources": source_ids(m.sources)} for m in org.milestones
                ],
                "people": [self.role(role) for role in org.roles],
                "rounds": [self.round(r) for r in org.rounds],
                "investments": self.investments(org),
            }
        )

    # People.

    def person_summary(self, person: Person) -> dict:
        return known(
            {
                **self.names(person),
                "investment_count": len(person.investments),
                "lead_count": person.lead_count,
                **self.provenance(person),
            }
        )

    def person(self, person: Person) -> dict:
        return known(
            {
                "document": "person",
                **self.person_summary(person),
                "description": person.description,
                "roles": [self.role(role) for role in person.roles],
                "investments": self.investments(person),
            }
        )

    # Whole-dataset documents.

    def lists(self) -> list[ListDocument]:
        organizations = list(self.dataset.organizations.values())
        people = list(self.dataset.people.values())
        return [
            ListDocument(
                API.list(API_COMPANIES), "companies", organizations, self.organization_summary, profile_itself
            ),
            ListDocument(API.list(API_PEOPLE), "people", people, self.person_summary, profile_itself),
            ListDocument(API.list(API_ROUNDS), "rounds", self.dataset.rounds, self.round, round_company),
        ]

    def index(self) -> dict:
        return known(
            {
                "document": "index",
                "api_version": API_VERSION,
                "title": self.site.name,
                "url": self.site.url,
                "schema": self.site.absolute(API.schema),
                "licence": {"id": self.site.licence.id, "name": self.site.licence.name, "url": self.site.licence.url},
                "citation": known(
                    {
                        "text": self.citation.text,
                        "cff_url": self.site.absolute(self.citation.file) if self.citation.file else None,
                    }
                ),
                "counts": {
                    "companies": len(self.dataset.organizations),
                    "people": len(self.dataset.people),
                    "rounds": len(self.dataset.rounds),
                },
                "last_changed": timestamp(
                    max(filter(None, (self.freshness.of_profile(p) for p in self.dataset.profiles)), default=None)
                ),
                "endpoints": {name: self.site.absolute(API.list(name) + self.site.bulk_suffix) for name in API_LISTS},
                "addresses": addresses(self.site.directory_urls),
                "stages": dict(STAGES),
                "sectors": {slug: sector.name for slug, sector in self.dataset.sectors.items()},
            }
        )

    def iter_documents(self, wanted: Wanted = every_file) -> Iterator[tuple[str, dict]]:
        """(path under the site folder, document), index first, one at a time, as in version 1;
        `wanted` is asked about each profile's document before it is made (roundbook/export/wanted.py)."""
        yield API.index, self.index()
        for listed in self.lists():
            yield listed.path, listed.document()
        yield from self.profile_documents(wanted)

    def profile_documents(self, wanted: Wanted = every_file) -> Iterator[tuple[str, dict]]:
        """Each profile's document that `wanted` asks for, companies first."""
        for org in self.dataset.organizations.values():
            if wanted(API.document(org)):
                yield API.document(org), self.organization(org)
        for person in self.dataset.people.values():
            if wanted(API.document(person)):
                yield API.document(person), self.person(person)

    def documents(self) -> dict[str, dict]:
        """Path under the site folder to document, index first."""
        return dict(self.iter_documents())


def api_v2_files(
    dataset: Dataset,
    site: SiteInfo,
    freshness: Freshness | None = None,
    wanted: Wanted = every_file,
    parts_of: PartsOf | None = None,
) -> Iterator[OutputFile]:
    """The files of the API: the index, the lists (bulk files; `parts_of` gives the items the build
    before made), each profile's document that `wanted` asks for, and the schema."""
    api = ApiV2(dataset, site, freshness)
    yield OutputFile(API.index, dump(api.index()), "application/json")
    for listed in api.lists():
        yield bulk_file(site, listed.file(listed.path + site.bulk_suffix, parts_of))
    yield from json_files(api.profile_documents(wanted), API.schema, schema_document(site))
