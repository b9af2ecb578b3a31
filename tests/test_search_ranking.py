"""Search ranks the company whose exact name was typed first, then the names that start with it,
with either engine: the built-in search (small sites) and Pagefind (large ones).

A fixture site of generated near-duplicate names: for each base name, the company of that exact
name, longer names that start with it ("Zhipu Huazhang Holdings", "Zhipu Labs", "Zhipuverse"),
a name that only holds it ("Orbit Zhipu Partners"), and a company whose summary says it again and
again, which a word count alone would rank first.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from browser_support import serve
from conftest import make_project, mkdocs_build

pytestmark = pytest.mark.browser

BASES = ["Zhipu", "Kestrel", "Novaria"]
SOURCE = '[{{id: s, url: "https://example.org/{slug}", publisher: Example}}]'


def slug_of(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def near_duplicates(base: str) -> dict[str, str]:
    """name -> summary: the exact name, three that start with it, one that holds it, one that repeats it."""
    return {
        base: "A fictional company.",
        f"{base} Huazhang Holdings": f"A fictional holding company; {base} Huazhang Holdings owns {base} Labs.",
        f"{base} Labs": f"A fictional lab of {base} Huazhang Holdings.",
        f"{base}verse": "A fictional virtual world.",
        f"Orbit {base} Partners": f"A fictional firm that follows {base}.",
        f"Tall Tower {base}watch": " ".join([f"{base} news, {base} rounds and {base} people."] * 6),
    }


def write_project(target: Path, search: str) -> Path:
    project = make_project(target)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - roundbook:\n", f"  - roundbook:\n      search: {search}\n"))
    for base in BASES:
        for name, summary in near_duplicates(base).items():
            slug = slug_of(name)
            (project / f"content/companies/{slug}.yml").write_text(
                f"name: {name}\nkind: startup\nsummary: {summary}\nsources: {SOURCE.format(slug=slug)}\n",
                encoding="utf-8",
            )
    return project


@pytest.fixture(scope="module", params=["builtin", "pagefind"])
def ranking_site(request, tmp_path_factory):
    project = write_project(tmp_path_factory.mktemp(f"ranking-{request.param}") / "project", request.param)
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr
    assert f"search: {request.param}" in result.stderr
    server, url = serve(project)  # below the domain, as GitHub Pages serves a project's site
    yield request.param, url + "site/"
    server.shutdown()
    shutil.rmtree(project / "site", ignore_errors=True)


RESULTS = "li.md-search-result__item > a.md-search-result__link"


def profiles_found(page, site: str, engine: str, query: str) -> list[str]:
    """The profiles among the results for `query` typed into the box, best first (a profile's
    sections, which the built-in search lists under it, once)."""
    page.goto(site)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    if engine == "builtin":
        box.press("End")  # Material searches on key-up
    page.locator(f"{RESULTS} mark").first.wait_for()  # results of this query: its words are marked
    paths = [
        urlsplit(href).path.removeprefix(urlsplit(site).path)
        for href in page.locator(RESULTS).evaluate_all("links => links.map(a => a.getAttribute('href'))")
    ]
    return list(dict.fromkeys(path for path in paths if re.fullmatch(r"companies/[^/]+/", path)))


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("typed", [str, str.lower], ids=["as-written", "lower-case"])
def test_the_exact_name_comes_first_then_the_names_that_start_with_it(page, ranking_site, base, typed):
    engine, site = ranking_site
    found = profiles_found(page, site, engine, typed(base))
    starting = {f"companies/{slug_of(name)}/" for name in near_duplicates(base) if name.startswith(base)}
    assert found[0] == f"companies/{slug_of(base)}/", found
    assert set(found[1 : len(starting)]) == starting - {found[0]}, found
