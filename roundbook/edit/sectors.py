"""Add sectors to content/reference/sectors.yml (`roundbook import` with `unknown_sectors: add`).

The file is rewritten as `roundbook fmt` rewrites it: read and written back by ruamel.yaml in
round-trip mode, so that its comments, quotes and layout stay as they are; the new sectors go
at the end of the table, each with its name. The result is checked as fmt checks its own: it must
read back, with the strict reader, to the old file's table with the new sectors and nothing else.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from roundbook.edit import roundtrip
from roundbook.edit.canonical import plain
from roundbook.edit.skeleton import _reads_back_as_text
from roundbook.load.yaml_nodes import read_yaml
from roundbook.problems import Problems


class UnfaithfulRewrite(Exception):
    """ruamel.yaml could not add the sectors without changing something else the file says."""


def with_sectors(text: str, sectors: list[tuple[str, str]]) -> str:
    """`text`, a sectors file that reads without problems, with the (slug, name) pairs added."""
    lf_text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    data = roundtrip.load(lf_text)
    table = data["sectors"]
    for slug, name in sectors:
        entry = CommentedMap()
        # A name such as `2024`, `yes` or `null` would read back as another thing: it is quoted.
        entry["name"] = name if _reads_back_as_text(name) else DoubleQuotedScalarString(name)
        table[slug] = entry
    result = roundtrip.dump(data)
    expected = plain(read_yaml("-", lf_text.encode(), Problems()))
    expected["sectors"].update({slug: {"name": name} for slug, name in sectors})
    if plain(read_yaml("-", result.encode(), Problems())) != expected:  # pragma: no cover - a safety net
        raise UnfaithfulRewrite()
    return result
