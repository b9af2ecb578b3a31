"""The JSON Schema of version 2 of the API, published in the API's folder as schema.json, and the field tables
of the data page.

Every field is described here once; the data page's tables are made from these descriptions,
and a test validates every file of the API against this schema, so the three cannot drift
apart. A field made with `known` is left out when it has no value (a value not known, or a list
with nothing in it); every other field is always present.
"""

from __future__ import annotations

from roundbook.addresses import (
    API,
    API_COMPANIES,
    API_PEOPLE,
    API_ROUNDS,
    COMPANIES,
    PEOPLE,
    company_feed,
    page_url,
    round_anchor,
)
from roundbook.export import json_schema
from roundbook.export.json_schema import (
    COUNT,
    COUNTRY,
    CURRENCY,
    DATE,
    DOLLARS,
    FIGURE,
    RATE_MONTH,
    SLUG,
    TEXT,
    TIMESTAMP,
    URL,
    field,
    list_of,
    ref,
    schema_envelope,
)
from roundbook.export.site import SiteInfo
from roundbook.schema.kinds import BASES, ORGANIZATION_KINDS, PRECISIONS, STAGES, STATUSES


class _Known(dict):
    """A field's schema, marked as left out of its record when it has no value."""


def known(schema: dict, description: str) -> dict:
    return _Known(field(schema, description))


def _optional(fields: dict[str, dict]) -> frozenset[str]:
    return frozenset(name for name, schema in fields.items() if isinstance(schema, _Known))


def record(title: str, description: str, fields: dict[str, dict]) -> dict:
    return json_schema.record(title, description, fields, _optional(fields))


def document(name: str, title: str, description: str, fields: dict[str, dict]) -> dict:
    return json_schema.document(name, title, description, fields, _optional(fields))


def mapping(values: dict) -> dict:
    """An object whose keys are free (slugs) and whose values all have one schema."""
    return {"type": "object", "additionalProperties": values}


def some(schema: dict) -> dict:
    """A list that is left out when empty, so never empty where it is."""
    return {"type": "array", "items": schema, "minItems": 1}


SOURCES = some(ref("source"))  # every record has at least one source (roundbook/schema/kinds.py)
CITED = field(
    some(SLUG), "The ids of the sources that back it, in its record's own sources, as the content file cites them"
)


SOURCE_FIELDS = {
    "id": field(SLUG, "The source's short name within its content file"),
    "url": field(URL, "Where the source can be read"),
    "title": known(TEXT, "The headline or page title as published"),
    "publisher": field(TEXT, "Who published it"),
    "published": known(DATE, "When it was published, as precisely as known"),
    "accessed": known(DATE, "When it was read, for pages without a publication date"),
}

INVESTOR_FIELDS = {
    "slug": field(SLUG, "The investor's slug: an organization's or a person's (slugs are unique across both)"),
    "name": field(TEXT, "The investor's name, for a reader of the JSON"),
    "lead": field({"type": "boolean"}, "true for a lead investor"),
}

USD_FIELDS = {
    "value": known(DOLLARS, "The figure in US dollars, rounded to the dollar; absent for a range"),
    "min": known(DOLLARS, "The low end of a range in US dollars; only for a range"),
    "max": known(DOLLARS, "The high end of a range in US dollars; only for a range"),
    "rate": field(FIGURE, "Units of the reported currency per US dollar used for the conversion; 1 for dollar figures"),
    "rate_month": known(
        RATE_MONTH,
        "The month whose average rate was used: the month of the announcement, or "
        "the rate table's latest month for a round announced after it; absent for "
        "dollar figures",
    ),
}

DISCLOSED_MONEY = {
    "disclosed": field({"const": True}, "true: a figure was reported"),
    "precision": field(
        {"enum": list(PRECISIONS)},
        "How precise the report is: " + "; ".join(f"{k}: {v}" for k, v in PRECISIONS.items()),
    ),
    "currency": field(CURRENCY, "ISO 4217 code of the currency it was reported in"),
    "value": known(FIGURE, "The reported figure in whole units of its currency; absent for a range"),
    "min": known(FIGURE, "The low end of a range; only for a range"),
    "max": known(FIGURE, "The high end of a range; only for a range"),
    "basis": known({"enum": list(BASES)}, "For valuations: pre-money or post-money, when the source says"),
    "reported_usd": known(
        FIGURE,
        "The source's own conversion of the figure to US dollars, as it gives it; absent "
        "when it gives none. Roundbook's own conversion is usd",
    ),
    "usd": known(ref("usd"), "The US dollar equivalent; absent when no rate applies (a round dated only by year)"),
}

UNDISCLOSED_MONEY = {
    "disclosed": field({"const": False}, "false: the source says the figure was not disclosed"),
}

