"""The content format, version 1: what each kind of file may say, in one place.

Every field carries a one-line description; the JSON Schemas in `schemas/` are generated from
these definitions and the validator checks files against them.
"""

from __future__ import annotations

from roundbook.schema.fields import (
    MIN_RATE,
    RATE_ADVICE,
    AmountType,
    BoolType,
    CheckContext,
    CountryType,
    CurrencyType,
    DateType,
    EnumType,
    Field,
    ListType,
    LiteralOr,
    MapType,
    ObjectType,
    SlugType,
    TextType,
    UrlType,
)

# The stages live with the rest of their vocabulary (labels, matching); many parts ask this module.
from roundbook.schema.stages import STAGES as STAGES
from roundbook.schema.stages import StageType
from roundbook.schema.values import Record

FORMAT_VERSION = 1

ORGANIZATION_KINDS = {
    "startup": "A young company building a product",
    "corporation": "An established company",
    "investment-firm": "A venture capital, private equity or corporate investment firm",
    "fund": "A single investment fund",
    "state-fund": "A fund owned or directed by a state",
}

STATUSES = {
    "active": "Operating and privately held",
    "acquired": "Bought by another organization",
    "public": "Listed on a stock exchange",
    "closed": "No longer operating",
}

PRECISIONS = {
    "exact": "The figure as reported",
    "approximate": "About the figure (~$2.8B)",
    "at-least": "The figure or more ($2.0B+)",
    "up-to": "At most the figure (up to $18B)",
    "range": "Between min and max ($3.5B–$5B)",
}

BASES = {
    "pre-money": "Valuation before the new money",
    "post-money": "Valuation including the new money",
}

SOURCE = ObjectType(
    "Source",
    [
        Field(
            "id",
            SlugType(),
            "A short name to cite this source by within the file, such as bloomberg-2024-02",
            required=True,
        ),
        Field("url", UrlType(), "Where the source can be read (http or https)", required=True),
        Field("title", TextType(max_length=300), "The headline or page title, as published; leave out when unknown"),
        Field("publisher", TextType(max_length=120, name=True), "Who published it, such as Bloomberg", required=True),
        Field("published", DateType(), "When it was published (YYYY, YYYY-MM or YYYY-MM-DD)"),
        Field("accessed", DateType(), "When it was read, for pages without a publication date"),
        Field(
            "quote",
            TextType(max_length=600),
            "The source's own sentence that carries the figures, copied exactly, so that a reviewer can check them",
        ),
    ],
)

SOURCES = ListType(SOURCE, min_items=1)
SOURCE_REFS = ListType(SlugType(), min_items=1, unique=True)


def _money_rule(record: Record, ctx: CheckContext) -> None:
    precision = record.get("precision", "exact")
    if precision == "range":
        for key in ("min", "max"):
            if not record.written(key):
                ctx.problems.add(record.mark, f"a range needs '{key}'")
        if "value" in record:
            ctx.problems.add(record["value"].mark, "a range has 'min' and 'max' instead of 'value'")
        if "min" in record and "max" in record and record["min"].value >= record["max"].value:
            ctx.problems.add(record["max"].mark, "'max' must be greater than 'min'")
    else:
        if not record.written("value"):
            ctx.problems.add(record.mark, "missing required field 'value' (the amount)")
        for key in ("min", "max"):
            if key in record:
                ctx.problems.add(record[key].mark, f"'{key}' is only for precision: range")
    if "reported_usd" in record and record.get("currency") == "USD":
        ctx.problems.add(
            record["reported_usd"].mark,
            "'reported_usd' is the source's conversion of a figure in "
            "another currency; a figure in USD has none: leave it out",
        )


def _money_fields(basis: bool = False) -> list[Field]:
    return (
        [
            Field("value", AmountType(), "The figure: 1000000000, 1B, 300M or 2.5B"),
            Field("currency", CurrencyType(), "ISO 4217 currency code, such as USD or CNY", required=True),
            Field("precision", EnumType(PRECISIONS), "exact (default), approximate, at-least, up-to or range"),
            Field("min", AmountType(), "Low end, for precision: range"),
            Field("max", AmountType(), "High end, for precision: range"),
        ]
        + ([Field("basis", EnumType(BASES), "pre-money or post-money, when reported")] if basis else [])
        + [
            Field(
                "reported_usd",
                AmountType(),
                "The source's own conversion of this figure to US dollars, as it gives it; never one of your own",
            ),
        ]
    )


AMOUNT = ObjectType("Amount", _money_fields(), rules=[_money_rule])
VALUATION = ObjectType("Valuation", _money_fields(basis=True), rules=[_money_rule])

ALTERNATIVE = ObjectType(
    "Conflicting report",
    [
        Field("amount", LiteralOr("undisclosed", AMOUNT), "The amount this report gives"),
        Field("valuation", LiteralOr("undisclosed", VALUATION), "The valuation this report gives"),
        Field("sources", SOURCE_REFS, "Ids of this file's sources that report these figures", required=True),
        Field("note", TextType(max_length=500), "What differs and why, in one line"),
    ],
)

