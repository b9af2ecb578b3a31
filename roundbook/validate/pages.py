"""Check the hand-written pages like records: names, front matter, and Markdown within budget.

A page's front matter is data: the keys a page may have (roundbook/schema/kinds.py, PAGE), each
plain text within its length, validated with located problems. Material would otherwise print
any key it knows (title, description, template, icon, status...) into every page as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from roundbook.load.pages import PagesContent, PageSource
from roundbook.problems import Mark
from roundbook.reserved import reserved_page_root
from roundbook.schema.fields import INVALID, SLUG_HINT, CheckContext, is_slug
from roundbook.schema.kinds import PAGE
from roundbook.schema.markdown_budget import markdown_overruns


@dataclass(frozen=True)
class CheckedPage:
    """A page ready for MkDocs: its checked front matter as plain values, and its Markdown."""

    path: str
    uri: str
    body: str
    title: str | None = None
    description: str | None = None
    hide: tuple[str, ...] = ()


@dataclass
class CheckedPages:
    home: CheckedPage | None = None
    pages: dict[str, CheckedPage] = field(default_factory=dict)  # by uri (`about.md`)
    images: list[str] = field(default_factory=list)  # paths under content/pages/


def _check_names(page: PageSource, ctx: CheckContext) -> bool:
    mark = Mark(page.path, 1, 1)
    parts = page.uri.removesuffix(".md").split("/")
    for part in parts:
        if not is_slug(part):
            ctx.problems.add(mark, f"page and folder names are slugs, and '{part}' is not: {SLUG_HINT}")
            return False
    if (reserved := reserved_page_root(parts[0])) is not None:
        ctx.problems.add(mark, reserved)
        return False
    return True


def _check_body(page: PageSource, ctx: CheckContext) -> bool:
    overruns = markdown_overruns(page.body)
    for overrun in overruns:
        before = page.body[: overrun.offset]
        line = page.body_line + before.count("\n")
        ctx.problems.add(Mark(page.path, line, overrun.offset - (before.rfind("\n") + 1) + 1), overrun.message)
    return not overruns


def check_page(page: PageSource, ctx: CheckContext) -> CheckedPage | None:
    """The page with its front matter checked, or None after reporting why it cannot be published."""
    meta: dict[str, Any] = {}  # CheckedPage's fields: the title and description as text, hide as a tuple
    if page.front_matter is not None:
        before = len(ctx.problems)
        record = PAGE.check(page.front_matter, ctx, "front matter")
        if record is INVALID or len(ctx.problems) > before:
            return None
        meta = {key: str(value) for key, value in record.items() if key != "hide"}
        meta["hide"] = tuple(str(part) for part in record.get("hide", []))
    if not _check_body(page, ctx):
        return None
    return CheckedPage(page.path, page.uri, page.body, **meta)


def check_pages(found: PagesContent, ctx: CheckContext) -> CheckedPages:
    checked = CheckedPages(images=list(found.images or []))
    if found.home is not None:
        checked.home = check_page(found.home, ctx)
    for page in found.pages or []:
        if _check_names(page, ctx) and (result := check_page(page, ctx)) is not None:
            checked.pages[page.uri] = result
    return checked
