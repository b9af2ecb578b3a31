"""The JSON Schema of version 1 of the API, published in its folder as schema.json (frozen, like the API).

Every field is described here once; the data page's tables are made from these descriptions,
and a test validates every file under api/ against this schema, so the three cannot drift apart.
Every field is always present: a value that is not known is null, never a missing key.
"""

from __future__ import annotations

from roundbook.addresses import API_COMPANIES, API_PEOPLE, API_ROUNDS, API_V1
from roundbook.export.json_schema import (
    COUNT,
    DATE,
    DOLLARS,
    FIGURE,
    FULL_DATE,
    SLUG,
    TEXT,
    TIMESTAMP,
    URL,
    document,
    field,
    list_of,
    nullable,
    record,
    ref,
    schema_envelope,
)
from roundbook.export.json_schema import field_tables as tables_of
from roundbook.export.site import SiteInfo
from roundbook.schema.kinds import BASES, ORGANIZATION_KINDS, PRECISIONS, STAGES, STATUSES

SOURCE_FIELDS = {
    "id": field(SLUG, "The source's short name within its content file"),
    "url": field(URL, "Where the source can be read"),
    "title": field(nullable(TEXT), "The headline or page title as published; null when not recorded"),
    "publisher": field(TEXT, "Who published it"),
    "published": field(nullable(DATE), "When it was published, as precisely as known"),
    "accessed": field(nullable(DATE), "When it was read, for pages without a publication date"),
}

REF_FIELDS = {
    "slug": field(SLUG, "The profile's slug: its file name and the last part of its address"),
    "name": field(TEXT, "The name as most often written in English"),
    "type": field({"enum": ["organization", "person"]}, "organization or person"),
    "url": field(URL, "The profile page"),
    "api_url": field(URL, "The profile's own JSON document"),
}

USD_FIELDS = {
    "value": field(nullable(DOLLARS), "The figure in US dollars, rounded to the dollar; null for a range"),
    "min": field(nullable(DOLLARS), "The low end of a range in US dollars; null unless precision is range"),
    "max": field(nullable(DOLLARS), "The high end of a range in US dollars; null unless precision is range"),
    "rate": field(FIGURE, "Units of the reported currency per US dollar used for the conversion; 1 for dollar figures"),
    "rate_month": field(
        nullable({"type": "string", "pattern": r"^\d{4}-\d{2}$"}),
        "The month whose average rate was used (the month of the announcement); null for dollar figures",
    ),
}

DISCLOSED_MONEY = {
    "disclosed": field({"const": True}, "true: a figure was reported"),
    "precision": field(
        {"enum": list(PRECISIONS)},
        "How precise the report is: " + "; ".join(f"{k}: {v}" for k, v in PRECISIONS.items()),
    ),
    "currency": field({"type": "string", "pattern": "^[A-Z]{3}$"}, "ISO 4217 code of the currency it was reported in"),
    "value": field(nullable(FIGURE), "The reported figure in whole units of its currency; null for a range"),
    "min": field(nullable(FIGURE), "The low end of a range; null unless precision is range"),
    "max": field(nullable(FIGURE), "The high end of a range; null unless precision is range"),
    "basis": field(
        nullable({"enum": list(BASES)}), "For valuations: pre-money or post-money when the source says; else null"
    ),
    "text": field(TEXT, "The figure as the site shows it, such as ~$2.5B"),
    "usd": field(
        nullable(ref("usd")), "The US dollar equivalent; null when no rate applies (a round dated only by year)"
    ),
}

UNDISCLOSED_MONEY = {
    "disclosed": field({"const": False}, "false: the source says the figure was not disclosed"),
    "precision": field({"const": "undisclosed"}, "Always undisclosed"),
    **{key: field({"type": "null"}, "Always null") for key in ("currency", "value", "min", "max", "basis")},
    "text": field({"const": "undisclosed"}, "Always undisclosed"),
    "usd": field({"type": "null"}, "Always null"),
}

MONEY_OR_UNKNOWN = nullable(ref("money"))