# A range has min and max, every other precision a value.
RANGE_OR_VALUE = {
    "if": {"properties": {"precision": {"const": "range"}}},
    "then": {"required": ["min", "max"]},
    "else": {"required": ["value"]},
}

ROUND_FIELDS = {
    "id": field(
        SLUG,
        "The round's id: its file name, unique within its company; also its anchor on the company's "
        "page (see round_page in index.json)",
    ),
    "company": field(SLUG, "The slug of the company that raised it"),
    "announced": field(DATE, "When it was announced: YYYY, YYYY-MM or YYYY-MM-DD, as precise as reported"),
    "stage": field({"enum": list(STAGES)}, "The stage, from a fixed list; index.json gives each one's label"),
    "extension": field({"type": "boolean"}, "true for an extension of the stage (Series B+)"),
    "amount": known(ref("money"), "The money raised; absent when no source gives it"),
    "valuation": known(ref("money"), "The company's valuation; absent when no source gives it"),
    "investors": known(some(ref("investor")), "Lead investors first, then the other participants"),
    "conflicting_reports": known(
        some(ref("conflictingReport")), "Other figures reported elsewhere, never merged into the main ones"
    ),
    "disputed": field({"type": "boolean"}, "true when the reported figures contradict each other"),
    "notes": known(TEXT, "Context a reader needs, in plain text"),
    "source_path": field(TEXT, "The content file this round comes from, relative to the repository"),
    "last_changed": known(
        TIMESTAMP,
        "When its content file last changed, in UTC, from the repository's history; "
        "absent when the site was built without it",
    ),
    "sources": field(SOURCES, "Where the round was reported"),
}

INVESTMENT_FIELDS = {
    "round": field(SLUG, "The round's id, unique within its company"),
    "company": field(SLUG, "The slug of the company that raised it: the round is in its document and in rounds.json"),
    "announced": ROUND_FIELDS["announced"],
    "lead": field({"type": "boolean"}, "true when this profile led the round"),
}

NAME_FIELDS = {
    "slug": field(
        SLUG,
        "The profile's slug: its file name and the last part of its address; unique across organizations and people",
    ),
    "name": field(TEXT, "The name as most often written in English"),
    "native_name": known(TEXT, "The name in its own script, such as 月之暗面"),
    "aliases": known(some(TEXT), "Other names people search for"),
    "summary": field(TEXT, "One line: who or what this is"),
}

INVESTOR_COUNTS = {
    "investment_count": field(COUNT, "Rounds this profile invested in"),
    "lead_count": field(COUNT, "Of those, the rounds it led"),
}

PROVENANCE_FIELDS = {
    "source_path": field(TEXT, "The content file this profile comes from, relative to the repository"),
    "last_changed": known(
        TIMESTAMP,
        "When its content file, or one of its own rounds' files, last changed, in UTC, "
        "from the repository's history; absent when the site was built without it",
    ),
    "sources": field(SOURCES, "Where the profile's facts come from"),
}

ORGANIZATION_SUMMARY_FIELDS = {
    **NAME_FIELDS,
    "former_names": known(some(TEXT), "Names it was known by before"),
    "former_slugs": known(some(SLUG), "Slugs it was published under before; their addresses redirect to this profile"),
    "kind": field({"enum": list(ORGANIZATION_KINDS)}, "What kind of organization: " + ", ".join(ORGANIZATION_KINDS)),
    "status": known({"enum": list(STATUSES)}, "active, acquired, public or closed"),
    "founded": known(DATE, "When it was founded, as precisely as known"),
    "headquarters": known(ref("headquarters"), "Where it is based"),
    "website": known(URL, "Its own website"),
    "sectors": known(some(SLUG), "The slugs of the sectors it works in; index.json gives their names"),
    "parent": known(SLUG, "The slug of the organization that owns it"),
    "round_count": field(COUNT, "Its own funding rounds"),
    "total_raised": known(ref("total"), "The sum of its rounds' amounts in US dollars; absent when none is known"),
    "latest_valuation": known(ref("latestValuation"), "Its most recent disclosed valuation"),
    **INVESTOR_COUNTS,
    **PROVENANCE_FIELDS,
}

ROLE_FIELDS = {
    "person": field(SLUG, "The person's slug"),
    "organization": field(SLUG, "The organization's slug"),
    "title": field(TEXT, "The role, such as Chairman"),
    "since": known(DATE, "When it began"),
    "until": known(DATE, "When it ended; absent while it lasts"),
    "current": field({"type": "boolean"}, "true while it lasts"),
    "sources": field(SOURCES, "Where the role is reported"),
}

