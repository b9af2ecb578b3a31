"""Where the open data files go and what they need to know about the site they go into."""

from __future__ import annotations

from dataclasses import dataclass, field

from roundbook.export.licence import LICENCES, Citation, Licence
from roundbook.model.records import Organization, Profile

API_ROOT = "api/v2"  # the current version of the JSON API: pages and downloads link here
API_SCHEMA = f"{API_ROOT}/schema.json"
API_V1_ROOT = "api/v1"  # frozen, and published beside it only when the plugin's api_v1 option is on
API_V1_SCHEMA = f"{API_V1_ROOT}/schema.json"
FEEDS_ROOT = "feeds"
ROUNDS_FEED = f"{FEEDS_ROOT}/rounds.xml"
DOWNLOADS_ROOT = "data"  # beside the data page, /data/, that links them
API_LISTS = ("companies", "people", "rounds")  # the API's whole-dataset documents: api/v2/rounds.json
GZIP_SUFFIX = ".gz"  # a bulk file's suffix when the plugin's compress_downloads option is on


def document_path(section: str, slug: str, root: str = API_ROOT) -> str:
    """Where a profile's JSON document is: `api/v2/companies/x.json`."""
    return f"{root}/{section}/{slug}.json"


def api_path(profile: Profile, root: str = API_ROOT) -> str:
    return document_path(profile.section, profile.slug, root)


def company_feed_path(slug: str) -> str:
    return f"{FEEDS_ROOT}/companies/{slug}.xml"


def feed_path(organization: Organization) -> str:
    return company_feed_path(organization.slug)


def download_path(name: str) -> str:
    return f"{DOWNLOADS_ROOT}/{name}"


def api_list_path(name: str, root: str = API_ROOT) -> str:
    """Where one of the API's lists is: `api/v2/rounds.json`."""
    return f"{root}/{name}.json"


def page_path(section: str, slug: str, directory_urls: bool = True) -> str:
    """Where a profile page is published, relative to the site root: `companies/x/`, or
    `companies/x.html` without MkDocs' `use_directory_urls`."""
    return f"{section}/{slug}/" if directory_urls else f"{section}/{slug}.html"


@dataclass(frozen=True)
class OutputFile:
    """One file of the built site, made in memory: its path under the site folder and its bytes."""

    path: str
    content: bytes
    media_type: str
    bulk: bool = False  # a CSV download or one of the API's lists (roundbook/export/bulk.py)


@dataclass(frozen=True)
class SiteInfo:
    """The published site: its address (MkDocs `site_url`), its name, and how page URLs look."""

    url: str
    name: str
    directory_urls: bool = True  # MkDocs `use_directory_urls`: /companies/x/ rather than /companies/x.html
    api_v1: bool = False  # also publish the frozen version 1 of the JSON API (the plugin's api_v1 option)
    compress_downloads: bool = False  # bulk files gzipped, as rounds.csv.gz (the plugin's compress_downloads option)
    licence: Licence = field(default_factory=lambda: LICENCES["CC-BY-4.0"])
    citation: Citation | None = None

    def __post_init__(self):
        if not self.url.endswith("/"):
            object.__setattr__(self, "url", self.url + "/")

    @property
    def bulk_suffix(self) -> str:
        """What a bulk file's name ends with beyond its format's own suffix: `.gz`, or nothing."""
        return GZIP_SUFFIX if self.compress_downloads else ""

    def absolute(self, path: str) -> str:
        """The full address of a site-relative path such as `api/v1/index.json`."""
        return self.url + path

    def page_path(self, section: str, slug: str) -> str:
        return page_path(section, slug, self.directory_urls)

    def page_file(self, section: str, slug: str) -> str:
        """The file that serves `page_path`: `companies/x/index.html`."""
        path = self.page_path(section, slug)
        return path + "index.html" if path.endswith("/") else path

    def profile_url(self, profile: Profile) -> str:
        return self.absolute(self.page_path(profile.section, profile.slug))

    def round_url(self, funding_round) -> str:
        return f"{self.profile_url(funding_round.company)}#{funding_round.anchor}"