ROUND_REF_FIELDS = {
    "id": field(SLUG, "The round's id: its file name, also its anchor on the company page (#round-<id>)"),
    "company": field(ref("profileRef"), "The company that raised it"),
    "announced": field(DATE, "When it was announced: YYYY, YYYY-MM or YYYY-MM-DD, as precise as reported"),
    "title": field(TEXT, "The stage as a reader reads it, such as Series B (extension)"),
    "url": field(URL, "The round on its company's page"),
}

ROUND_FIELDS = {
    "id": ROUND_REF_FIELDS["id"],
    "company": ROUND_REF_FIELDS["company"],
    "announced": ROUND_REF_FIELDS["announced"],
    "announced_precision": field({"enum": ["year", "month", "day"]}, "How precise announced is"),
    "announced_earliest": field(
        FULL_DATE, "The first day announced can mean (2024-02 gives 2024-02-01), for sorting and date parsers"
    ),
    "stage": field({"enum": list(STAGES)}, "The stage, from a fixed list"),
    "stage_label": field(TEXT, "The stage as a reader reads it"),
    "extension": field({"type": "boolean"}, "true for an extension of the stage (Series B+)"),
    "title": ROUND_REF_FIELDS["title"],
    "amount": field(MONEY_OR_UNKNOWN, "The money raised; null when no source gives it"),
    "valuation": field(MONEY_OR_UNKNOWN, "The company's valuation; null when no source gives it"),
    "investors": field(list_of(ref("investor")), "Lead investors first, then the other participants"),
    "conflicting_reports": field(
        list_of(ref("conflictingReport")), "Other figures reported elsewhere, never merged into the main ones"
    ),
    "disputed": field({"type": "boolean"}, "true when the reported figures contradict each other"),
    "notes": field(nullable(TEXT), "Context a reader needs, in plain text"),
    "url": ROUND_REF_FIELDS["url"],
    "source_path": field(TEXT, "The content file this round comes from, relative to the repository"),
    "last_changed": field(
        nullable(TIMESTAMP),
        "When its content file last changed, in UTC, from the repository's "
        "history; null when the site was built without it",
    ),
    "sources": field(list_of(ref("source")), "Where the round was reported"),
}

PROFILE_FIELDS = {
    "slug": REF_FIELDS["slug"],
    "name": REF_FIELDS["name"],
    "native_name": field(nullable(TEXT), "The name in its own script, such as 月之暗面"),
    "aliases": field(list_of(TEXT), "Other names people search for"),
    "summary": field(TEXT, "One line: who or what this is"),
}

LINK_FIELDS = {
    "url": field(URL, "The profile page"),
    "api_url": field(URL, "This profile's own JSON document"),
    "source_path": field(TEXT, "The content file this profile comes from, relative to the repository"),
    "last_changed": field(
        nullable(TIMESTAMP),
        "When its content file, or one of its own rounds' files, last changed, "
        "in UTC, from the repository's history; null when the site was built without it",
    ),
    "sources": field(list_of(ref("source")), "Where the profile's facts come from"),
}

INVESTOR_COUNTS = {
    "investment_count": field(COUNT, "Rounds this profile invested in"),
    "lead_count": field(COUNT, "Of those, the rounds it led"),
}

ORGANIZATION_SUMMARY_FIELDS = {
    **PROFILE_FIELDS,
    "former_names": field(list_of(TEXT), "Names it was known by before"),
    "former_slugs": field(
        list_of(SLUG), "Slugs it was published under before; their addresses redirect to this profile"
    ),
    "kind": field({"enum": list(ORGANIZATION_KINDS)}, "What kind of organization: " + ", ".join(ORGANIZATION_KINDS)),
    "status": field(nullable({"enum": list(STATUSES)}), "active, acquired, public or closed; null when not recorded"),
    "founded": field(nullable(DATE), "When it was founded, as precisely as known"),
    "headquarters": field(nullable(ref("headquarters")), "Where it is based"),
    "website": field(nullable(URL), "Its own website"),
    "sectors": field(list_of(ref("sector")), "The sectors it works in"),
    "parent": field(nullable(ref("profileRef")), "The organization that owns it"),
    "round_count": field(COUNT, "Its own funding rounds"),
    "total_raised": field(
        nullable(ref("total")), "The sum of its rounds' amounts in US dollars; null when none is known"
    ),
    "latest_valuation": field(nullable(ref("latestValuation")), "Its most recent disclosed valuation"),
    **INVESTOR_COUNTS,
    "feed_url": field(URL, "Atom feed of its funding rounds"),
    **LINK_FIELDS,
}

