"""Render: turn the model into HTML pages with the page templates (roundbook/shipped.py); write nothing.

Pages are HTML, not Markdown: MkDocs would parse every generated page again with Python-Markdown,
which cost most of a large site's build. The plugin hands these pages to MkDocs as they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from markupsafe import Markup

from roundbook import addresses

# The data page documents the open data files from their own definitions; export never imports render.
from roundbook.export.api_v2 import addresses as api_addresses
from roundbook.export.api_v2_schema import field_tables
from roundbook.export.csv_files import downloads
from roundbook.export.feed import SITE_FEED_SIZE
from roundbook.export.site import KnownParts, OutputFile, each_part, part_lengths
from roundbook.history import Freshness
from roundbook.model import Dataset
from roundbook.model.facets import country_facets, sector_facets
from roundbook.model.records import Organization, Profile
from roundbook.model.timeline import MonthGroup, by_month, global_timeline, year_entries, year_timeline, years
from roundbook.render import views
from roundbook.render.citations import Citations
from roundbook.render.environment import PageLinks, make_environment
from roundbook.render.listings import (
    LISTED,
    PAGE_SIZE,
    YEAR_LISTED,
    Listing,
    ListingPage,
    listing_pages,
    row_text,
    rows_json,
)
from roundbook.render.timeline_pages import MONTH_PAGES_ABOVE, month_path
from roundbook.text import country_text

LATEST_ON_TIMELINE = (
    100  # entries on the timeline's index itself; each year's page (or its months' pages) holds all of its own
)


@dataclass(frozen=True)
class GeneratedPage:
    """One page for the site: where it goes, its HTML, and the data file its edit link opens."""

    src_uri: str
    html: str
    title: str
    source_path: str | None  # None for index pages, whose edit link opens their template
    in_nav: bool
    template: str
    alternates: tuple[dict, ...] = ()  # its own feeds: {href (site-relative), type, title}
    last_changed: dt.datetime | None = None  # when its data last changed, from Git
    links: frozenset[str] = frozenset()  # the docs paths it links to, anchors kept (roundbook/addresses.py)
    description: str | None = None  # for search engines, from content/home.md's front matter; plain text
    searched: bool = True  # False for a further page of a listing: its rows are found on their profiles
    preload: str | None = None  # a file its script fetches at once (a listing's rows): the browser starts with the page


@dataclass(frozen=True)
class PageJob:
    """A page to render: its docs path, known before it is rendered (an incremental build leaves
    out the pages it has already, roundbook/site/incremental/), and the call that renders it."""

    src_uri: str
    render: Callable[[], GeneratedPage]

    def __call__(self) -> GeneratedPage:
        return self.render()


def index_pages() -> list[tuple[str, str, str]]:
    """Pages listed in the navigation: (where it goes, template, title). Asked at each build, so
    that where the addresses module puts them is where they go."""
    return [
        (addresses.HOME, "home.html.j2", "Home"),
        (addresses.COMPANIES.index, "companies.html.j2", "Companies"),
        (addresses.INVESTORS.index, "investors.html.j2", "Investors"),
        (addresses.PEOPLE.index, "people.html.j2", "People"),
        (addresses.TIMELINE.index, "timeline.html.j2", "Timeline"),
        (addresses.STATS.index, "stats.html.j2", "Statistics"),
        (addresses.DATA_PAGE, "data.html.j2", "Data"),
        (addresses.CHANGES_PAGE, "changes.html.j2", "Recent changes"),
    ]


def _alternates(profile: Profile) -> tuple[dict, ...]:
    """A company's own feed, linked from the head of its profile (roundbook/theme/main.html)."""
    if not isinstance(profile, Organization):
        return ()
    return (
        {
            "href": addresses.feed_of(profile),
            "type": "application/atom+xml",
            "title": f"{profile.name}: funding rounds",
        },
    )


def _open_data_context(directory_urls: bool, bulk_suffix: str) -> dict:
    """What the data page documents: the API's fields and addresses and the downloads' columns,
    from their own definitions; `bulk_suffix` (`.gz` or nothing) ends the bulk files' names."""
    # The types are HTML links that Roundbook wrote itself.
    api_tables = [
        {**table, "fields": [(name, Markup(kind), meaning) for name, kind, meaning in table["fields"]]}
        for table in field_tables()
    ]
    return {
        "api_tables": api_tables,
        "api_addresses": api_addresses(directory_urls),
        "downloads": downloads(),
        "bulk_suffix": bulk_suffix,
        "download_path": lambda name: addresses.download(name + bulk_suffix),
        "api_list_path": lambda name: addresses.API.list(name) + bulk_suffix,
        "site_feed_size": SITE_FEED_SIZE,
    }


