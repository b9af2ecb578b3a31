"""ruamel.yaml in round-trip mode, set to the canonical layout: it keeps comments, quotes, flow
lists and blank lines, and re-indents everything the same way."""

from __future__ import annotations

import io

from ruamel.yaml import YAML

# Wide enough that no line is ever folded: a long title stays on one line in a diff.
NEVER_FOLD = 100_000


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = NEVER_FOLD
    # Mappings indented by 2; list items by 2 with their dash, their fields by 4:
    #   sources:
    #     - id: bt
    #       url: https://...
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str):
    """The document as ruamel.yaml's commented mappings and lists."""
    return _yaml().load(text)


def dump(data) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue().rstrip("\n") + "\n"