PERSON_SUMMARY_FIELDS = {**NAME_FIELDS, **INVESTOR_COUNTS, **PROVENANCE_FIELDS}

ADDRESS = {"type": "string", "pattern": r"^[^/:?#][^:?]*$"}  # relative to the site's URL, never absolute

DEFS = {
    "source": record("Source", "A published source that backs the facts it is cited for", SOURCE_FIELDS),
    "investor": record(
        "Investor", "An investor in a round: an organization or a person, by slug, with its name", INVESTOR_FIELDS
    ),
    "money": {
        "title": "Money",
        "description": "An amount or a valuation as reported. A figure the source says was not disclosed is "
        '{"disclosed": false}; a figure no source gives at all is left out.',
        "oneOf": [
            {
                **record("Disclosed figure", "A reported figure: value, or min and max for a range", DISCLOSED_MONEY),
                **RANGE_OR_VALUE,
            },
            record("Undisclosed figure", "A figure the source says was not disclosed", UNDISCLOSED_MONEY),
        ],
    },
    "usd": record(
        "US dollar equivalent", "A figure converted to US dollars at the rate for the announcement month", USD_FIELDS
    ),
    "total": record(
        "Total raised",
        "A sum of reported amounts in US dollars that says what it leaves out",
        {
            "currency": field({"const": "USD"}, "Always USD"),
            "value": field(DOLLARS, "The sum of the lowest figure each counted amount allows, rounded to the dollar"),
            "rounds_counted": field(COUNT, "Rounds whose amounts are in the sum"),
            "rounds_left_out": field(COUNT, "Rounds left out: undisclosed, unknown, up-to or not convertible amounts"),
            "complete": field({"type": "boolean"}, "true when no round was left out"),
            "approximate": field({"type": "boolean"}, "true when a counted amount was not exact"),
        },
    ),
    "conflictingReport": record(
        "Conflicting report",
        "Figures reported differently elsewhere, with their own sources",
        {
            "amount": known(ref("money"), "The amount this report gives"),
            "valuation": known(ref("money"), "The valuation this report gives"),
            "note": known(TEXT, "What differs, in one line"),
            "sources": CITED,
        },
    ),
    "round": record("Round", "A funding round with its figures, investors and sources", ROUND_FIELDS),
    "investment": record(
        "Investment",
        "A round a profile invested in, referred to by its id and its company: "
        "the round itself is in rounds.json and in the company's document",
        INVESTMENT_FIELDS,
    ),
    "headquarters": record(
        "Headquarters",
        "Where an organization is based",
        {
            "city": known(TEXT, "City"),
            "country": field(COUNTRY, "ISO 3166-1 alpha-2 country code"),
        },
    ),
    "latestValuation": record(
        "Latest valuation",
        "The most recent of the company's rounds with a disclosed valuation",
        {
            "round": field(SLUG, "The round's id, among the company's rounds"),
            "announced": ROUND_FIELDS["announced"],
            "valuation": field(ref("money"), "Its valuation"),
        },
    ),
    "role": record("Role", "A person's role at an organization", ROLE_FIELDS),
    "product": record(
        "Product",
        "A product of an organization",
        {
            "name": field(TEXT, "Its name"),
            "launched": known(DATE, "When it launched"),
            "summary": field(TEXT, "What it is, in one line"),
            "sources": CITED,
        },
    ),
    "milestone": record(
        "Milestone",
        "A dated event in an organization's history",
        {"date": field(DATE, "When it happened"), "text": field(TEXT, "What happened"), "sources": CITED},
    ),
    "addresses": record(
        "Addresses",
        "Where each page, document and feed is, as a template relative to the "
        "site's url: {slug} stands for a profile's slug, {company} and {id} for a "
        "round's company and id",
        {
            "company_page": field(ADDRESS, f"An organization's page, such as {page_url(COMPANIES.page('{slug}'))}"),
            "person_page": field(ADDRESS, f"A person's page, such as {page_url(PEOPLE.page('{slug}'))}"),
            "round_page": field(
                ADDRESS,
                "A round on its company's page, such as "
                f"{page_url(COMPANIES.page('{company}'))}#{round_anchor('{id}')}",
            ),
            "company_document": field(
                ADDRESS, f"An organization's document: {API.document_at(API_COMPANIES, '{slug}')}"
            ),
            "person_document": field(ADDRESS, f"A person's document: {API.document_at(API_PEOPLE, '{slug}')}"),
            "company_feed": field(ADDRESS, f"An organization's Atom feed of its rounds: {company_feed('{slug}')}"),
        },
    ),
    "companySummary": record(
        "Company summary", "An organization as listed in companies.json", ORGANIZATION_SUMMARY_FIELDS
    ),
    "personSummary": record("Person summary", "A person as listed in people.json", PERSON_SUMMARY_FIELDS),
}