PRODUCT = ObjectType(
    "Product",
    [
        Field("name", TextType(max_length=120, name=True), "The product's name", required=True),
        Field("launched", DateType(), "When it launched to the public"),
        Field("summary", TextType(max_length=300), "What it is, in one line", required=True),
        Field("sources", SOURCE_REFS, "Ids of this file's sources for this product", required=True),
    ],
)

MILESTONE = ObjectType(
    "Milestone",
    [
        Field("date", DateType(), "When it happened", required=True),
        Field("text", TextType(max_length=300), "What happened, in one line", required=True),
        Field("sources", SOURCE_REFS, "Ids of this file's sources for this milestone", required=True),
    ],
)

HEADQUARTERS = ObjectType(
    "Headquarters",
    [
        Field("city", TextType(max_length=100), "City"),
        Field("country", CountryType(), "ISO 3166-1 alpha-2 country code, such as CN", required=True),
    ],
)

ROLE = ObjectType(
    "Role",
    [
        Field("organization", SlugType(), "Slug of the organization's profile", required=True),
        Field("title", TextType(max_length=120), "The role, such as Chairman or Founder and CEO", required=True),
        Field("since", DateType(), "When the role began"),
        Field("until", DateType(), "When it ended; leave out while it lasts"),
        Field("sources", SOURCE_REFS, "Ids of this file's sources for this role", required=True),
    ],
)


def _source_ids(record: Record, ctx: CheckContext) -> set[str]:
    """Source ids defined in the file; a repeated id is an error at its second use."""
    ids: set[str] = set()
    for source in record.get("sources", []):
        if "id" in source:
            if source["id"] in ids:
                ctx.problems.add(source["id"].mark, f"source id '{source['id']}' is used twice")
            ids.add(source["id"])
    return ids


def _check_citations(items, ids: set[str], ctx: CheckContext) -> None:
    for item in items:
        for ref in item.get("sources", []):
            if ref not in ids:
                ctx.problems.add(ref.mark, f"unknown source '{ref}'{_close(ref, ids)}")


def _close(value: str, choices) -> str:
    from roundbook.schema.fields import suggestion

    return suggestion(value, choices) or (
        f"; this file's sources are: {', '.join(sorted(choices))}" if choices else "; add it under 'sources'"
    )


def _profile_citations(record: Record, ctx: CheckContext) -> None:
    ids = _source_ids(record, ctx)
    for key in ("products", "milestones", "roles"):
        _check_citations(record.get(key, []), ids, ctx)


def _role_dates(record: Record, ctx: CheckContext) -> None:
    for role in record.get("roles", []):
        if "since" in role and "until" in role and role["until"].date.is_before(role["since"].date):
            ctx.problems.add(role["until"].mark, f"'until' {role['until'].date} is before 'since' {role['since'].date}")


def _round_rule(record: Record, ctx: CheckContext) -> None:
    ids = _source_ids(record, ctx)
    _check_citations(record.get("conflicting_reports", []), ids, ctx)
    leads = set(record.get("lead", []))
    for participant in record.get("participants", []):
        if participant in leads:
            ctx.problems.add(
                participant.mark, f"'{participant}' is already a lead investor; list it once, under 'lead'"
            )


COMMON_PROFILE_FIELDS = [
    Field("name", TextType(max_length=120, name=True), "The name as most often written in English", required=True),
    Field("native_name", TextType(max_length=120, name=True), "The name in its own script, such as 月之暗面"),
    Field("aliases", ListType(TextType(max_length=120, name=True), unique=True), "Other names people search for"),
    Field("summary", TextType(max_length=300), "One line: who or what this is", required=True),
    Field("description", TextType(multiline=True, max_length=20000), "A longer description in Markdown"),
]

ORGANIZATION = ObjectType(
    "Organization profile",
    description="One organization: a startup, corporation, investment firm, fund or state fund. "
    "The file name (without .yml) is its slug.",
    fields=COMMON_PROFILE_FIELDS[:3]
    + [
        Field(
            "former_names",
            ListType(TextType(max_length=120, name=True), unique=True),
            "Names it was known by before, such as Sequoia China",
        ),
        Field(
            "former_slugs",
            ListType(SlugType(), unique=True),
            "Slugs this profile was published under before it was renamed; each old address redirects here",
        ),
        Field(
            "kind",
            EnumType(ORGANIZATION_KINDS),
            "startup, corporation, investment-firm, fund or state-fund",
            required=True,
        ),
        Field("status", EnumType(STATUSES), "active, acquired, public or closed"),
        Field("founded", DateType(), "When it was founded: 2023, 2023-03 or 2023-03-01"),
        Field("headquarters", HEADQUARTERS, "Where it is based"),
        Field("website", UrlType(), "Its own website"),
        Field("parent", SlugType(), "Slug of the organization that owns it, such as meituan for long-z"),
        Field("sectors", ListType(SlugType(), unique=True), "Sector slugs from content/reference/sectors.yml"),
    ]
    + COMMON_PROFILE_FIELDS[3:]
    + [
        Field("products", ListType(PRODUCT), "Products, each with a launch date and sources"),
        Field("milestones", ListType(MILESTONE), "Dated events, each with sources"),
        Field("sources", SOURCES, "Where the facts in this file come from", required=True),
    ],
    rules=[_profile_citations],
)

