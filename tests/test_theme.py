"""The theme's chrome (Material's header, navigation, search box and buttons around each page's
article): the same icons as Material draws, drawn once by CSS instead of inline on every page,
and a light page around the article. tests/test_screenshots.py checks the icons in a browser."""

from __future__ import annotations

import re
from pathlib import Path

import material

from conftest import REPO
from test_site import page

THEME = REPO / "roundbook" / "theme"
MATERIAL_ICONS = Path(material.__file__).parent / "templates" / ".icons"
ICON_RULE = re.compile(
    r"\.rb-icon-([a-z-]+) \{ --rb-icon: url\('data:image/svg\+xml;charset=utf-8,(<svg .*?</svg>)'\); \}"
)


def css_icons() -> dict[str, str]:
    return dict(ICON_RULE.findall((THEME / "assets" / "icons.css").read_text(encoding="utf-8")))


def test_each_replaced_icon_is_drawn_with_materials_own_shape():
    drawn = css_icons()
    replaced = sorted(THEME.glob(".icons/**/*.svg"))
    assert replaced
    for override in replaced:
        name = override.relative_to(THEME / ".icons").with_suffix("").as_posix()
        short = name.rsplit("/", 1)[1]
        assert f'<svg class="rb-icon-{short}"></svg>' in override.read_text(encoding="utf-8"), override
        # Word for word the pinned Material's file, licence comment included (Font Awesome's).
        assert drawn.get(short) == (MATERIAL_ICONS / f"{name}.svg").read_text(encoding="utf-8").strip(), name
    assert len(drawn) == len(replaced), "icons.css draws an icon that no template uses"


def chrome(html: str) -> str:
    """The page without its <article>: what the theme puts around the content."""
    return html[: html.index("<article")] + html[html.index("</article>") :]


def test_a_profile_carries_no_inline_icon_and_little_chrome(fixture_site):
    html = page(fixture_site, "companies/acme-robotics")
    around = chrome(html)
    assert "<path" not in around and "Font Awesome" not in html
    assert len(around.encode()) < 10100, len(around.encode())  # 15,953 bytes with Material's inline icons and scripts
    # One stylesheet draws them all, and the page links it.
    assert '<link rel="stylesheet" href="../../assets/icons.css">' in html
    assert (fixture_site / "assets" / "icons.css").is_file()


def test_the_navigation_and_contents_keep_every_entry_in_one_line_each(fixture_site):
    html = page(fixture_site, "companies/acme-robotics")
    for title, href in [
        ("Home", "../.."),
        ("Companies", "../"),
        ("Recent changes", "../../changes/"),
        ("About", "../../about/"),
    ]:
        assert f'<li class="md-nav__item"><a href="{href}" class="md-nav__link">{title}</a></li>' in html
    start = html.index('data-md-component="toc"')
    contents = html[start : html.index("</nav>\n</div>", start)]
    assert '<li class="md-nav__item"><a href="#funding-rounds" class="md-nav__link">Funding rounds</a></li>' in contents
    assert "#round-" not in contents  # a round is a row of that table, not a section
    assert "md-ellipsis" not in html[html.index('<ul class="md-nav__list"') : html.index("<article")]
    # The page's own entry is Material's: marked active, with its table of contents under it.
    index = page(fixture_site, "companies")
    assert '<a href="./" class="md-nav__link md-nav__link--active">' in index


def test_the_search_worker_loads_the_pinned_materials_own():
    """assets/javascripts/workers/roundbook-search.js wraps Material's worker by its file name,
    which changes with each Material release: upgrading Material means naming the new one."""
    wrapper = (THEME / "assets/javascripts/workers/roundbook-search.js").read_text(encoding="utf-8")
    name = re.search(r'const MATERIAL_WORKER = "([^"]+)";', wrapper).group(1)
    assert (Path(material.__file__).parent / "templates/assets/javascripts/workers" / name).is_file(), name
    assert '"assets/javascripts/workers/roundbook-search.js"' in (THEME / "main.html").read_text(encoding="utf-8")
