"""What on a generated page is not prose, for both search engines to leave out of their text.

Search shows the text it indexed as a result's snippet. A table read as text runs its cells
together ("Fact Kind Startup Status Active Founded May 2020 Headquarters ..."), and so do a
chart's labels, a form's choices and the page's chrome: the citation marks ([1][2]), the data
links ("Data: JSON · Atom feed · all downloads"), the profile's sources line. So these are left
out, whichever template wrote them: tables, charts (svg) and forms by their tag; the chrome by
its class; anything hidden from assistive technology (`aria-hidden="true"`), and anything a
template marks `data-search-exclude` itself. What a page is about reaches search as prose: a
profile's summary and the sentence built from its model (organization.html.j2, person.html.j2).

Only generated pages are read this way: a hand-written page's tables are its author's content.
"""

from __future__ import annotations

import re

NOT_PROSE_TAGS = frozenset({"table", "svg", "form"})
CHROME_CLASSES = frozenset({"rb-cite", "rb-data-links", "rb-facts-sources", "rb-chart-data"})
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements with no end tag, which the readers of TAG below must not count as opened.
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

# A start or end tag: its slash, its name, and its attributes, quoted values taken whole (a value
# may hold `>`). Text never holds `<`: contributor text is escaped, and the sanitizer's output too.
TAG = re.compile(r"""<(/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_QUOTED = re.compile(r""""[^"]*"|'[^']*'""")
_EXCLUDE = re.compile(r"(?:^|\s)data-search-exclude(?=[\s=/]|$)")
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_ARIA_HIDDEN = re.compile(r"""\saria-hidden\s*=\s*(?:"true"|'true')""")


def marked_excluded(attributes: str) -> bool:
    """Whether a start tag's attributes carry `data-search-exclude`: on a heading, its section is
    left out of search; on another element, that element."""
    return _EXCLUDE.search(_QUOTED.sub("", attributes)) is not None


def not_prose(tag: str, attributes: str) -> bool:
    """Whether the element a start tag opens is left out of search's text (a heading's mark
    leaves out its section instead: excluded_section)."""
    if tag in NOT_PROSE_TAGS:
        return True
    # Most tags carry none of the marks read below: a substring test spares them the expressions.
    if tag in HEADINGS or not ("class" in attributes or "aria-hidden" in attributes or "data-search" in attributes):
        return False
    if _ARIA_HIDDEN.search(attributes) or marked_excluded(attributes):
        return True
    classes = _CLASS.search(attributes)
    return classes is not None and not CHROME_CLASSES.isdisjoint((classes.group(1) or classes.group(2)).split())


def mark_not_prose(html: str, mark: str) -> str:
    """`html` with `mark` (an attribute, with its leading space) after the name of each start tag
    of an element that is not prose and not marked `data-search-exclude` already."""
    pieces, previous = [], 0
    for match in TAG.finditer(html):
        closing, name, attributes = match.groups()
        if not closing and not_prose(name.lower(), attributes) and not marked_excluded(attributes):
            offset = match.start(2) + len(name)
            pieces.append(html[previous:offset])
            pieces.append(mark)
            previous = offset
    if not pieces:
        return html
    pieces.append(html[previous:])
    return "".join(pieces)
