"""The dependency graph: which record files each page and open data file is made from.

A profile's page shows its own record, its rounds and the rounds it invested in, the companies
and investors of those rounds (their names, in links), the people with a role at it or the
organizations a person has a role at, its parent and subsidiaries. All of those are within two
steps of the profile in the graph of references between records (a round to its company and
its investors, a person to the organizations of their roles, an organization to its parent),
so a profile's outputs (its page, its JSON documents, a company's feed, the redirects from its
former addresses) are made from the files of its two-step neighbourhood, and nothing else but
the settings (inputs.py). Their fingerprint is the digest of those files' digests and of the
Git dates of each (pages show when a record last changed).

A year of the timeline shows its entries (rounds, launches, milestones), each with its company
and the investors of its round; a month of a busy year the same, with links to the months beside
it; a sector's or a country's page its companies, their rounds and those rounds' investors: each
such page is made from those files. A further page of the companies' or the investors' listing
(companies/list/2/) shows its rows, each row what its profile's page is made from, and its place
among the listing's pages: its fingerprint is made of those.

The neighbourhoods are found in the model of this build, so a round added to a company, an
investor taken out of a round or a renamed file changes the fingerprint of every page it feeds
or fed. Everything else (the index pages, the lists, downloads and the site's feed) shows the
whole dataset, and is made again whenever any record changes.

A site whose own templates replace page templates may show anything on a profile: there, every
page is made again after any change, and only a build with no change at all reuses them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence

from roundbook import addresses
from roundbook.addresses import API, API_V1
from roundbook.history import Freshness
from roundbook.model import Dataset
from roundbook.model.facets import country_facets, sector_facets
from roundbook.model.records import Organization, Profile
from roundbook.model.timeline import TimelineEntry, by_month, global_timeline, year_timeline, years
from roundbook.render.listings import PAGE_SIZE, YEAR_LISTED, Listing, ListingPage, listing_pages
from roundbook.site.incremental.inputs import Digest


def references(dataset: Dataset) -> dict[str, set[str]]:
    """The record files each record file names: a round its company and its investors, a person
    the organizations of their roles, an organization its parent."""
    named: dict[str, set[str]] = defaultdict(set)
    for funding_round in dataset.rounds:
        named[funding_round.source_path].add(funding_round.company.source_path)
        named[funding_round.source_path].update(investor.source_path for investor in funding_round.investors)
    for organization in dataset.organizations.values():
        if organization.parent is not None:
            named[organization.source_path].add(organization.parent.source_path)
        for role in organization.roles:
            named[role.person.source_path].add(organization.source_path)
    return named


def adjacency(named: Mapping[str, set[str]]) -> dict[str, set[str]]:
    """The references between record files, in both directions."""
    adjacent: dict[str, set[str]] = defaultdict(set)
    for one, others in named.items():
        for other in others:
            adjacent[one].add(other)
            adjacent[other].add(one)
    return adjacent


def reach(adjacent: Mapping[str, set[str]], path: str) -> set[str]:
    """`path` and the files within two references of it. The relation is symmetric: a profile's
    page is made from a file exactly when that file is within two references of the profile."""
    near = adjacent.get(path, set())
    found = {path, *near}
    for other in near:
        found |= adjacent.get(other, set())
    return found


def neighbourhoods(dataset: Dataset) -> dict[str, set[str]]:
    """Each profile's file, with the files within two references of it (itself included)."""
    adjacent = adjacency(references(dataset))
    return {profile.source_path: reach(adjacent, profile.source_path) for profile in dataset.profiles}


def profile_outputs(profile: Profile, directory_urls: bool, api_v1: bool) -> list[str]:
    """The page (first) and the files made from one profile alone (roundbook/addresses.py says where)."""
    outputs = [addresses.profile_page(profile), API.document(profile)]
    if api_v1:
        outputs.append(API_V1.document(profile))
    if isinstance(profile, Organization):
        outputs.append(addresses.feed_of(profile))
        outputs += [
            addresses.page_file(addresses.former_profile_page(profile, slug), directory_urls)
            for slug in profile.former_slugs
        ]
    return outputs


