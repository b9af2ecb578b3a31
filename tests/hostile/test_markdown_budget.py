"""Markdown that would cost the build minutes or crash it is refused before it is parsed
(roundbook/schema/markdown_budget.py), and what stays within the limits renders, quickly.

Measured on a 2-core machine with Python-Markdown 3.11.3, before the limits: 20,000 characters of
`[` in one description took about 60 s to render (5,000 took 2.3 s: the cost grows with the square
of the count); 4,000 nested brackets 1.9 s; 10,000 characters of `![` or `[^` 4.3 s; a list nested
500 deep, 1,000 nested `<div markdown="1">` or 500 nested admonitions raised RecursionError. At the
limits, the worst paragraph of 20,000 characters renders in well under a tenth of a second. No test
here times anything: each checks what is refused, and that text at the limits renders at all.
"""

from __future__ import annotations

import markdown
import pytest

from roundbook.schema.markdown_budget import (
    MAX_HTML_DEPTH,
    MAX_INDENT,
    MAX_OPEN_BRACKETS,
    MAX_QUOTE_DEPTH,
    MAX_UNCLOSED,
    markdown_overruns,
)
from roundbook.text_safety.markup import markdown_to_safe_html

# The extensions of the repository's mkdocs.yml, with which MkDocs renders hand-written pages.
PAGE_EXTENSIONS = ["attr_list", "md_in_html", "tables", "admonition", "toc"]


def nested_list(depth: int) -> str:
    return "".join("    " * level + "- item\n" for level in range(depth))


AT_THE_LIMITS = {
    "open brackets": "[" * MAX_OPEN_BRACKETS + "x" * 19_000,
    "nested brackets": "[" * MAX_OPEN_BRACKETS + "x" + "]" * MAX_OPEN_BRACKETS,
    "open link addresses": "[a](" * MAX_UNCLOSED + "x" * 19_000,
    "open tags": "<a " * MAX_UNCLOSED + "x" * 19_000,
    "nested list": nested_list(MAX_INDENT // 4 + 1),
    "nested quotes": "> " * MAX_QUOTE_DEPTH + "x",
    "nested HTML": '<div markdown="1">\n' * MAX_HTML_DEPTH + "x\n" + "</div>\n" * MAX_HTML_DEPTH,
    "real writing": (
        "Acme raised [money](https://news.example/a) from <b>investors</b> (see [^1]). " * 250
        + "\n\n- one\n    - two\n        - three\n\n> quoted\n"
    ),
}

PAST_THE_LIMITS = {
    "open brackets": (
        "[" * (MAX_OPEN_BRACKETS + 1),
        f"a paragraph leaves 11 '[' unclosed; the limit is {MAX_OPEN_BRACKETS}, since each one slows "
        "the Markdown reader down: write \\[ for a bracket that is text",
    ),
    "nested brackets": (
        "[" * (MAX_OPEN_BRACKETS + 1) + "x" + "]" * (MAX_OPEN_BRACKETS + 1),
        f"brackets are nested 11 deep in a paragraph; the limit is {MAX_OPEN_BRACKETS}: write \\[ for "
        "a bracket that is text",
    ),
    "open link addresses": (
        "[a](" * (MAX_UNCLOSED + 1),
        "a paragraph leaves 21 link addresses '](' without their ')'; the limit is 20",
    ),
    "open tags": (
        "<a " * (MAX_UNCLOSED + 1),
        "a paragraph leaves 21 '<' without a '>'; the limit is 20: write &lt; for a '<' that is text",
    ),
    "nested list": (
        nested_list(MAX_INDENT // 4 + 2),
        "a line is indented 84 columns; the limit is 80 (lists and quotes nest at most 20 deep)",
    ),
    "nested quotes": ("> " * (MAX_QUOTE_DEPTH + 1) + "x", "block quotes are nested more than 20 deep; the limit is 20"),
    "nested HTML": ("<div>" * (MAX_HTML_DEPTH + 1), "HTML elements are nested more than 40 deep; the limit is 40"),
}


@pytest.mark.parametrize("case", sorted(AT_THE_LIMITS))
def test_text_at_the_limits_passes_and_renders(case):
    text = AT_THE_LIMITS[case]
    assert markdown_overruns(text) == []
    assert markdown_to_safe_html(text)  # a description
    assert markdown.Markdown(extensions=PAGE_EXTENSIONS).convert(text)  # a page: no RecursionError


@pytest.mark.parametrize("case", sorted(PAST_THE_LIMITS))
def test_text_past_a_limit_is_refused_with_what_to_write(case):
    text, message = PAST_THE_LIMITS[case]
    assert [overrun.message for overrun in markdown_overruns(text)] == [message]


def test_escaped_brackets_are_text_and_cost_nothing():
    assert markdown_overruns("\\[" * 5_000) == []


def test_each_paragraph_has_its_own_budget_and_is_located():
    text = "[" * 5 + "\n\n" + "[" * 5 + "\n\n" + "[" * 11
    assert [overrun.offset for overrun in markdown_overruns(text)] == [14]
