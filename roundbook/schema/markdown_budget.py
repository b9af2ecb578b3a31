"""Markdown that would cost the build minutes, or crash it, refused before it is parsed.

Python-Markdown reads most text in linear time, but not all of it. Each `[` left unclosed makes
its link reader scan to the end of the paragraph, and so does a link whose `(` is never closed
and an HTML tag whose `<` never ends: twenty thousand `[` in one description took a minute to
render. Brackets nested inside brackets cost as much. Deeply nested lists, block quotes and
HTML blocks are read recursively, and a few hundred levels crash the build (RecursionError).

None of that happens in real writing, so each is counted here, per paragraph (text between
blank lines, which is as far as an inline scan reaches), and refused past a limit far above what
any page needs, with what to write instead. Measured costs are in the comments of
tests/test_markdown_budget.py.
"""

from __future__ import annotations

import re
from typing import NamedTuple

MAX_OPEN_BRACKETS = 10  # `[` open at once in one paragraph: nested, or never closed
MAX_UNCLOSED = 20  # `](` or `<` left open in one paragraph
MAX_INDENT = 80  # columns of indentation: 20 levels of lists four spaces apart
MAX_QUOTE_DEPTH = 20  # > > > ...
MAX_HTML_DEPTH = 40  # <div><div>...

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BRACKET = re.compile(r"\\.|[\[\]]", re.S)  # an escaped character is text, never a bracket
_DEEP_INDENT = re.compile(rf"^[ \t]{{{MAX_INDENT // 4},}}", re.M)
_DEEP_QUOTE = re.compile(rf"^ {{0,3}}(?:> ?){{{MAX_QUOTE_DEPTH + 1}}}", re.M)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)\b[^<>]*?(/?)>")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)


class Overrun(NamedTuple):
    """One limit passed: where (0-based offset into the text) and why."""

    offset: int
    message: str


def _paragraphs(text: str):
    """(offset, paragraph) for each run of text between blank lines."""
    start = 0
    for blank in _BLANK_LINE.finditer(text):
        yield start, text[start : blank.start()]
        start = blank.end()
    yield start, text[start:]


def _count(number: int) -> str:
    return f"{number:,}"


def _bracket_overrun(paragraph: str) -> str | None:
    if "[" not in paragraph:
        return None
    depth = deepest = 0
    for match in _BRACKET.finditer(paragraph):
        token = match.group()
        if token == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif token == "]" and depth:
            depth -= 1
    if depth > MAX_OPEN_BRACKETS:
        return (
            f"a paragraph leaves {_count(depth)} '[' unclosed; the limit is {MAX_OPEN_BRACKETS}, since each "
            "one slows the Markdown reader down: write \\[ for a bracket that is text"
        )
    if deepest > MAX_OPEN_BRACKETS:
        return (
            f"brackets are nested {_count(deepest)} deep in a paragraph; the limit is {MAX_OPEN_BRACKETS}: "
            "write \\[ for a bracket that is text"
        )
    return None


def _open_after_last(paragraph: str, opener: str, closer: str) -> int:
    """How many `opener` come after the last `closer`: those can never be closed."""
    return paragraph.count(opener, paragraph.rfind(closer) + 1)


def _paragraph_overrun(paragraph: str) -> str | None:
    if (message := _bracket_overrun(paragraph)) is not None:
        return message
    if "](" in paragraph and (open_links := _open_after_last(paragraph, "](", ")")) > MAX_UNCLOSED:
        return (
            f"a paragraph leaves {_count(open_links)} link addresses '](' without their ')'; "
            f"the limit is {MAX_UNCLOSED}"
        )
    if "<" in paragraph and (open_tags := _open_after_last(paragraph, "<", ">")) > MAX_UNCLOSED:
        return (
            f"a paragraph leaves {_count(open_tags)} '<' without a '>'; the limit is {MAX_UNCLOSED}: "
            "write &lt; for a '<' that is text"
        )
    return None


def _nesting_overruns(text: str):
    """Each kind of nesting that goes too deep, once, where it first does."""
    for match in _DEEP_INDENT.finditer(text):
        indent = len(match.group().expandtabs(4))
        if indent > MAX_INDENT:
            yield Overrun(
                match.start(),
                f"a line is indented {_count(indent)} columns; the limit is "
                f"{MAX_INDENT} (lists and quotes nest at most {MAX_INDENT // 4} deep)",
            )
            break
    if (quote := _DEEP_QUOTE.search(text)) is not None:
        yield Overrun(
            quote.start(), f"block quotes are nested more than {MAX_QUOTE_DEPTH} deep; the limit is {MAX_QUOTE_DEPTH}"
        )
    if "<" in text:
        depth = 0
        for tag in _TAG.finditer(text):
            closing, name, self_closing = tag.groups()
            if closing:
                depth = max(0, depth - 1)
            elif not self_closing and name.lower() not in _VOID:
                depth += 1
                if depth > MAX_HTML_DEPTH:
                    yield Overrun(
                        tag.start(),
                        f"HTML elements are nested more than {MAX_HTML_DEPTH} deep; the limit is {MAX_HTML_DEPTH}",
                    )
                    break


def markdown_overruns(text: str) -> list[Overrun]:
    """Every limit `text` passes, in order; empty for all real writing."""
    found = []
    if "[" in text or "<" in text or "](" in text:
        for offset, paragraph in _paragraphs(text):
            message = _paragraph_overrun(paragraph)
            if message is not None:
                found.append(Overrun(offset, message))
    found.extend(_nesting_overruns(text))
    return sorted(found)
