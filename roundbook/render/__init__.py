"""Render: turn the model into Markdown pages with the templates in `templates/`; write nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from roundbook.history import Freshness
from roundbook.model import Dataset
from roundbook.model.records import Profile
from roundbook.render.citations import Citations
from roundbook.render.environment import make_environment


@dataclass(frozen=True)
class GeneratedPage:
    """One page for the site: where it goes, its Markdown, and the data file its edit link opens."""

    src_uri: str
    markdown: str
    title: str
    source_path: str | None  # None for index pages, whose edit link opens their template
    in_nav: bool
    template: str
    alternates: tuple[dict, ...] = ()  # its own feeds: {href (site-relative), type, title}
    last_changed: dt.datetime | None = None  # when its data last changed, from Git


# Index pages: (where it goes, template, title). Profiles get one page each.
INDEX_PAGES = [
    ("index.md", "home.md.j2", "Home"),
    ("companies/index.md", "companies.md.j2", "Companies"),
    ("people/index.md", "people.md.j2", "People"),
    ("data.md", "data.md.j2", "Data"),
    ("changes.md", "changes.md.j2", "Recent changes"),
]


def _alternates(profile: Profile) -> tuple[dict, ...]:
    """A company's own feed. Only feeds: Material reads every <link rel="alternate"> as a translation
    of the site and fetches a sitemap.xml beside it, so each one costs readers a request."""
    from roundbook.export.site import feed_path  # see _open_data_context

    if profile.section != "companies":
        return ()
    return ({"href": feed_path(profile), "type": "application/atom+xml", "title": f"{profile.name}: funding rounds"},)


def _open_data_context() -> dict:
    """What the data page documents: the API's fields and the downloads' columns, from their own definitions."""
    # Imported here: roundbook.export itself formats figures with roundbook.render.formatting.
    from roundbook.export.api_schema import field_tables
    from roundbook.export.csv_files import downloads
    from roundbook.export.feed import SITE_FEED_SIZE
    from roundbook.export.site import api_path, download_path, feed_path

    # The types are Markdown links that Roundbook wrote itself.
    api_tables = [{**table, "fields": [(name, Markup(kind), meaning) for name, kind, meaning in table["fields"]]}
                  for table in field_tables()]
    return {"api_tables": api_tables, "api_path": api_path, "downloads": downloads(), "download_path": download_path,
            "feed_path": feed_path, "site_feed_size": SITE_FEED_SIZE}


class Renderer:
    def __init__(self, templates_dir: Path | str, site_name: str = "Roundbook", home_text: str = "", site=None):
        """`site` (roundbook.export.SiteInfo) gives the data page the licence and how to cite the data."""
        self.env = make_environment(Path(templates_dir))
        self.site = {"site_name": site_name, "home_text": home_text, "licence": site.licence if site else None,
                     "citation": site.citation if site else None, **_open_data_context()}

    def render(self, template: str, page_uri: str, **context) -> str:
        return self.env.get_template(template).render(page_uri=page_uri, citations=Citations(), **self.site, **context)

    def profile_page(self, dataset: Dataset, profile: Profile, freshness: Freshness | None = None) -> GeneratedPage:
        template = "organization.md.j2" if profile.section == "companies" else "person.md.j2"
        src_uri = f"{profile.section}/{profile.slug}.md"
        freshness = freshness or Freshness(dataset, None)
        markdown = self.render(template, src_uri, dataset=dataset, profile=profile, freshness=freshness)
        return GeneratedPage(src_uri, markdown, profile.name, profile.source_path, in_nav=False, template=template,
                             alternates=_alternates(profile), last_changed=freshness.of_profile(profile))

    def render_all(self, dataset: Dataset, freshness: Freshness | None = None) -> list[GeneratedPage]:
        """Every page; `freshness` says when records changed (from Git), or nothing when left out."""
        freshness = freshness or Freshness(dataset, None)
        pages = [
            GeneratedPage(uri, self.render(template, uri, dataset=dataset, freshness=freshness), title, None,
                          in_nav=True, template=template)
            for uri, template, title in INDEX_PAGES
        ]
        pages += [self.profile_page(dataset, profile, freshness) for profile in dataset.profiles]
        return pages
