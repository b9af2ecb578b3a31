"""A new content file with every field present and explained in a comment.

Fields come in the order of `roundbook/schema/kinds.py`, so a new file is already in fmt's
canonical layout. A field with no value is written empty (`field:`), which the validator and the
JSON Schemas read as left out, unless the field is required.
"""

from __future__ import annotations

import datetime as dt
import re

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from roundbook.edit import roundtrip
from roundbook.edit.modeline import modeline
from roundbook.load.yaml_nodes import Scalar, read_yaml
from roundbook.problems import Problems
from roundbook.schema.fields import Field, ListType, LiteralOr, ObjectType
from roundbook.schema.kinds import KINDS

COMMENT_COLUMN = 30
_FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WHOLE_NUMBER = re.compile(r"^[0-9]+$")


def _reads_back_as_text(value: str) -> bool:
    """True when `value` written plain reads back, with the strict reader, as exactly this text."""
    problems = Problems()
    tree = read_yaml("-", f"k: {value}\n".encode(), problems)
    node = tree.get("k") if tree is not None else None
    return not problems and isinstance(node, Scalar) and node.value == value


def yaml_value(value):
    """The Python value to hand ruamel.yaml so that the file says `value` the way a person writes it."""
    if isinstance(value, list):
        items = CommentedSeq([yaml_value(item) for item in value])
        items.fa.set_flow_style()  # [alibaba, hongshan]: short and easy to review
        return items
    if not isinstance(value, str):
        return value
    if _FULL_DATE.match(value):
        return dt.date.fromisoformat(value)  # written 2024-02-27, not '2024-02-27'
    if _WHOLE_NUMBER.match(value):
        return int(value)  # a year or a written-out amount, plain
    return value if _reads_back_as_text(value) else DoubleQuotedScalarString(value)


def _shape(field_type) -> ObjectType | None:
    """The mapping a field holds, directly or as the items of a list; None for other fields."""
    if isinstance(field_type, LiteralOr):
        field_type = field_type.other
    if isinstance(field_type, ListType):
        field_type = field_type.item
    return field_type if isinstance(field_type, ObjectType) else None


def _comment(spec: Field) -> str:
    words = ("required: " if spec.required else "") + spec.doc
    shape = _shape(spec.type)
    if shape is not None and spec.name != "sources":
        names = ", ".join(f.name for f in shape.fields)
        words += f" (fields: {names})"
    return words


def _nested(spec: Field) -> ObjectType:
    """The mapping type of a field given a mapping, or a list of mappings, in `new_file_text`'s values."""
    shape = _shape(spec.type)
    # Callers give a mapping only to a field that holds one (an amount, a source): anything else is a bug.
    assert shape is not None, f"'{spec.name}' holds no mapping"
    return shape


def _object(object_type: ObjectType, values: dict) -> CommentedMap:
    """Every field of `object_type`, given or empty, each with its comment."""
    mapping = CommentedMap()
    for spec in object_type.fields:
        value = values.get(spec.name)
        if isinstance(value, dict):
            value = _object(_nested(spec), value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            value = CommentedSeq([_object(_nested(spec), item) for item in value])
        else:
            value = yaml_value(value)
        mapping[spec.name] = value
        mapping.yaml_add_eol_comment(_comment(spec), spec.name, column=COMMENT_COLUMN)
    return mapping


def new_file_text(kind: str, shown_path: str, values: dict, header: list[str]) -> str:
    """The text of a new file of `kind` at `shown_path`: modeline, header comments, every field.

    `values` maps field names to what is known: text, lists of text, mappings for nested fields
    and lists of mappings (sources). Nested mappings get every one of their fields too.
    """
    data = _object(KINDS[kind], values)
    data.yaml_set_start_comment("\n".join([modeline(shown_path, kind).removeprefix("# "), *header]))
    return roundtrip.dump(data)
