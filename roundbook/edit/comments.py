"""Find the comments in a YAML text, so a rewrite can prove it kept every one.

A comment is whatever starts with `#` in the gaps between the scanner's tokens: text inside a
quoted or block scalar is part of a token, never mistaken for a comment.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

# libyaml scans ten times faster and gives the same marks (in characters, like the Python scanner).
_Scanner = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Comment:
    line: int  # 1-based, like problems
    col: int
    text: str


def _tokens(text: str):
    loader = _Scanner(text)
    try:
        while loader.check_token():
            yield loader.get_token()
    finally:
        loader.dispose()


def _gap_comments(text: str, start: int, end: int, line: int, col: int, found: list[Comment]) -> None:
    position = start
    while True:
        hash_at = text.find("#", position, end)
        if hash_at < 0:
            return
        line_start = text.rfind("\n", 0, hash_at) + 1
        line_end = text.find("\n", hash_at, end)
        line_end = end if line_end < 0 else line_end
        # the gap began at `line:col`; count lines from there
        number = line + text.count("\n", start, hash_at)
        column = hash_at - line_start + 1 if number != line else col + (hash_at - start)
        found.append(Comment(number, column, text[hash_at:line_end].rstrip()))
        position = line_end


def comments(text: str) -> list[Comment]:
    """Every comment, in order. The text must be YAML that PyYAML can scan."""
    found: list[Comment] = []
    end_index, end_line, end_col = 0, 1, 1
    for token in _tokens(text):
        _gap_comments(text, end_index, token.start_mark.index, end_line, end_col, found)
        end_index, end_line, end_col = token.end_mark.index, token.end_mark.line + 1, token.end_mark.column + 1
    _gap_comments(text, end_index, len(text), end_line, end_col, found)
    return found
