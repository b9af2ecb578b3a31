"""Less weight per page, the same page: the theme's templates indent every line of markup.

Material's templates leave several kilobytes of indentation and blank lines on every page, and a
large site has tens of thousands of pages on a host that caps the whole site (GitHub Pages: 1 GB).
A run of white space that holds a line break renders exactly as one line break does, outside
`<pre>` and `<textarea>`, so each such run becomes one line break there and nothing else changes.
"""

from __future__ import annotations

import re

_KEEP_AS_IS = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
_MAY_KEEP = re.compile(r"<(?:pre|textarea)\b", re.I)


def _collapse(text: str) -> str:
    """Each run of white space holding a line break, as one line break: what the regular expression
    `[ \\t]*\\n\\s*` replaced, done line by line (a tenth of a 10,000-company build's MkDocs part
    went to the expression, which tries a match at every character)."""
    lines = text.split("\n")
    if len(lines) == 1:
        return text
    kept = [lines[0].rstrip(" \t")]
    for line in lines[1:-1]:
        line = line.lstrip().rstrip(" \t")
        if line:  # a line of white space only is part of the run
            kept.append(line)
    kept.append(lines[-1].lstrip())
    return "\n".join(kept)


def collapse_whitespace(page_html: str) -> str:
    if not _MAY_KEEP.search(page_html):
        return _collapse(page_html)
    parts = _KEEP_AS_IS.split(page_html)
    # split() puts the kept blocks at the odd positions.
    return "".join(part if index % 2 else _collapse(part) for index, part in enumerate(parts))
