"""Version 1 of the static JSON API, in its own folder: an index, three lists and one document per profile.

Frozen: the data page promised that version 1 only grows, so its files stay byte for byte as they
were, and a site publishes them only with the plugin's `api_v1` option (for sites that published
them before). Version 2 (roundbook/export/api_v2.py) is the current one.

Every document names its kind in `document`, and the folder's schema.json (roundbook/export/api_schema.py)
describes each one. Every record carries its sources and `source_path`, the content file it
comes from.
"""

from __future__ import annotations

from collections.abc import Iterator

from roundbook.addresses import API_COMPANIES, API_PEOPLE, API_ROUNDS, API_V1, feed_of
from roundbook.export.api_schema import schema_document
from roundbook.export.json_files import ListDocument, dump, json_files
from roundbook.export.licence import default_citation
from roundbook.export.site import OutputFile, PartsOf, SiteInfo, profile_itself, round_company
from roundbook.export.values import earliest, iso, money_json, timestamp, total_json
from roundbook.export.wanted import Wanted, every_file
from roundbook.history import Freshness
from roundbook.model import Dataset
from roundbook.model.records import Organization, Person, Profile, Round, Source

API_VERSION = "v1"


class Api:
    """Builds the documents for one dataset and one site."""

    def __init__(self, dataset: Dataset, site: SiteInfo, freshness: Freshness | None = None):
        self.dataset = dataset
        self.site = site
        self.freshness = freshness or Freshness(dataset, None)
        self.citation = site.citation or default_citation(site.name, site.url, site.licence)

    # Pieces shared by several documents.

    def sources(self, sources: list[Source]) -> list[dict]:
        return [
            {
                "id": s.key,
                "url": s.url,
                "title": s.title,
                "publisher": s.publisher,
                "published": iso(s.published),
                "accessed": iso(s.accessed),
            }
            for s in sources
        ]

    def ref(self, profile: Profile) -> dict:
        """A link to a profile: who it is and where its page and its document are."""
        return {
            "slug": profile.slug,
            "name": profile.name,
            "type": "organization" if isinstance(profile, Organization) else "person",
            "url": self.site.profile_url(profile),
            "api_url": self.site.absolute(API_V1.document(profile)),
        }

    def round_ref(self, funding_round: Round) -> dict:
        return {
            "id": funding_round.id,
            "company": self.ref(funding_round.company),
            "announced": iso(funding_round.announced),
            "title": funding_round.title,
            "url": self.site.round_url(funding_round),
        }

    def round(self, r: Round) -> dict:
        return {
            "id": r.id,
            "company": self.ref(r.company),
            "announced": iso(r.announced),
            "announced_precision": r.announced.precision,
            "announced_earliest": earliest(r.announced),
            "stage": r.stage,
            "stage_label": r.stage_label,
            "extension": r.extension,
            "title": r.title,
            "amount": money_json(r.amount, r.amount_usd),
            "valuation": money_json(r.valuation, r.valuation_usd),
            "investors": [{**self.ref(i), "lead": i in r.leads} for i in r.investors],
            "conflicting_reports": [
                {
                    "amount": money_json(report.amount, report.amount_usd),
                    "valuation": money_json(report.valuation, report.valuation_usd),
                    "note": report.note,
                    "sources": self.sources(report.sources),
                }
                for report in r.reports
            ],
            "disputed": r.disputed,
            "notes": r.notes,
            "url": self.site.round_url(r),
            "source_path": r.source_path,
            "last_changed": timestamp(self.freshness.of_round(r)),
            "sources": self.sources(r.sources),
        }

    def investments(self, profile: Profile) -> list[dict]:
        """Rounds this profile invested in, oldest first."""
        ordered = sorted(profile.investments, key=lambda i: i.round.sort_key)
        return [{"round": self.round_ref(i.round), "lead": i.lead} for i in ordered]

    def profile_fields(self, profile: Profile) -> dict:
        return {
            "slug": profile.slug,
            "name": profile.name,
            "native_name": profile.native_name,
            "aliases": profile.aliases,
            "summary": profile.summary,
        }

    def links(self, profile: Profile) -> dict:
        return {
            "url": self.site.profile_url(profile),
            "api_url": self.site.absolute(API_V1.document(profile)),
            "source_path": profile.source_path,
            "last_changed": timestamp(self.freshness.of_profile(profile)),
            "sources": self.sources(profile.sources),
        }

    # Organizations.

    def organization_summary(self, org: Organization) -> dict:
        latest = org.latest_valuation
        return {
            **self.profile_fields(org),
            "former_names": org.former_names,
            "former_slugs": org.former_slugs,
            "kind": org.kind,
            "status": org.status,
            "founded": iso(org.founded),
            "headquarters": {"city": org.city, "country": org.country} if org.country else None,
            "website": org.website,
            "sectors": [{"slug": s.slug, "name": s.name} for s in org.sectors],
            "parent": self.ref(org.parent) if org.parent else None,
            "round_count": org.round_count,
            "total_raised": total_json(org.total_raised),
            "latest_valuation": {
                "round": self.round_ref(latest),
                "valuation": money_json(latest.valuation, latest.valuation_usd),
            }
            if latest
            else None,
            "investment_count": len(org.investments),
            "lead_count": org.lead_count,
            "feed_url": self.site.absolute(feed_of(org)),
            **self.links(org),
        }

    def organization(self, org: Organization) -> dict:
        return {
            "document": "company",
            **self.organization_summary(org),
            "description": org.description,
            "subsidiaries": [self.ref(s) for s in org.subsidiaries],
            "products": [
                {"name": p.name, "launched": iso(p.launched), "summary": p.summary, "sources": self.sources(p.sources)}
                for p in org.products
            ],
            "milestones": [
                {"date": iso(m.date), "text": m.text, "sources": self.sources(m.sources)} for m in org.milestones
            ],
            "people": [self.role(role) for role in org.roles],
            "rounds": [self.round(r) for r in org.rounds],
            "investments": self.investments(org),
        }

    # People.

    def role(self, role) -> dict:
        return {
            "person": self.ref(role.person),
            "organization": self.ref(role.organization),
            "title": role.title,
            "since": iso(role.since),
            "until": iso(role.until),
            "current": role.current,
            "sources": self.sources(role.sources),
        }

    def person_summary(self, person: Person) -> dict:
        return {
            **self.profile_fields(person),
            "investment_count": len(person.investments),
            "lead_count": person.lead_count,
            **self.links(person),
        }

    def person(self, person: Person) -> dict:
        return {
            "document": "person",
            **self.person_summary(person),
            "description": person.description,
            "roles": [self.role(role) for role in person.roles],
            "investments": self.investments(person),
        }

    # Whole-dataset documents.

    def lists(self) -> list[ListDocument]:
        organizations = list(self.dataset.organizations.values())
        people = list(self.dataset.people.values())
        return [
            ListDocument(
                API_V1.list(API_COMPANIES), "companies", organizations, self.organization_summary, profile_itself
            ),
            ListDocument(API_V1.list(API_PEOPLE), "people", people, self.person_summary, profile_itself),
            ListDocument(API_V1.list(API_ROUNDS), "rounds", self.dataset.rounds, self.round, round_company),
        ]

    def index(self) -> dict:
        return {
            "document": "index",
            "api_version": API_VERSION,
            "title": self.site.name,
            "url": self.site.url,
            "schema": self.site.absolute(API_V1.schema),
            "licence": {"id": self.site.licence.id, "name": self.site.licence.name, "url": self.site.licence.url},
            "citation": {
                "text": self.citation.text,
                "cff_url": self.site.absolute(self.citation.file) if self.citation.file else None,
            },
            "counts": {
                "companies": len(self.dataset.organizations),
                "people": len(self.dataset.people),
                "rounds": len(self.dataset.rounds),
            },
            "last_changed": timestamp(
                max(filter(None, (self.freshness.of_profile(p) for p in self.dataset.profiles)), default=None)
            ),
            "endpoints": {
                "companies": self.site.absolute(API_V1.list(API_COMPANIES)),
                "people": self.site.absolute(API_V1.list(API_PEOPLE)),
                "rounds": self.site.absolute(API_V1.list(API_ROUNDS)),
                "company": self.site.absolute(API_V1.document_at(API_COMPANIES, "{slug}")),
                "person": self.site.absolute(API_V1.document_at(API_PEOPLE, "{slug}")),
            },
        }

    def iter_documents(self, wanted: Wanted = every_file) -> Iterator[tuple[str, dict]]:
        """(path under the site folder, document), index first, one at a time: as Python objects,
        a 10,000-company API took about ten times the memory of its 300 MB of JSON. `wanted` is
        asked about each profile's document before it is made (roundbook/export/wanted.py)."""
        yield API_V1.index, self.index()
        for listed in self.lists():
            yield listed.path, listed.document()
        yield from self.profile_documents(wanted)

    def profile_documents(self, wanted: Wanted = every_file) -> Iterator[tuple[str, dict]]:
        """Each profile's document that `wanted` asks for, companies first."""
        for org in self.dataset.organizations.values():
            if wanted(API_V1.document(org)):
                yield API_V1.document(org), self.organization(org)
        for person in self.dataset.people.values():
            if wanted(API_V1.document(person)):
                yield API_V1.document(person), self.person(person)

    def documents(self) -> dict[str, dict]:
        """Path under the site folder to document, index first."""
        return dict(self.iter_documents())


def api_files(
    dataset: Dataset,
    site: SiteInfo,
    freshness: Freshness | None = None,
    wanted: Wanted = every_file,
    parts_of: PartsOf | None = None,
) -> Iterator[OutputFile]:
    """The files of version 1, as api_v2_files makes version 2's (its lists are never gzipped)."""
    api = Api(dataset, site, freshness)
    yield OutputFile(API_V1.index, dump(api.index()), "application/json")
    for listed in api.lists():
        yield listed.file(listed.path, parts_of)
    yield from json_files(api.profile_documents(wanted), API_V1.schema, schema_document(site))
