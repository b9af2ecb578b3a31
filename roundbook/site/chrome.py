"""Material's page template, rendered once per kind of generated page instead of once per page.

Around a generated profile, Material writes the same header, navigation, search box, footer and
scripts on every page of a folder; only a few values change: the title, the canonical address,
the edit link, the feeds' titles and addresses, the table of contents and the article. Rendering
base.html for each of 13,500 pages was about 20 s of a 10,000-company build. Here it is rendered
once per shape (folder, meta, whether there is a table of contents...) with a stand-in value in
each of those places, cut into a skeleton at the stand-ins, and each page is the skeleton with
its own values put back, written the way the template writes them (escaped, tags stripped, or
as is), and its table of contents rendered by Material's own partial.

A shape is trusted only once the skeleton rebuilds its first two pages byte for byte as Material
renders them; any difference, or a stand-in the skeleton cannot place, and that shape's pages
are all rendered by Material as before. tests/test_chrome.py compares every page of the test
sites both ways.
"""

from __future__ import annotations

import copy
import posixpath
from collections.abc import Callable

from markupsafe import Markup, escape
from mkdocs.structure.toc import AnchorLink, TableOfContents

MARK = "\ue000"  # a private-use character: no page, template or escaping writes it

# How a template may write a value: the stand-in below reads differently through each of them.
WRITINGS: dict[str, Callable[[str], str]] = {
    "as is": lambda value: str(value),
    "escaped": lambda value: str(escape(value)),
    "tags stripped": lambda value: Markup(value).striptags(),
    "tags stripped, escaped": lambda value: str(escape(Markup(value).striptags())),
}
TOC_SLOT = "toc"
# The template MkDocs renders for a generated page outside the nav: it calls back into the cache.
PAGE_TEMPLATE = "roundbook-generated-page.html"


def stand_in(name: str) -> str:
    # The tag and the entity make each writing of it differ: escaping, stripping tags, neither.
    return f"{MARK}{name}<b>&amp;{MARK}"


class Skeleton:
    """A page template's output cut at the values that change from page to page."""

    def __init__(self, pieces: list[str], slots: list[tuple[str, str | None]]):
        self.pieces = pieces  # one more than the slots: the text around and between them
        self.slots = slots  # (value name, writing; None for HTML put in as it is)

    def fill(self, values: dict[str, str]) -> str:
        out = [self.pieces[0]]
        for (name, writing), piece in zip(self.slots, self.pieces[1:], strict=True):
            out.append(values[name] if writing is None else WRITINGS[writing](values[name]))
            out.append(piece)
        return "".join(out)


def cut(output: str, stand_ins: dict[str, str], toc_output: str) -> Skeleton | None:
    """The skeleton of `output`, rendered with `stand_ins` in place of each value and with
    `toc_output` as its table of contents; None when a stand-in is written in a way not known
    here, or the table of contents is not found once."""
    if not toc_output or output.count(toc_output) != 1:
        return None
    toc_token = f"{MARK}{TOC_SLOT}{MARK}"
    output = output.replace(toc_output, toc_token)
    written: dict[str, tuple[str, str | None]] = {
        WRITINGS[writing](value): (name, writing) for name, value in stand_ins.items() for writing in WRITINGS
    }
    written[toc_token] = (TOC_SLOT, None)
    pieces: list[str] = []
    slots: list[tuple[str, str | None]] = []
    position = 0
    while True:
        found = [(start, text) for text in written if (start := output.find(text, position)) >= 0]
        if not found:
            break
        start, text = min(found, key=lambda item: (item[0], -len(item[1])))
        pieces.append(output[position:start])
        slots.append(written[text])
        position = start + len(text)
    pieces.append(output[position:])
    if any(MARK in piece for piece in pieces):
        return None
    return Skeleton(pieces, slots)


