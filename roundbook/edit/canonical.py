"""The canonical layout of a content file: fields in the order `roundbook/schema/kinds.py` lists
them, the modeline first, and ruamel.yaml's indentation; comments, quotes and flow lists kept.

A rewrite is checked before it is used: the new text must read back, with the strict reader,
to exactly the same data, and hold every comment of the old one. When it does not, the file is
reported and left alone.
"""

from __future__ import annotations

from collections import Counter

from ruamel.yaml import YAMLError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from roundbook.edit import roundtrip
from roundbook.edit.comments import comments
from roundbook.edit.modeline import is_modeline, modeline, with_modeline
from roundbook.load.yaml_nodes import Mapping, Node, Scalar, Sequence, read_yaml
from roundbook.problems import Mark, Problems
from roundbook.schema.fields import FieldType, ListType, LiteralOr, MapType, ObjectType
from roundbook.schema.kinds import KINDS


def _reorder(data, field_type: FieldType) -> None:
    """Put every mapping's keys in the order its type lists its fields, all the way down."""
    if isinstance(field_type, LiteralOr):
        _reorder(data, field_type.other)
    elif isinstance(field_type, ListType) and isinstance(data, CommentedSeq):
        for item in data:
            _reorder(item, field_type.item)
    elif isinstance(field_type, MapType) and isinstance(data, CommentedMap):
        for value in data.values():  # the keys of a table (sectors, rates) stay as written
            _reorder(value, field_type.value)
    elif isinstance(field_type, ObjectType) and isinstance(data, CommentedMap):
        order = [spec.name for spec in field_type.fields if spec.name in data]
        for key in order + [key for key in data if key not in field_type.by_name]:
            data.move_to_end(key)
        for spec in field_type.fields:
            if spec.name in data:
                _reorder(data[spec.name], spec.type)


def plain(node: Node | None):
    """What a node tree means, without marks or key order: two texts mean the same if equal."""
    if isinstance(node, Mapping):
        return {key: plain(value) for key, (_, value) in node.entries.items()}
    if isinstance(node, Sequence):
        return [plain(item) for item in node.items]
    return node.value if isinstance(node, Scalar) else node


def _comment_texts(text: str) -> Counter:
    return Counter(c.text for c in comments(text) if not is_modeline(c.text))


def canonical_text(shown_path: str, kind: str, text: str, problems: Problems) -> str | None:
    """The file in its canonical layout, or None after adding to `problems` why it cannot be.

    `text` must already read without problems with the strict reader (the caller checks).
    """
    # YAML reads CR LF and CR as line breaks, so LF alone means the same; ruamel.yaml would keep
    # a CR in comments.
    lf_text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        data = roundtrip.load(lf_text)
    except YAMLError as error:  # pragma: no cover - the strict reader refuses these first
        problems.add(Mark(shown_path, 1, 1), f"fmt cannot read this file: {error}")
        return None
    _reorder(data, KINDS[kind])
    result = with_modeline(roundtrip.dump(data), modeline(shown_path, kind))
    check = Problems()
    before, after = read_yaml(shown_path, text.encode(), check), read_yaml(shown_path, result.encode(), check)
    if check or plain(before) != plain(after):  # pragma: no cover - a safety net for ruamel.yaml
        problems.add(
            Mark(shown_path, 1, 1),
            "fmt could not rewrite this file without changing what it says; it is left as it was (please report this)",
        )
        return None
    lost = _comment_texts(text) - _comment_texts(result)
    if lost:
        for comment in comments(text):
            if lost[comment.text] > 0:
                lost[comment.text] -= 1
                problems.add(
                    Mark(shown_path, comment.line, comment.col),
                    "fmt cannot keep this comment: put it on a line of its own, outside [ ] and { }",
                )
        return None
    return result