class Renderer:
    def __init__(
        self,
        templates_dir: Path | str,
        site_name: str = "Roundbook",
        home_text: str = "",
        site=None,
        directory_urls: bool = True,
        month_pages_above: int = MONTH_PAGES_ABOVE,
        home_title: str | None = None,
        home_description: str | None = None,
        listing_page_size: int = PAGE_SIZE,
    ):
        """`site` (roundbook.export.SiteInfo) gives the data page the licence and how to cite the data;
        `directory_urls` is MkDocs' use_directory_urls, which decides every page's URL; a year of the
        timeline with more than `month_pages_above` entries gets a page per month (see
        roundbook/render/timeline_pages.py); a listing shows `listing_page_size` rows a page
        (roundbook/render/listings.py)."""
        self.env = make_environment(Path(templates_dir))
        self.month_pages_above = month_pages_above
        self.listing_page_size = listing_page_size
        self.home_title, self.home_description = home_title, home_description  # content/home.md's front matter
        self.site = {
            "directory_urls": directory_urls,
            "site_name": site_name,
            "home_text": home_text,
            "latest_count": LATEST_ON_TIMELINE,
            "licence": site.licence if site else None,
            "citation": site.citation if site else None,
            "api_v1": bool(site and site.api_v1),
            **_open_data_context(directory_urls, site.bulk_suffix if site else ""),
        }

    def render(self, template: str, page_uri: str, page_links: PageLinks | None = None, **context) -> str:
        """`page_links` gathers the docs paths the page links to (PageLinks.paths)."""
        page_links = PageLinks(page_uri, self.site["directory_urls"]) if page_links is None else page_links
        return self.env.get_template(template).render(
            page_uri=page_uri, citations=Citations(), page_links=page_links, **self.site, **context
        )

    def page(
        self,
        src_uri: str,
        template: str,
        page_title: str,
        in_nav: bool = False,
        source_path: str | None = None,
        alternates: tuple[dict, ...] = (),
        last_changed: dt.datetime | None = None,
        meta_description: str | None = None,
        searched: bool = True,
        preload: str | None = None,
        **context,
    ) -> GeneratedPage:
        links = PageLinks(src_uri, self.site["directory_urls"])
        html = self.render(template, src_uri, page_links=links, **context)
        return GeneratedPage(
            src_uri,
            html,
            page_title,
            source_path,
            in_nav,
            template,
            alternates,
            last_changed,
            frozenset(links.paths),
            meta_description,
            searched,
            preload,
        )

    def profile_page(self, dataset: Dataset, profile: Profile, freshness: Freshness | None = None) -> GeneratedPage:
        template = "organization.html.j2" if isinstance(profile, Organization) else "person.html.j2"
        freshness = freshness or Freshness(dataset, None)
        changed = freshness.of_profile(profile)
        return self.page(
            addresses.profile_page(profile),
            template,
            profile.name,
            source_path=profile.source_path,
            alternates=_alternates(profile),
            last_changed=changed,
            dataset=dataset,
            profile=profile,
            freshness=freshness,
            **views.profile(profile, changed),
        )

    def page_jobs(self, dataset: Dataset, freshness: Freshness | None = None) -> list[PageJob]:
        """Every page as a call that renders it, in the site's order (`freshness` says when records
        changed, from Git, or nothing when left out): what each page needs of the
        whole dataset (facets, the timeline's months) is worked out here, once, so that the calls
        can run in any order and in any process that holds the dataset (roundbook/site/workers.py)."""
        freshness = freshness or Freshness(dataset, None)
        jobs: list[PageJob] = []
        for uri, template, title in index_pages():
            if template in LISTED:
                jobs += self._listing_jobs(dataset, freshness, uri, template, title)
                continue
            jobs.append(PageJob(uri, partial(self._index_page, dataset, freshness, uri, template, title)))
        jobs += [
            PageJob(addresses.profile_page(profile), partial(self.profile_page, dataset, profile, freshness))
            for profile in dataset.profiles
        ]
        jobs += self.timeline_jobs(dataset)
        sectors, countries = sector_facets(dataset), country_facets(dataset)
        jobs.append(
            PageJob(
                addresses.SECTORS.index,
                partial(
                    self.page,
                    addresses.SECTORS.index,
                    "facets.html.j2",
                    "Sectors",
                    in_nav=True,
                    title="Sectors",
                    column="Sector",
                    noun=("sector", "sectors"),
                    facets=[(f, f.sector.name, addresses.sector_page(f.key)) for f in sectors],
                ),
            )
        )
        jobs += [
            PageJob(
                addresses.sector_page(f.key),
                partial(
                    self._facet_page,
                    addresses.sector_page(f.key),
                    f.sector.name,
                    f.sector.description,
                    f.organizations,
                    f.rounds,
                ),
            )
            for f in sectors
        ]
        jobs.append(
            PageJob(
                addresses.COUNTRIES.index,
                partial(
                    self.page,
                    addresses.COUNTRIES.index,
                    "facets.html.j2",
                    "Countries",
                    in_nav=True,
                    title="Countries",
                    column="Country",
                    noun=("country", "countries"),
                    facets=[(f, country_text(f.key.upper()), addresses.country_page(f.key)) for f in countries],
                ),
            )
        )
        jobs += [
            PageJob(
                addresses.country_page(f.key),
                partial(
                    self._facet_page,
                    addresses.country_page(f.key),
                    country_text(f.key.upper()),
                    None,
                    f.organizations,
                    f.rounds,
                ),
            )
            for f in countries
        ]
        return jobs

    def _index_page(self, dataset: Dataset, freshness: Freshness, uri: str, template: str, title: str) -> GeneratedPage:
        """A page of the navigation (index_pages); the home page takes content/home.md's title and description."""
        home = uri == addresses.HOME
        return self.page(
            uri,
            template,
            (self.home_title or title) if home else title,
            in_nav=True,
            meta_description=self.home_description if home else None,
            dataset=dataset,
            freshness=freshness,
            **self.index_view(template, dataset, freshness),
        )

    def _facet_page(self, uri: str, name: str, description: str | None, organizations, rounds) -> GeneratedPage:
        """A sector's or a country's page."""
        return self.page(
            uri,
            "facet.html.j2",
            name,
            title=name,
            description=description,
            **views.facet(organizations, rounds, self.site["latest_count"]),
        )

    def _listing_jobs(
        self, dataset: Dataset, freshness: Freshness, uri: str, template: str, title: str
    ) -> list[PageJob]:
        """A listing's pages, each as a call that renders it: its own, in the navigation, then the
        further ones (roundbook/render/listings.py). The listing's view is worked out once, here."""
        listed = LISTED[template]
        view = self.index_view(template, dataset, freshness)
        records = view.pop(listed.records)
        return [
            PageJob(
                listing.page_path(listing.number),
                partial(self._listing_page, listing, template, title, view, dataset=dataset, freshness=freshness),
            )
            for listing in listing_pages(uri, records, self.listing_page_size, listed.label)
        ]

    def _listing_page(self, listing: ListingPage, template: str, title: str, view: dict, **context) -> GeneratedPage:
        first = listing.number == 1
        return self.page(
            listing.page_path(listing.number),
            template,
            title if first else f"{title}, page {listing.number}",
            in_nav=first,
            searched=first,
            preload=listing.rows_file if first else None,
            listing=listing,
            **view,
            **context,
        )

    def listings(self, dataset: Dataset) -> list[Listing]:
        """Every listing that has a JSON file of its rows (roundbook/render/listings.py)."""
        freshness = Freshness(dataset, None)
        found = []
        for uri, template, _ in index_pages():
            if template in LISTED:
                listed = LISTED[template]
                found.append(Listing(uri, listed, self.index_view(template, dataset, freshness)[listed.records]))
        for year in sorted(self._split_years(dataset), reverse=True):
            entries = views.year_listing(year_entries(dataset, year))
            found.append(Listing(addresses.timeline_year(year), YEAR_LISTED, entries))
        return found

    def rows_file(self, listing: Listing, known: KnownParts | None = None) -> OutputFile:
        """The JSON file of a listing's rows, which its page's script sorts, filters and pages
        through; `known(index)` gives the text of a row that a build made before, if it can."""
        # The rows are written as on the listing's own page, whose links they keep.
        citations = Citations()
        module = self.env.get_template(listing.listed.row_template).make_module(
            {
                "page_uri": listing.uri,
                "citations": citations,
                "page_links": PageLinks(listing.uri, self.site["directory_urls"]),
                **self.site,
            }
        )
        row = getattr(module, listing.listed.row_macro)
        texts = each_part(
            listing.records, known, lambda record: row_text(str(row(record)), listing.listed.keys(record))
        )
        # A row that cites numbers its sources after those of the rows before it: no row of such a
        # listing stands alone, and none is offered to the next build.
        parts = () if citations.sources else part_lengths(known, texts)
        content = rows_json(texts, listing.listed.filters)
        return OutputFile(addresses.listing_rows(listing.uri), content, "application/json", parts=parts)

    def index_view(self, template: str, dataset: Dataset, freshness: Freshness) -> dict:
        """What the index page of `template` shows besides the dataset (roundbook/render/views.py)."""
        if template == "timeline.html.j2":
            return views.timeline(dataset, self.site["latest_count"])
        if template == "changes.html.j2":
            return views.changes(freshness)
        by_dataset = {
            "home.html.j2": views.home,
            "companies.html.j2": views.companies,
            "investors.html.j2": views.investors,
            "people.html.j2": views.people,
            "data.html.j2": views.data,
            "stats.html.j2": views.statistics,
        }
        return by_dataset[template](dataset) if template in by_dataset else {}

    def timeline_jobs(self, dataset: Dataset) -> list[PageJob]:
        """A page per year of the global timeline, each as a call that renders it; a year with more
        entries than `month_pages_above` is a table of its months instead, each month on its own
        page after it."""
        entries = global_timeline(dataset)
        split_years = self._split_years(dataset)
        months = by_month(entries) if split_years else []  # the whole timeline's, newest first
        jobs: list[PageJob] = []
        for year in years(entries):
            jobs.append(
                PageJob(addresses.timeline_year(year), partial(self._year_page, dataset, year, year in split_years))
            )
            if year not in split_years:
                continue
            for index, group in enumerate(months):
                if group.year == year:
                    earlier = months[index + 1] if index + 1 < len(months) else None
                    later = months[index - 1] if index > 0 else None
                    job = partial(self.month_page, dataset, group, earlier, later, split_years)
                    jobs.append(PageJob(addresses.timeline_month(group), job))
        return jobs

    def _year_page(self, dataset: Dataset, year: int, month_pages: bool) -> GeneratedPage:
        uri, entries_of_year = addresses.timeline_year(year), year_entries(dataset, year)
        # A split year lists its entries a page at a time, from the JSON file of them all.
        listing = (
            listing_pages(uri, views.year_listing(entries_of_year), self.listing_page_size)[0] if month_pages else None
        )
        return self.page(
            uri,
            "timeline_year.html.j2",
            str(year),
            dataset=dataset,
            year=year,
            year_entries=entries_of_year,
            month_pages=month_pages,
            listing=listing,
            preload=listing.rows_file if listing else None,
        )

    def _split_years(self, dataset: Dataset) -> set[int]:
        """The years of the timeline with more entries than `month_pages_above`: a page per month."""
        return {
            year
            for year in years(global_timeline(dataset))
            if len(year_timeline(dataset, year)) > self.month_pages_above
        }

    def month_page(
        self,
        dataset: Dataset,
        group: MonthGroup,
        earlier: MonthGroup | None,
        later: MonthGroup | None,
        split_years: set[int],
    ) -> GeneratedPage:
        """One month of a split year; `earlier` and `later` are the months beside it on the whole
        timeline, linked to their own pages or, in a year not split, to their place on its page."""
        title = self.env.filters["month_label"](group)
        return self.page(
            addresses.timeline_month(group),
            "timeline_month.html.j2",
            title,
            dataset=dataset,
            group=group,
            year_path=addresses.timeline_year(group.year),
            earlier=earlier,
            earlier_path=month_path(earlier, split_years) if earlier else None,
            later=later,
            later_path=month_path(later, split_years) if later else None,
        )