class ChromeCache:
    """Generated pages' theme output, one skeleton per shape of page."""

    TRUSTED_AFTER = 2  # pages of a shape rebuilt byte for byte before its skeleton is used alone

    def __init__(self) -> None:
        self.skeletons: dict[tuple, Skeleton | None] = {}
        self.checked: dict[tuple, int] = {}
        self.served = 0  # pages made from a skeleton alone
        self.rendered = 0  # pages Material rendered (checks, and shapes without a skeleton)

    @staticmethod
    def shape(page) -> tuple:
        meta = page.meta or {}
        others = tuple(sorted((key, repr(value)) for key, value in meta.items() if key not in ("title", "alternates")))
        return (
            posixpath.dirname(page.url.rstrip("/")),
            bool(page.toc),
            "<h1" in (page.content or ""),
            len(meta.get("alternates") or []),
            page.edit_url is None,
            page.canonical_url is None,
            others,
        )

    @staticmethod
    def values(page) -> dict[str, str]:
        meta = page.meta or {}
        values = {
            "title": page.title or "",
            "meta title": str(meta.get("title") or ""),
            "canonical": page.canonical_url or "",
            "edit": page.edit_url or "",
            "content": page.content or "",
            "skip": next(iter(page.toc)).id if page.toc else "",
        }
        for index, alternate in enumerate(meta.get("alternates") or []):
            values[f"feed {index} title"] = alternate["title"]
            values[f"feed {index} href"] = alternate["href"]
        return values

    def render(self, context: dict, main: Callable[[dict], str], toc: Callable[[dict], str]) -> str:
        """The page's HTML, as `main` (Material's main.html) renders it for `context`."""
        page = context["page"]
        shape = self.shape(page)
        if shape not in self.skeletons:
            self.skeletons[shape] = self._skeleton(context, main, toc)
        skeleton = self.skeletons[shape]
        if skeleton is None:
            self.rendered += 1
            return main(context)
        values = {**self.values(page), TOC_SLOT: toc(context)}
        if self.checked.get(shape, 0) < self.TRUSTED_AFTER:
            self.rendered += 1
            rendered = main(context)
            if skeleton.fill(values) != rendered:
                self.skeletons[shape] = None
                return rendered
            self.checked[shape] = self.checked.get(shape, 0) + 1
            return rendered
        self.served += 1
        return skeleton.fill(values)

    def summary(self) -> str:
        usable = sum(1 for skeleton in self.skeletons.values() if skeleton is not None)
        return (
            f"{self.served} generated pages made from {usable} skeletons of the theme "
            f"({len(self.skeletons) - usable} shapes without one), {self.rendered} rendered by it"
        )

    def _skeleton(self, context: dict, main, toc) -> Skeleton | None:
        page = context["page"]
        stand_page = copy.copy(page)
        stand_page.meta = dict(page.meta or {})
        stand_ins = {name: stand_in(name) for name in self.values(page)}
        stand_page.title = stand_ins["title"]
        if page.meta and "title" in page.meta:
            stand_page.meta["title"] = stand_ins["meta title"]
        if page.canonical_url is not None:
            stand_page.canonical_url = stand_ins["canonical"]
        if page.edit_url is not None:
            stand_page.edit_url = stand_ins["edit"]
        # Material adds a title to an article without one: keep the article's "<h1" as it is.
        stand_page.content = stand_ins["content"] + ("<h1" if "<h1" in (page.content or "") else "")
        stand_ins["content"] = stand_page.content
        if page.toc:
            stand_page.toc = TableOfContents([AnchorLink(stand_in("toc entry"), stand_ins["skip"], 2)])
        stand_page.meta["alternates"] = [
            {**alternate, "title": stand_ins[f"feed {index} title"], "href": stand_ins[f"feed {index} href"]}
            for index, alternate in enumerate(page.meta.get("alternates") or [])
        ]
        stand_context = {**context, "page": stand_page}
        return cut(main(stand_context), stand_ins, toc(stand_context))


def install(env, cache: ChromeCache) -> None:
    """Give the theme's environment PAGE_TEMPLATE, which renders a page through `cache`, with
    Material's main.html and its table of contents partial for the work the cache cannot do."""
    from jinja2 import ChoiceLoader, DictLoader, pass_context

    languages = {}  # Material's translations, which base.html imports for its partials

    def toc(variables: dict) -> str:
        if "lang" not in languages:
            languages["lang"] = env.get_template("partials/language.html").make_module(variables)
        return env.get_template("partials/toc.html").render({**variables, **languages})

    @pass_context
    def generated_page(context) -> Markup:
        return Markup(cache.render(context.get_all(), env.get_template("main.html").render, toc))

    env.loader = ChoiceLoader([DictLoader({PAGE_TEMPLATE: "{{ roundbook_generated_page() }}"}), env.loader])
    env.globals["roundbook_generated_page"] = generated_page
