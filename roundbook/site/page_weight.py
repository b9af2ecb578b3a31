"""Less weight per page, the same page: the theme's templates indent every line of markup.

Material's templates leave several kilobytes of indentation and blank lines on every page, and a
large site has tens of thousands of pages on a host that caps the whole site (GitHub Pages: 1 GB).
A run of white space that holds a line break renders exactly as one line break does, outside
`<pre>` and `<textarea>`, so each such run becomes one line break there and nothing else changes.
"""

from __future__ import annotations

import re

_KEEP_AS_IS = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>)", re.S | re.I)
_LINE_BREAK_RUN = re.compile(r"[ \t]*\n\s*")


def collapse_whitespace(page_html: str) -> str:
    parts = _KEEP_AS_IS.split(page_html)
    # split() puts the kept blocks at the odd positions.
    return "".join(part if index % 2 else _LINE_BREAK_RUN.sub("\n", part) for index, part in enumerate(parts))
