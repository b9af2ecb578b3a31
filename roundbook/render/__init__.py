"""Render: turn the model into Markdown pages with the templates in `templates/`; write nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from roundbook.model import Dataset
from roundbook.model.facets import country_facets, sector_facets
from roundbook.model.records import Profile
from roundbook.model.timeline import global_timeline, years
from roundbook.render.citations import Citations
from roundbook.render.environment import make_environment
from roundbook.render.formatting import country_text

LATEST_ON_TIMELINE = 100  # entries on /timeline/ itself; each year's page holds all of its own


@dataclass(frozen=True)
class GeneratedPage:
    """One page for the site: where it goes, its Markdown, and the data file its edit link opens."""

    src_uri: str
    markdown: str
    title: str
    source_path: str | None  # None for index pages, whose edit link opens their template
    in_nav: bool
    template: str


# Pages listed in the navigation: (where it goes, template, title).
INDEX_PAGES = [
    ("index.md", "home.md.j2", "Home"),
    ("companies/index.md", "companies.md.j2", "Companies"),
    ("investors/index.md", "investors.md.j2", "Investors"),
    ("people/index.md", "people.md.j2", "People"),
    ("timeline/index.md", "timeline.md.j2", "Timeline"),
    ("stats/index.md", "stats.md.j2", "Statistics"),
]


class Renderer:
    def __init__(self, templates_dir: Path | str, site_name: str = "Roundbook", home_text: str = ""):
        self.env = make_environment(Path(templates_dir))
        self.site = {"site_name": site_name, "home_text": home_text, "latest_count": LATEST_ON_TIMELINE}

    def render(self, template: str, page_uri: str, **context) -> str:
        return self.env.get_template(template).render(page_uri=page_uri, citations=Citations(), **self.site, **context)

    def page(self, src_uri: str, template: str, page_title: str, in_nav: bool = False,
             source_path: str | None = None, **context) -> GeneratedPage:
        return GeneratedPage(src_uri, self.render(template, src_uri, **context), page_title, source_path, in_nav, template)

    def profile_page(self, dataset: Dataset, profile: Profile) -> GeneratedPage:
        template = "organization.md.j2" if profile.section == "companies" else "person.md.j2"
        return self.page(f"{profile.section}/{profile.slug}.md", template, profile.name,
                         source_path=profile.source_path, dataset=dataset, profile=profile)

    def render_all(self, dataset: Dataset) -> list[GeneratedPage]:
        pages = [self.page(uri, template, title, in_nav=True, dataset=dataset) for uri, template, title in INDEX_PAGES]
        pages += [self.profile_page(dataset, profile) for profile in dataset.profiles]
        pages += [self.page(f"timeline/{year}.md", "timeline_year.md.j2", str(year), dataset=dataset, year=year)
                  for year in years(global_timeline(dataset))]
        sectors, countries = sector_facets(dataset), country_facets(dataset)
        pages.append(self.page("sectors/index.md", "facets.md.j2", "Sectors", in_nav=True, title="Sectors",
                               column="Sector", facets=[(f, f.sector.name, f"{f.key}.md") for f in sectors]))
        pages += [self.page(f"sectors/{f.key}.md", "facet.md.j2", f.sector.name, title=f.sector.name,
                            description=f.sector.description, organizations=f.organizations, rounds=f.rounds)
                  for f in sectors]
        pages.append(self.page("countries/index.md", "facets.md.j2", "Countries", in_nav=True, title="Countries",
                               column="Country", facets=[(f, country_text(f.key.upper()), f"{f.key}.md") for f in countries]))
        pages += [self.page(f"countries/{f.key}.md", "facet.md.j2", country_text(f.key.upper()),
                            title=country_text(f.key.upper()), description=None,
                            organizations=f.organizations, rounds=f.rounds)
                  for f in countries]
        return pages
