"""The theme's skeletons (roundbook/site/chrome.py) make every generated page byte for byte as
Material renders it, hostile names and all, and stand aside where they cannot."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from markupsafe import escape as markup_escape
from mkdocs.structure.toc import get_toc

from conftest import REPO, make_project
from roundbook.site.chrome import ChromeCache, cut, stand_in


def build_checking_every_page(project: Path, site: Path, monkeypatch, search: str | None = None) -> ChromeCache:
    """Build `project` in this process with every generated page made both ways and compared."""
    caches: list[ChromeCache] = []
    original = ChromeCache.__init__

    def keep(self):
        original(self)
        caches.append(self)

    monkeypatch.setattr(ChromeCache, "__init__", keep)
    monkeypatch.setattr(ChromeCache, "TRUSTED_AFTER", 10 ** 9)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    if search:
        config.plugins["roundbook"].config.search = search
    build(config)
    return caches[-1]


@pytest.mark.parametrize("which", ["shipped", "injection corpus", "fixtures with Pagefind"])
def test_every_generated_page_is_what_material_renders(which, tmp_path, monkeypatch):
    if which == "shipped":
        project, search = REPO, None
    elif which == "injection corpus":
        from injection import write_injection_project
        project, search = write_injection_project(tmp_path / "project"), None
    else:
        project, search = make_project(tmp_path / "project"), "pagefind"
    cache = build_checking_every_page(project, tmp_path / "site", monkeypatch, search)
    # Every shape got a skeleton, and it rebuilt each of its pages exactly (a difference would
    # have dropped the skeleton): the comparison ran on every page, none was taken on trust.
    assert cache.skeletons and None not in cache.skeletons.values()
    assert cache.served == 0
    assert sum(cache.checked.values()) == cache.rendered >= 10


def page(url: str, title: str) -> SimpleNamespace:
    return SimpleNamespace(url=url, title=title, meta={"title": title}, canonical_url=f"https://example.org/{url}",
                           edit_url=None, content=f"<h1>{title}</h1>", toc=get_toc([]))


def material_like(template):
    """A stand-in for Material's main.html, as a function of the context."""
    return lambda context: template(context["page"])


def no_toc(context) -> str:
    return "<nav>contents</nav>"


def test_a_value_written_in_a_way_the_cache_does_not_know_leaves_the_shape_to_the_theme():
    main = material_like(lambda p: f"<title>{p.title.upper()}</title><nav>contents</nav>{p.content}")
    cache = ChromeCache()
    pages = [page(f"companies/{n}/", f"Company {n}") for n in range(4)]
    assert [cache.render({"page": p}, main, no_toc) for p in pages] == [main({"page": p}) for p in pages]
    assert list(cache.skeletons.values()) == [None] and cache.served == 0


def test_a_value_the_skeleton_would_keep_from_its_first_page_is_caught_on_the_second():
    # The theme writes the page's address, which the skeleton does not know changes: the second
    # page's check sees it, and the shape goes back to the theme for good.
    main = material_like(lambda p: f"<link href=\"{p.url}\"><nav>contents</nav>{p.content}")
    cache = ChromeCache()
    pages = [page(f"companies/{n}/", f"Company {n}") for n in range(4)]
    assert [cache.render({"page": p}, main, no_toc) for p in pages] == [main({"page": p}) for p in pages]
    assert list(cache.skeletons.values()) == [None] and cache.served == 0


def test_a_trusted_skeleton_fills_in_each_value_the_way_the_theme_writes_it():
    main = material_like(lambda p: f"<title>{p.meta['title']}</title><h2>{escape(p.title)}</h2><nav>contents</nav>{p.content}")
    cache = ChromeCache()
    pages = [page(f"companies/{n}/", f"Company <{n}> & co") for n in range(5)]
    assert [cache.render({"page": p}, main, no_toc) for p in pages] == [main({"page": p}) for p in pages]
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