ROLE_FIELDS = {
    "person": field(ref("profileRef"), "The person"),
    "organization": field(ref("profileRef"), "The organization"),
    "title": field(TEXT, "The role, such as Chairman"),
    "since": field(nullable(DATE), "When it began"),
    "until": field(nullable(DATE), "When it ended; null while it lasts"),
    "current": field({"type": "boolean"}, "true while it lasts"),
    "sources": field(list_of(ref("source")), "Where the role is reported"),
}

INVESTMENT_FIELDS = {
    "round": field(ref("roundRef"), "The round"),
    "lead": field({"type": "boolean"}, "true when this profile led the round"),
}

PERSON_SUMMARY_FIELDS = {**PROFILE_FIELDS, **INVESTOR_COUNTS, **LINK_FIELDS}

DEFS = {
    "source": record("Source", "A published source that backs the facts it is cited for", SOURCE_FIELDS),
    "profileRef": record("Profile reference", "A link to an organization's or a person's profile", REF_FIELDS),
    "investor": record(
        "Investor",
        "An investor in a round",
        {**REF_FIELDS, "lead": field({"type": "boolean"}, "true for a lead investor")},
    ),
    "roundRef": record("Round reference", "A link to a round on its company's page", ROUND_REF_FIELDS),
    "usd": record(
        "US dollar equivalent", "A figure converted to US dollars at the rate for the announcement month", USD_FIELDS
    ),
    "money": {
        "title": "Money",
        "description": "An amount or a valuation as reported. A figure that was reported as undisclosed has "
        "disclosed: false; a figure no source gives at all is null where the money object would be.",
        "oneOf": [
            record("Disclosed figure", "A reported figure", DISCLOSED_MONEY),
            record("Undisclosed figure", "A figure the source says was not disclosed", UNDISCLOSED_MONEY),
        ],
    },
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
            "text": field(TEXT, "The total as the site shows it, such as at least $1.06B"),
        },
    ),
    "conflictingReport": record(
        "Conflicting report",
        "Figures reported differently elsewhere, with their own sources",
        {
            "amount": field(MONEY_OR_UNKNOWN, "The amount this report gives; null when it gives none"),
            "valuation": field(MONEY_OR_UNKNOWN, "The valuation this report gives; null when it gives none"),
            "note": field(nullable(TEXT), "What differs, in one line"),
            "sources": field(list_of(ref("source")), "The sources of these figures"),
        },
    ),
    "round": record("Round", "A funding round with its figures, investors and sources", ROUND_FIELDS),
    "headquarters": record(
        "Headquarters",
        "Where an organization is based",
        {
            "city": field(nullable(TEXT), "City"),
            "country": field({"type": "string", "pattern": "^[A-Z]{2}$"}, "ISO 3166-1 alpha-2 country code"),
        },
    ),
    "sector": record(
        "Sector",
        "A sector from the site's controlled list",
        {"slug": field(SLUG, "The sector's slug"), "name": field(TEXT, "The sector's name")},
    ),
    "latestValuation": record(
        "Latest valuation",
        "The most recent round with a disclosed valuation",
        {"round": field(ref("roundRef"), "The round"), "valuation": field(ref("money"), "Its valuation")},
    ),
    "role": record("Role", "A person's role at an organization", ROLE_FIELDS),
    "investment": record("Investment", "A round a profile invested in", INVESTMENT_FIELDS),
    "product": record(
        "Product",
        "A product of an organization",
        {
            "name": field(TEXT, "Its name"),
            "launched": field(nullable(DATE), "When it launched"),
            "summary": field(TEXT, "What it is, in one line"),
            "sources": field(list_of(ref("source")), "Its sources"),
        },
    ),
    "milestone": record(
        "Milestone",
        "A dated event in an organization's history",
        {
            "date": field(DATE, "When it happened"),
            "text": field(TEXT, "What happened"),
            "sources": field(list_of(ref("source")), "Its sources"),
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
        f"{API_V1.index}: what the API holds and where",
        {
            "api_version": field({"const": "v1"}, "The API version; the URL changes when a field changes meaning"),
            "title": field(TEXT, "The site's name"),
            "url": field(URL, "The site's address"),
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
                        "cff_url": field(
                            nullable(URL), "The site's CITATION.cff, for reference managers; null when it has none"
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
            "last_changed": field(
                nullable(TIMESTAMP), "When any record last changed, in UTC; null without the history"
            ),
            "endpoints": field(
                record(
                    "Endpoints",
                    "Where each document is; {slug} stands for a profile's slug",
                    {
                        "companies": field(URL, "Every organization"),
                        "people": field(URL, "Every person"),
                        "rounds": field(URL, "Every round, oldest first"),
                        "company": field(TEXT, "One organization with its rounds and investments"),
                        "person": field(TEXT, "One person with roles and investments"),
                    },
                ),
                "Where each document is",
            ),
        },
    ),
    "companiesDocument": document(
        "companies",
        "Companies",
        f"{API_V1.list(API_COMPANIES)}: every organization, by slug",
        {"count": field(COUNT, "How many"), "companies": field(list_of(ref("companySummary")), "The organizations")},
    ),
    "peopleDocument": document(
        "people",
        "People",
        f"{API_V1.list(API_PEOPLE)}: every person, by slug",
        {"count": field(COUNT, "How many"), "people": field(list_of(ref("personSummary")), "The people")},
    ),
    "roundsDocument": document(
        "rounds",
        "Rounds",
        f"{API_V1.list(API_ROUNDS)}: every round, oldest first",
        {"count": field(COUNT, "How many"), "rounds": field(list_of(ref("round")), "The rounds")},
    ),
    "companyDocument": document(
        "company",
        "Company",
        f"{API_V1.document_at(API_COMPANIES, '<slug>')}: one organization in full",
        {
            **ORGANIZATION_SUMMARY_FIELDS,
            "description": field(nullable(TEXT), "A longer description, in Markdown as written"),
            "subsidiaries": field(list_of(ref("profileRef")), "Organizations it owns"),
            "products": field(list_of(ref("product")), "Its products"),
            "milestones": field(list_of(ref("milestone")), "Dated events"),
            "people": field(list_of(ref("role")), "People and their roles here"),
            "rounds": field(list_of(ref("round")), "Its own funding rounds, oldest first"),
            "investments": field(list_of(ref("investment")), "Rounds it invested in, oldest first"),
        },
    ),
    "personDocument": document(
        "person",
        "Person",
        f"{API_V1.document_at(API_PEOPLE, '<slug>')}: one person in full",
        {
            **PERSON_SUMMARY_FIELDS,
            "description": field(nullable(TEXT), "A longer description, in Markdown as written"),
            "roles": field(list_of(ref("role")), "Roles and affiliations"),
            "investments": field(list_of(ref("investment")), "Rounds they invested in, oldest first"),
        },
    ),
}


def schema_document(site: SiteInfo) -> dict:
    return schema_envelope(
        site.absolute(API_V1.schema),
        f"{site.name} JSON API v1",
        f"Every file under {API_V1.root}/ is one of these documents; its `document` field says which.",
        DOCUMENTS,
        DEFS,
    )


def field_tables() -> list[dict]:
    """Each document and record of the API, for the data page: see roundbook.export.json_schema.field_tables."""
    return tables_of({**DOCUMENTS, **DEFS})