DOCUMENTS = {
    "indexDocument": document(
        "index",
        "Index",
        f"{API.index}: what the API holds and where; the only file with the site's own addresses",
        {
            "api_version": field(
                {"const": "v2"}, "The API version; a field that changes meaning comes with a new version"
            ),
            "title": field(TEXT, "The site's name"),
            "url": field(URL, "The site's address; the addresses below are relative to it"),
            "schema": field(URL, "This JSON Schema"),
            "licence": field(
                record(
                    "Licence",
                    "The licence of the data",
                    {
                        "id": field(TEXT, "Its SPDX identifier, such as CC-BY-4.0"),
                        "name": field(TEXT, "Its full name"),
                        "url": field(URL, "Its text"),
                    },
                ),
                "The licence under which the data may be reused",
            ),
            "citation": field(
                record(
                    "Citation",
                    "How to cite the data",
                    {
                        "text": field(TEXT, "A citation in one line"),
                        "cff_url": known(
                            URL, "The site's CITATION.cff, for reference managers; absent when it has none"
                        ),
                    },
                ),
                "How to cite the data",
            ),
            "counts": field(
                record(
                    "Counts",
                    "How many records each list holds",
                    {
                        "companies": field(COUNT, "Organizations"),
                        "people": field(COUNT, "People"),
                        "rounds": field(COUNT, "Rounds"),
                    },
                ),
                "How many records each list holds",
            ),
            "last_changed": known(TIMESTAMP, "When any record last changed, in UTC; absent without the history"),
            "endpoints": field(
                record(
                    "Endpoints",
                    "The full addresses of the lists",
                    {
                        "companies": field(URL, "Every organization"),
                        "people": field(URL, "Every person"),
                        "rounds": field(URL, "Every round, oldest first"),
                    },
                ),
                "The full addresses of the lists: gzipped, ending in .gz, on a site that compresses its downloads",
            ),
            "addresses": field(ref("addresses"), "Where each page, document and feed is, relative to url"),
            "stages": field(mapping(TEXT), "Every stage a round may have, with its label, such as series-b: Series B"),
            "sectors": field(mapping(TEXT), "Every sector a company may name, by slug, with its name"),
        },
    ),
    "companiesDocument": document(
        "companies",
        "Companies",
        f"{API.list(API_COMPANIES)}: every organization, by slug",
        {"count": field(COUNT, "How many"), "companies": field(list_of(ref("companySummary")), "The organizations")},
    ),
    "peopleDocument": document(
        "people",
        "People",
        f"{API.list(API_PEOPLE)}: every person, by slug",
        {"count": field(COUNT, "How many"), "people": field(list_of(ref("personSummary")), "The people")},
    ),
    "roundsDocument": document(
        "rounds",
        "Rounds",
        f"{API.list(API_ROUNDS)}: every round once, oldest first",
        {"count": field(COUNT, "How many"), "rounds": field(list_of(ref("round")), "The rounds")},
    ),
    "companyDocument": document(
        "company",
        "Company",
        f"{API.document_at(API_COMPANIES, '<slug>')}: one organization in full, with its own rounds",
        {
            **ORGANIZATION_SUMMARY_FIELDS,
            "description": known(TEXT, "A longer description, in Markdown as written"),
            "subsidiaries": known(some(SLUG), "The slugs of the organizations it owns"),
            "products": known(some(ref("product")), "Its products"),
            "milestones": known(some(ref("milestone")), "Dated events"),
            "people": known(some(ref("role")), "People and their roles here"),
            "rounds": known(some(ref("round")), "Its own funding rounds in full, oldest first"),
            "investments": known(some(ref("investment")), "Rounds it invested in, oldest first"),
        },
    ),
    "personDocument": document(
        "person",
        "Person",
        f"{API.document_at(API_PEOPLE, '<slug>')}: one person in full",
        {
            **PERSON_SUMMARY_FIELDS,
            "description": known(TEXT, "A longer description, in Markdown as written"),
            "roles": known(some(ref("role")), "Roles and affiliations"),
            "investments": known(some(ref("investment")), "Rounds they invested in, oldest first"),
        },
    ),
}


def schema_document(site: SiteInfo) -> dict:
    return schema_envelope(
        site.absolute(API.schema),
        f"{site.name} JSON API v2",
        f"Every file under {API.root}/ is one of these documents; its `document` field says which. "
        "A key whose value is not known is left out, never null.",
        DOCUMENTS,
        DEFS,
    )


def field_tables() -> list[dict]:
    """Each document and record of version 2, for the data page."""
    return json_schema.field_tables({**DOCUMENTS, **DEFS}, optional_note=" or absent")
