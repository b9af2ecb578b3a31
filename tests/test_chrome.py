"""The theme's skeletons (roundbook/site/chrome.py) make every generated page byte for byte as
Material renders it, hostile names and all, and stand aside where they cannot."""

from __future__ import annotations

import functools
from pathlib import Path
from types import SimpleNamespace

import pytest
from markupsafe import escape as markup_escape
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.structure.toc import get_toc

from conftest import make_project
from roundbook.render import Renderer
from roundbook.site import prepare
from roundbook.site.chrome import ChromeCache, cut, stand_in


def build_checking_every_page(project: Path, site: Path, monkeypatch, search: str | None = None) -> ChromeCache:
    """Build `project` in this process with every generated page made both ways and compared."""
    caches: list[ChromeCache] = []
    original = ChromeCache.__init__

    def keep(self):
        original(self)
        caches.append(self)

    monkeypatch.setattr(ChromeCache, "__init__", keep)
    monkeypatch.setattr(ChromeCache, "TRUSTED_AFTER", 10**9)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    if search:
        config.plugins["roundbook"].config.search = search
    build(config)
    return caches[-1]


@pytest.mark.parametrize(
    "which",
    [
        "fixtures",
        "injection corpus",
        "fixtures with Pagefind",
        "fixtures by month with Pagefind",
        "fixtures, offline bundle",
        "fixtures, offline bundle with Pagefind",
    ],
)
@pytest.mark.build
def test_every_generated_page_is_what_material_renders(which, tmp_path, monkeypatch):
    if "offline bundle" in which:
        monkeypatch.setenv("ROUNDBOOK_OFFLINE", "true")  # as `make preview` builds: pages as .html files
    if which == "injection corpus":
        from injection import write_injection_project

        project, search = write_injection_project(tmp_path / "project"), None
    else:
        project, search = make_project(tmp_path / "project"), "pagefind" if "Pagefind" in which else None
    if which == "fixtures by month with Pagefind":
        # Every year with more than one entry gets a page per month (tests/test_timeline_months.py).
        monkeypatch.setattr(prepare, "Renderer", functools.partial(Renderer, month_pages_above=1))
    cache = build_checking_every_page(project, tmp_path / "site", monkeypatch, search)
    if "offline bundle" in which:
        assert (tmp_path / "site/companies/acme-robotics.html").is_file()
    if which == "fixtures by month with Pagefind":
        # Month pages are there, and like the year pages they stay out of Pagefind's index.
        month = (tmp_path / "site/timeline/2021/02/index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" not in month and "data-pagefind-body" not in (
            tmp_path / "site/timeline/2021/index.html"
        ).read_text(encoding="utf-8")
    # Every shape got a skeleton, and it rebuilt each of its pages exactly (a difference would
    # have dropped the skeleton): the comparison ran on every page, none was taken on trust.
    assert cache.skeletons and None not in cache.skeletons.values()
    assert cache.served == 0
    assert sum(cache.checked.values()) == cache.rendered >= 10


def page(url: str, title: str) -> SimpleNamespace:
    return SimpleNamespace(
        url=url,
        title=title,
        meta={"title": title},
        canonical_url=f"https://example.org/{url}",
        edit_url=None,
        content=f"<h1>{title}</h1>",
        toc=get_toc([]),
    )


def material_like(template):
    """A stand-in for Material's main.html, as a function of the context."""
    return lambda context: template(context["page"])


def no_toc(context) -> str:
    return "<nav>contents</nav>"


def render_all(template, titles: list[str]) -> ChromeCache:
    """Pages of one shape through a cache: each must come out as the theme alone writes it."""
    main = material_like(template)
    cache = ChromeCache()
    pages = [page(f"companies/{n}/", title) for n, title in enumerate(titles)]
    assert [cache.render({"page": p}, main, no_toc) for p in pages] == [main({"page": p}) for p in pages]
    return cache


@pytest.mark.parametrize(
    "template",
    [
        # A value written in a way the cache does not know: no skeleton at all.
        lambda p: f"<title>{p.title.upper()}</title><nav>contents</nav>{p.content}",
        # The page's address, which the skeleton would keep from its first page: the second page's
        # check sees it, and the shape goes back to the theme for good.
        lambda p: f'<link href="{p.url}"><nav>contents</nav>{p.content}',
    ],
    ids=["unknown writing", "value baked in"],
)
def test_the_theme_renders_every_page_of_a_shape_the_cache_cannot_rebuild(template):
    cache = render_all(template, [f"Company {n}" for n in range(4)])
    assert list(cache.skeletons.values()) == [None] and cache.served == 0


def test_a_trusted_skeleton_fills_in_each_value_the_way_the_theme_writes_it():
    template = lambda p: f"<title>{p.meta['title']}</title><h2>{escape(p.title)}</h2><nav>contents</nav>{p.content}"  # noqa: E731
    cache = render_all(template, [f"Company <{n}> & co" for n in range(5)])
    assert cache.served == 3 and cache.rendered == 2


def escape(text: str) -> str:
    return str(markup_escape(text))


def test_cut_finds_every_writing_of_a_stand_in_and_nothing_else():
    title = stand_in("title")
    output = f"a{title}b{escape(title)}c<nav>toc</nav>d"
    skeleton = cut(output, {"title": title}, "<nav>toc</nav>")
    assert skeleton.pieces == ["a", "b", "c", "d"]
    assert skeleton.slots == [("title", "as is"), ("title", "escaped"), ("toc", None)]
    assert skeleton.fill({"title": "<x>", "toc": "T"}) == "a<x>b&lt;x&gt;cTd"
    assert cut(output, {"title": title}, "<nav>missing</nav>") is None
    assert cut(output.replace("b", title.upper()), {"title": title}, "<nav>toc</nav>") is None
