"""Where everything the site publishes lives: every page's docs path, URL, output file and anchor,
and the path of every other file (the JSON API, the feeds, the downloads, the schemas).

This is the only module that names the site's folders: render, the exports, the plugin, the
reserved names and the templates (through the `address` global) all ask it. Moving a kind of
page is changing its line below; tests/test_addresses.py moves the company profiles and builds a
site strictly to show that the profiles and every link to them follow.

A page is named by its docs path (`companies/acme.md`), as MkDocs names the pages it is given;
its URL and the file MkDocs writes follow from that path and MkDocs' `use_directory_urls`.
Generated pages are written as HTML and handed to MkDocs as they are, so their links are the final
relative URLs (not the `.md` paths that MkDocs would rewrite in Markdown), following MkDocs' own
rules, and relative so the site works under any address.

The folders of content files (content/companies/, content/rounds/) are the content layout, not
addresses of the site: roundbook/load/files.py owns them.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Protocol, cast

from roundbook.build_caches import per_build_cache
from roundbook.schema.kinds import FORMAT_VERSION

# Records are known here by the kind the content format gives them (`record_kind`), not by their
# classes: validation asks this module for the reserved names, and the model comes after it.


# Read-only members (properties): the model's records may hold them as class variables (record_kind)
# or as properties (a month's anchor), and a round's company may be any Record.
class Record(Protocol):
    @property
    def record_kind(self) -> str: ...  # organization, person, round or sector
    @property
    def slug(self) -> str: ...


class FundingRound(Protocol):
    @property
    def record_kind(self) -> str: ...
    @property
    def id(self) -> str: ...
    @property
    def company(self) -> Record: ...


class Month(Protocol):
    """A month of the timeline (roundbook/model/timeline.py: MonthGroup)."""

    @property
    def year(self) -> int: ...
    @property
    def page_name(self) -> str: ...
    @property
    def anchor(self) -> str: ...


INDEX = "index"  # in every folder of pages, the page that lists the whole folder


@dataclass(frozen=True)
class Folder:
    """A folder of generated pages: its index, and a page per key (a slug, a year, a country code)."""

    name: str

    @property
    def index(self) -> str:
        return f"{self.name}/{INDEX}.md"

    def page(self, key) -> str:
        return f"{self.name}/{key}.md"


# The pages. Each kind's folder is named here once.
HOME = f"{INDEX}.md"
COMPANIES = Folder("companies")  # a profile per organization, investors among them
PEOPLE = Folder("people")  # a profile per person
INVESTORS = Folder("investors")  # its index only: the investors' own pages are their profiles
TIMELINE = Folder("timeline")  # a page per year and, in a year split by month, per month
STATS = Folder("stats")  # its index only
SECTORS = Folder("sectors")  # a page per sector
COUNTRIES = Folder("countries")  # a page per country
DATA_PAGE = "data.md"  # the downloads and the API, documented
CITATION_ANCHOR = "licence-and-citation"  # its heading on how to cite the data, which every page's footer links
CHANGES_PAGE = "changes.md"  # the recent changes

# The other files. The API and the feeds are addresses that programs and feed readers keep, so
# their folders are their own names, not the pages': moving the pages leaves them where they are.
DOWNLOADS = "data"  # the CSV files, beside the data page that links them
FEEDS = "feeds"
ROUNDS_FEED = f"{FEEDS}/rounds.xml"
COMPANY_FEEDS = f"{FEEDS}/companies"
SCHEMAS = f"schemas/v{FORMAT_VERSION}"  # the content format's JSON Schemas; a new format gets a new folder
API_COMPANIES, API_PEOPLE, API_ROUNDS = "companies", "people", "rounds"
API_LISTS = (API_COMPANIES, API_PEOPLE, API_ROUNDS)  # the API's whole-dataset documents: api/v2/rounds.json


@dataclass(frozen=True)
class Api:
    """A version of the static JSON API: its folder and the documents in it."""

    root: str

    @property
    def index(self) -> str:
        return f"{self.root}/index.json"

    @property
    def schema(self) -> str:
        return f"{self.root}/schema.json"

    def list(self, name: str) -> str:
        """One of the lists: `api/v2/rounds.json`."""
        return f"{self.root}/{name}.json"

    def document_at(self, folder: str, slug: str) -> str:
        """A profile's document: `api/v2/companies/x.json`."""
        return f"{self.root}/{folder}/{slug}.json"

    def document(self, profile: Record) -> str:
        return self.document_at(API_COMPANIES if profile.record_kind == "organization" else API_PEOPLE, profile.slug)