PERSON = ObjectType(
    "Person profile",
    description="One person. The file name (without .yml) is the slug.",
    fields=COMMON_PROFILE_FIELDS
    + [
        Field("roles", ListType(ROLE), "Roles and affiliations, each with sources"),
        Field("sources", SOURCES, "Where the facts in this file come from", required=True),
    ],
    rules=[_profile_citations, _role_dates],
)

ROUND = ObjectType(
    "Funding round",
    description="One funding round of the company whose slug names the folder: content/rounds/<company>/<round>.yml.",
    fields=[
        Field(
            "announced",
            DateType(),
            "When it was announced or first reported: YYYY, YYYY-MM or YYYY-MM-DD",
            required=True,
        ),
        Field(
            "stage",
            StageType(extension="extension: true"),
            "The stage, from a fixed list such as seed, series-b, strategic, venture-undisclosed",
            required=True,
        ),
        Field("extension", BoolType(), "true for an extension of the stage (Series B+)"),
        Field("amount", LiteralOr("undisclosed", AMOUNT), "The money raised, or undisclosed"),
        Field("valuation", LiteralOr("undisclosed", VALUATION), "The company's valuation, or undisclosed"),
        Field("lead", ListType(SlugType(), unique=True), "Slugs of the lead investors"),
        Field("participants", ListType(SlugType(), unique=True), "Slugs of the other investors"),
        Field("conflicting_reports", ListType(ALTERNATIVE), "Other figures reported elsewhere, each with its sources"),
        Field("disputed", BoolType(), "true when the reported figures contradict each other"),
        Field("notes", TextType(max_length=1000), "Context a reader needs, in plain text"),
        Field("sources", SOURCES, "Where this round was reported; at least one", required=True),
    ],
    rules=[_round_rule],
)

SECTORS = ObjectType(
    "Sectors",
    description="The controlled list of sectors that profiles may name.",
    fields=[
        Field(
            "sectors",
            MapType(
                SlugType(),
                ObjectType(
                    "Sector",
                    [
                        Field(
                            "name",
                            TextType(max_length=80, name=True),
                            "The sector's name as shown to readers",
                            required=True,
                        ),
                        Field("description", TextType(max_length=300), "What belongs in it, in one line"),
                    ],
                ),
                key_pattern="^[a-z0-9]+(-[a-z0-9]+)*$",
                min_items=1,
            ),
            "Sector slug to its name",
            required=True,
        ),
    ],
)

RATE_PERIOD = TextType(
    pattern=r"^\d{4}(-(0[1-9]|1[0-2]))?$", pattern_hint="write YYYY-MM, or YYYY for a yearly average"
)

CURRENCY_RATES = ObjectType(
    "Currency rates",
    description="Units of each currency per one US dollar, by month, with where they come from.",
    fields=[
        Field("source", ObjectType("Rate source", SOURCE.fields[1:]), "Where the rates come from", required=True),
        Field(
            "method", TextType(max_length=1000), "How the monthly figures were derived from the source", required=True
        ),
        Field(
            "rates",
            MapType(
                CurrencyType(),
                MapType(RATE_PERIOD, AmountType(MIN_RATE, RATE_ADVICE), key_pattern=r"^\d{4}(-\d{2})?$", min_items=1),
                key_pattern="^[A-Z]{3}$",
            ),
            "Currency code to {YYYY-MM: units per US dollar}",
            required=True,
        ),
    ],
)

PAGE_PARTS = {
    "navigation": "The navigation sidebar",
    "toc": "The table of contents",
    "footer": "The footer's links to the previous and next page",
}

PAGE = ObjectType(
    "Page front matter",
    description="The front matter of a hand-written page (content/pages/*.md) or of content/home.md, "
    "between --- lines at its top. Everything else about a page is its Markdown.",
    fields=[
        Field(
            "title",
            TextType(max_length=120, name=True),
            "The page's title in the browser tab and the header; its first heading when left out",
        ),
        Field("description", TextType(max_length=300), "One line for search engines and link previews"),
        Field(
            "hide",
            ListType(EnumType(PAGE_PARTS), unique=True),
            "Parts of the page to leave out: navigation, toc, footer",
        ),
    ],
)

KINDS = {
    "organization": ORGANIZATION,
    "person": PERSON,
    "round": ROUND,
    "sectors": SECTORS,
    "currency-rates": CURRENCY_RATES,
}
