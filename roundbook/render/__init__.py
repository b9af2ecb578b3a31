"""Render: turn the model into HTML pages with the page templates (roundbook/shipped.py); write nothing.

Pages are HTML, not Markdown: MkDocs would parse every generated page again with Python-Markdown,
which cost most of a large site's build. The plugin hands these pages to MkDocs as they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from roundbook import addresses

# The data page documents the open data files from their own definitions; export never imports render.
from roundbook.export.api_v2 import addresses as api_addresses
from roundbook.export.api_v2_schema import field_tables
from roundbook.export.csv_files import downloads
from roundbook.export.feed import SITE_FEED_SIZE
from roundbook.export.site import OutputFile
from roundbook.history import Freshness
from roundbook.model import Dataset
from roundbook.model.facets import country_facets, sector_facets
from roundbook.model.records import Organization, Profile
from roundbook.model.timeline import MonthGroup, by_month, global_timeline, year_entries, year_timeline, years
from roundbook.render import views
from roundbook.render.citations import Citations
from roundbook.render.environment import make_environment
from roundbook.render.listings import LISTED, PAGE_SIZE, YEAR_LISTED, Listed, listing_pages, rows_json
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

    def render(self, template: str, page_uri: str, page_links: set[str] | None = None, **context) -> str:
        page_links = set() if page_links is None else page_links
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
        **context,
    ) -> GeneratedPage:
        links: set[str] = set()
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
            frozenset(links),
            meta_description,
            searched,
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

    def iter_pages(self, dataset: Dataset, freshness: Freshness | None = None) -> Iterator[GeneratedPage]:
        """Every page, one at a time, so a large site's pages need not all be in memory at once;
        `freshness` says when records changed (from Git), or nothing when left out."""
        freshness = freshness or Freshness(dataset, None)
        for uri, template, title in index_pages():
            if uri == addresses.HOME:
                yield self.page(
                    uri,
                    template,
                    self.home_title or title,
                    in_nav=True,
                    meta_description=self.home_description,
                    dataset=dataset,
                    freshness=freshness,
                    **self.index_view(template, dataset, freshness),
                )
                continue
            view = self.index_view(template, dataset, freshness)
            if template in LISTED:
                yield from self.listing(
                    uri, template, title, LISTED[template], view, dataset=dataset, freshness=freshness
                )
                continue
            yield self.page(uri, template, title, in_nav=True, dataset=dataset, freshness=freshness, **view)
        for profile in dataset.profiles:
            yield self.profile_page(dataset, profile, freshness)
        yield from self.timeline_pages(dataset)
        sectors, countries = sector_facets(dataset), country_facets(dataset)
        yield self.page(
            addresses.SECTORS.index,
            "facets.html.j2",
            "Sectors",
            in_nav=True,
            title="Sectors",
            column="Sector",
            facets=[(f, f.sector.name, addresses.sector_page(f.key)) for f in sectors],
        )
        for f in sectors:
            yield self.page(
                addresses.sector_page(f.key),
                "facet.html.j2",
                f.sector.name,
                title=f.sector.name,
                description=f.sector.description,
                **views.facet(f.organizations, f.rounds, self.site["latest_count"]),
            )
        yield self.page(
            addresses.COUNTRIES.index,
            "facets.html.j2",
            "Countries",
            in_nav=True,
            title="Countries",
            column="Country",
            facets=[(f, country_text(f.key.upper()), addresses.country_page(f.key)) for f in countries],
        )
        for f in countries:
            yield self.page(
                addresses.country_page(f.key),
                "facet.html.j2",
                country_text(f.key.upper()),
                title=country_text(f.key.upper()),
                description=None,
                **views.facet(f.organizations, f.rounds, self.site["latest_count"]),
            )

    def listing(
        self, uri: str, template: str, title: str, listed: Listed, view: dict, **context
    ) -> Iterator[GeneratedPage]:
        """A listing's pages: its own, in the navigation, then the further ones (roundbook/render/listings.py)."""
        records = view.pop(listed.records)
        for listing in listing_pages(uri, records, self.listing_page_size, listed.label):
            first = listing.number == 1
            yield self.page(
                listing.page_path(listing.number),
                template,
                title if first else f"{title}, page {listing.number}",
                in_nav=first,
                searched=first,
                listing=listing,
                **view,
                **context,
            )

    def listing_files(self, dataset: Dataset) -> Iterator[OutputFile]:
        """The JSON file of every row of each listing, which its page's script sorts, filters and
        pages through (roundbook/render/listings.py)."""
        freshness = Freshness(dataset, None)
        for uri, template, _ in index_pages():
            if template in LISTED:
                listed = LISTED[template]
                yield self._rows_file(uri, listed, self.index_view(template, dataset, freshness)[listed.records])
        for year in self._split_years(dataset):
            uri = addresses.timeline_year(year)
            yield self._rows_file(uri, YEAR_LISTED, views.year_listing(year_entries(dataset, year)))

    def _rows_file(self, uri: str, listed: Listed, records: list) -> OutputFile:
        # The rows are written as on the listing's own page, whose links they keep.
        module = self.env.get_template(listed.row_template).make_module(
            {"page_uri": uri, "citations": Citations(), "page_links": set(), **self.site}
        )
        row = getattr(module, listed.row_macro)
        content = rows_json([str(row(record)) for record in records], [listed.keys(r) for r in records], listed.filters)
        return OutputFile(addresses.listing_rows(uri), content, "application/json")

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

    def timeline_pages(self, dataset: Dataset) -> Iterator[GeneratedPage]:
        """A page per year of the global timeline; a year with more entries than `month_pages_above`
        is a table of its months instead, each month on its own page after it."""
        entries = global_timeline(dataset)
        split_years = self._split_years(dataset)
        months = by_month(entries) if split_years else []  # the whole timeline's, newest first
        for year in years(entries):
            uri, entries_of_year = addresses.timeline_year(year), year_entries(dataset, year)
            # A split year lists its entries a page at a time, from the JSON file of them all.
            listing = (
                listing_pages(uri, views.year_listing(entries_of_year), self.listing_page_size)[0]
                if year in split_years
                else None
            )
            yield self.page(
                uri,
                "timeline_year.html.j2",
                str(year),
                dataset=dataset,
                year=year,
                year_entries=entries_of_year,
                month_pages=year in split_years,
                listing=listing,
            )
            if year not in split_years:
                continue
            for index, group in enumerate(months):
                if group.year == year:
                    earlier = months[index + 1] if index + 1 < len(months) else None
                    later = months[index - 1] if index > 0 else None
                    yield self.month_page(dataset, group, earlier, later, split_years)

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