class Fingerprints:
    """The fingerprint of every page and open data file of a build, by its path (a page by its
    docs path, `companies/x.md`; a file by its path in the site)."""

    def __init__(
        self,
        dataset: Dataset,
        freshness: Freshness,
        settings: str,
        pages_settings: str,
        everything: str,
        records: Mapping[str, str],
        directory_urls: bool,
        api_v1: bool,
        month_pages_above: int,
        by_record: bool = True,
        listings: Sequence[Listing] = (),
        listing_page_size: int = PAGE_SIZE,
    ) -> None:
        """`settings`: the settings key, and `pages_settings` with what every page shows besides (the
        search engine's part); `everything`: the digest of the settings, every record
        file and the history, the fingerprint of what shows the whole dataset; `records`: each
        record file's digest; `month_pages_above`: the renderer's, from which a year is split by
        month; `by_record`: False when profiles may show anything (see above); `listings`: the
        renderer's, cut into pages of `listing_page_size` rows."""
        self.everything = everything
        self.by_path: dict[str, str | None] = {}
        self.by_profile: dict[str, str | None] = {}  # what each profile's file and its neighbours digest to
        self.files: list[str] = []  # the open data files made from one profile alone
        if not by_record:
            return
        profiles = {profile.source_path: profile for profile in dataset.profiles}
        made_from_files = MadeFrom(records, freshness)
        for path, near in neighbourhoods(dataset).items():
            made_from = self.by_profile[path] = made_from_files(near)
            page, *files = profile_outputs(profiles[path], directory_urls, api_v1)
            self.by_path[page] = _fingerprint(pages_settings, made_from)
            for file in files:
                self.by_path[file] = _fingerprint(settings, made_from)
                self.files.append(file)
        for page, near, shape in [*timeline_pages(dataset, month_pages_above), *facet_pages(dataset)]:
            self.by_path[page] = _fingerprint(pages_settings, made_from_files(near), shape)
        for listing in listings:
            for further in further_listing_pages(listing, listing_page_size):
                rows = [self.by_profile.get(listing.listed.profile(record).source_path) for record in further.rows]
                place = (further.number, further.total, further.page_count, further.size, further.labels)
                self.by_path[further.page_path(further.number)] = (
                    None
                    if None in rows
                    else Digest("listing page", pages_settings, further.listing, place, rows).hexdigest()
                )

    def of(self, path: str) -> str | None:
        """The fingerprint of the page or file at `path`; None: not to be reused."""
        return self.by_path.get(path, self.everything)

    def of_profile(self, profile: Profile) -> str | None:
        """The fingerprint of what a profile's page is made from, which holds all that a row about
        it in a listing, a CSV download or a list of the API shows (parts.py); None: not to be reused."""
        return self.by_profile.get(profile.source_path)


def further_listing_pages(listing: Listing, size: int) -> list[ListingPage]:
    """A listing's pages after its first (which is in the nav, with filters drawn from the whole
    dataset): each shows its rows, each row what its profile's page is made from, and where it
    stands among the listing's pages (its number, the pages' count and labels, the total)."""
    if listing.listed is YEAR_LISTED:  # a year's months have pages of their own, not the listing
        return []
    return listing_pages(listing.uri, listing.records, size, listing.listed.label)[1:]


def timeline_pages(dataset: Dataset, month_pages_above: int) -> Iterator[tuple[str, set[str], object]]:
    """Each page of the timeline's years and months (roundbook/render/__init__.py, timeline_pages),
    with the files of its entries and what else it shows: whether its year has a page per month,
    and for a month, which months there are and which years are split (the links beside it)."""
    entries = global_timeline(dataset)
    split = {year for year in years(entries) if len(year_timeline(dataset, year)) > month_pages_above}
    months = by_month(entries) if split else []
    shape = ([(group.year, group.month) for group in months], sorted(split))
    for year in years(entries):
        yield addresses.timeline_year(year), _entry_files(year_timeline(dataset, year)), ("year", year in split)
        if year in split:
            for group in months:
                if group.year == year:
                    yield addresses.timeline_month(group), _entry_files(group.entries), ("month", shape)


def _entry_files(entries: list[TimelineEntry]) -> set[str]:
    files = set()
    for entry in entries:
        files.add(entry.organization.source_path)
        if entry.round is not None:
            files.add(entry.round.source_path)
            files.update(investor.source_path for investor in entry.round.investors)
    return files


def facet_pages(dataset: Dataset) -> Iterator[tuple[str, set[str], object]]:
    """Each sector's and country's page, with the files of its companies, their rounds and the
    rounds' investors."""
    for facets, page in (
        (sector_facets(dataset), addresses.sector_page),
        (country_facets(dataset), addresses.country_page),
    ):
        for facet in facets:
            files = {organization.source_path for organization in facet.organizations}
            for funding_round in facet.rounds:
                files.add(funding_round.source_path)
                files.update(investor.source_path for investor in funding_round.investors)
            yield page(facet.key), files, "facet"


class MadeFrom:
    """The digest of the files an output is made from, each with its Git date; None when one of
    them is not a record the scan saw, and no fingerprint can be trusted. Each file's part is
    made once, and the files are put in order by their place among all the records' paths: at
    10,000 companies the profiles' neighbourhoods and the timeline's and facets' pages name 1.5
    million files, most of them many times, and sorting their paths took as long as the rest."""

    def __init__(self, records: Mapping[str, str], freshness: Freshness) -> None:
        paths = sorted(records)
        self.place = {path: index for index, path in enumerate(paths)}
        self.parts = [self._part(path, records[path], freshness) for path in paths]

    def __call__(self, paths: set[str]) -> str | None:
        place = self.place
        if not all(path in place for path in paths):
            return None
        parts = self.parts
        return Digest(
            "records", b"".join([parts[index] for index in sorted([place[path] for path in paths])])
        ).hexdigest()

    @staticmethod
    def _part(path: str, content: str, freshness: Freshness) -> bytes:
        changed = freshness.of_file(path)
        data = repr((path, content, changed.isoformat() if changed else None)).encode("utf-8", "surrogatepass")
        return len(data).to_bytes(8, "little") + data  # labelled by its length, as Digest does


def _fingerprint(settings: str, made_from: str | None, shape: object = None) -> str | None:
    return Digest("output", settings, made_from, shape).hexdigest() if made_from is not None else None
