"""Stable links: a renamed company's old address leads to its profile, on any site layout."""

from __future__ import annotations

from conftest import FIXTURE_CONTENT, TODAY, assert_golden
from roundbook.export import SiteInfo
from roundbook.export.redirects import redirect_page, redirect_pages
from roundbook.model.records import Organization
from roundbook.pipeline import load_dataset

SITE = SiteInfo(url="https://example.org/tracker", name="Test Tracker")


def company(slug: str, name: str = "Acme <Robotics>", former: list[str] | None = None) -> Organization:
    return Organization(
        slug=slug, name=name, summary="x", source_path=f"content/companies/{slug}.yml", former_slugs=former or []
    )


def test_the_redirect_page_refreshes_links_and_names_the_canonical_address():
    page = redirect_page(SITE, "acme", company("acme-robotics"))
    assert page.path == "companies/acme/index.html"
    assert page.media_type == "text/html"
    assert_golden("open-data/redirect.html", page.content.decode("utf-8"))


def test_without_directory_urls_the_redirect_is_an_html_file_beside_the_profile():
    flat = SiteInfo(url="https://example.org/", name="T", directory_urls=False)
    page = redirect_page(flat, "acme", company("acme-robotics")).content.decode()
    assert '<meta http-equiv="refresh" content="0; url=acme-robotics.html">' in page
    assert '<link rel="canonical" href="https://example.org/companies/acme-robotics.html">' in page
    assert redirect_page(flat, "acme", company("acme-robotics")).path == "companies/acme.html"


def test_one_page_per_former_slug():
    dataset, problems = load_dataset(FIXTURE_CONTENT.parent, today=TODAY)
    assert not problems and redirect_pages(dataset, SITE) == []
    dataset.organizations["beta-labs"].former_slugs = ["beta", "beta-laboratory"]
    assert [page.path for page in redirect_pages(dataset, SITE)] == [
        "companies/beta/index.html",
        "companies/beta-laboratory/index.html",
    ]