API = Api("api/v2")  # the current version: pages and downloads link here
API_V1 = Api("api/v1")  # frozen, and published beside it only when the plugin's api_v1 option is on

# The top level of the built site: folders and pages the site publishes, and what each holds. A
# hand-written page (content/pages/<name>.md, or a folder of pages) may take none of these names
# (roundbook/reserved.py); tests/hostile/test_reserved_names.py builds a site and checks that every
# top-level name in it is here.
SITE_ROOTS = {
    INDEX: "the home page",
    COMPANIES.name: "the company and investor profiles",
    INVESTORS.name: "the list of investors",
    PEOPLE.name: "the people's profiles",
    TIMELINE.name: "the timeline",
    STATS.name: "the statistics page",
    SECTORS.name: "the sector pages",
    COUNTRIES.name: "the country pages",
    DATA_PAGE.removesuffix(".md"): "the data page and the downloads",  # DOWNLOADS is the same name
    CHANGES_PAGE.removesuffix(".md"): "the recent changes page",
    API.root.split("/")[0]: "the JSON API",
    FEEDS: "the Atom feeds",
    SCHEMAS.split("/")[0]: "the JSON Schemas of the content files",
    # Named by the theme, MkDocs, Pagefind and the site's own files, not by Roundbook's pages.
    "assets": "the theme's scripts, styles and icons",
    "search": "the search index",
    "pagefind": "the search index (on large sites)",
    "images": "the images of content/pages/images/",
    "404": "the page shown for an address that does not exist",
    "sitemap": "the sitemap",
    "citation": "the CITATION.cff file",
}


# Pages of records.


def profile_folder(profile: Record) -> Folder:
    return COMPANIES if profile.record_kind == "organization" else PEOPLE


def profile_page(profile: Record) -> str:
    return profile_folder(profile).page(profile.slug)


def former_profile_page(profile: Record, former_slug: str) -> str:
    """Where the profile was published under a slug it had before: a redirect stands there."""
    return profile_folder(profile).page(former_slug)


def round_anchor(round_id: str) -> str:
    """From the round's id, its file name, which never changes when other rounds are added."""
    return f"round-{round_id}"


def round_page(funding_round: FundingRound) -> str:
    """The round's row on its company's profile: `companies/acme.md#round-2024-seed`."""
    return f"{profile_page(funding_round.company)}#{round_anchor(funding_round.id)}"


def sector_page(key: str) -> str:
    return SECTORS.page(key)


def country_page(code: str) -> str:
    return COUNTRIES.page(code.lower())


def timeline_year(year: int) -> str:
    return TIMELINE.page(year)


def timeline_month(group: Month) -> str:
    """A month's own page in a year split by month: `timeline/2025/12.md`, `timeline/2025/undated.md`."""
    return f"{TIMELINE.name}/{group.year}/{group.page_name}.md"


def month_anchor(group: Month) -> str:
    """A month's heading on its year's page."""
    return f"month-{group.anchor}"


def month_on_year_page(group: Month) -> str:
    return f"{timeline_year(group.year)}#{month_anchor(group)}"


# A listing (the companies, the investors, a year of the timeline) too long for one page: its page
# shows the first rows, and every row is in a JSON file, which the page's script sorts, filters
# and pages through (roundbook/render/listings.py); without the script, further pages hold the
# rest. Both are in a folder of the listing's own, `list` (companies/list/2/,
# companies/list/rows.json), a reserved slug (roundbook/reserved.py): in companies/ it would
# otherwise be a profile's.
LISTING_FOLDER = "list"
LISTING_ROWS = "rows.json"


def _listing_folder(listing: str) -> str:
    """Where the further pages and the rows of the listing whose page is `listing` go:
    `companies/list` for companies/index.md, `timeline/2025/list` for timeline/2025.md."""
    stem = listing.removesuffix(".md")
    return f"{stem.removesuffix(f'/{INDEX}')}/{LISTING_FOLDER}" if stem != INDEX else LISTING_FOLDER


def listing_page(listing: str, number: int) -> str:
    """Page `number` of the listing whose first page is `listing`: `companies/list/2.md`."""
    return listing if number == 1 else f"{_listing_folder(listing)}/{number}.md"


def listing_rows(listing: str) -> str:
    """The JSON file of every row of the listing whose page is `listing`: `companies/list/rows.json`."""
    return f"{_listing_folder(listing)}/{LISTING_ROWS}"


def link_target(target: Record | FundingRound | str) -> str:
    """The docs path of what a link to `target` points at; a string is a docs path already."""
    if isinstance(target, str):
        return target
    if target.record_kind == "round":  # only rounds are of that kind
        return round_page(cast(FundingRound, target))
    if target.record_kind == "sector":
        return sector_page(cast(Record, target).slug)
    return profile_page(cast(Record, target))


# Other files.


def company_feed(slug: str) -> str:
    return f"{COMPANY_FEEDS}/{slug}.xml"


def feed_of(organization: Record) -> str:
    return company_feed(organization.slug)


def download(name: str) -> str:
    return f"{DOWNLOADS}/{name}"


def schema_file(name: str) -> str:
    """Where a content schema is published: `schemas/v1/round.schema.json`."""
    return f"{SCHEMAS}/{name}"


# From docs paths to URLs, output files and links.


@per_build_cache(maxsize=1 << 17)
def page_url(path: str, directory_urls: bool = True) -> str:
    """The site-relative URL of a docs path: `companies/acme.md` -> `companies/acme/`, or
    `companies/acme.html` without `use_directory_urls`.

    Paths of other files (`api/v1/rounds.json`) are their own URL; the home page is ``."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if not directory_urls:
        return stem + ".html"
    if stem == INDEX:
        return ""
    if stem.endswith("/" + INDEX):
        return stem[: -len(INDEX)]
    return stem + "/"


def page_file(path: str, directory_urls: bool = True) -> str:
    """The file that serves the page at docs path `path`: `companies/x/index.html`."""
    url = page_url(path, directory_urls)
    return url + "index.html" if url.endswith("/") else url


@per_build_cache(maxsize=1 << 17)
def page_folder(path: str, directory_urls: bool = True) -> str:
    """The folder a browser resolves the page's relative links against (`` at the root)."""
    url = page_url(path, directory_urls)
    return url.rstrip("/") if url.endswith("/") or url == "" else posixpath.dirname(url)


@per_build_cache(maxsize=1 << 17)
def _parts(url: str) -> tuple[str, ...]:
    """A site-relative URL's folders and name: a large site asks again for the same few thousand."""
    return tuple(part for part in url.split("/") if part)


def _relative(target_url: str, folder: str) -> str:
    # posixpath.relpath's answer, without its two calls to os.path.abspath: every profile is its
    # own folder, so a large site's links are mostly asked once and no cache of the answer helps;
    # each URL's parts are asked for often, and cached. Both are site-relative URLs: no `.` or
    # `..` in them. This was most of the time of the `link` filter.
    target_parts, folder_parts = _parts(target_url), _parts(folder)
    common = 0
    for target_part, folder_part in zip(target_parts, folder_parts, strict=False):  # the common prefix of two paths
        if target_part != folder_part:
            break
        common += 1
    relative = "../" * (len(folder_parts) - common) + "/".join(target_parts[common:])
    if target_url == "" or target_url.endswith("/"):
        return relative + "/" if relative and not relative.endswith("/") else relative or "./"
    return relative.rstrip("/") or "."


def relative_url(from_path: str, to_path: str, directory_urls: bool = True) -> str:
    """The link from the page at docs path `from_path` to the page or file `to_path` (`#anchor` kept)."""
    path, hash_mark, anchor = to_path.partition("#")
    if not path:
        return hash_mark + anchor
    return _relative(page_url(path, directory_urls), page_folder(from_path, directory_urls)) + hash_mark + anchor
