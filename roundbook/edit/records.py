"""A complete content file from known values, in fmt's canonical layout (`roundbook import`).

Unlike `roundbook new`'s files, only the fields that have a value are written: an imported file
is finished, not a form to fill in. Lists are written one item a line, as the shipped files
are, so a later change shows as one line in a diff.
"""

from __future__ import annotations

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from roundbook.edit import roundtrip
from roundbook.edit.modeline import modeline
from roundbook.edit.skeleton import COMMENT_COLUMN, _shape, yaml_value
from roundbook.schema.fields import ObjectType
from roundbook.schema.kinds import KINDS


def _value(value, field_type):
    shape = _shape(field_type)
    if isinstance(value, dict) and shape is not None:
        return _mapping(shape, value, {})
    if isinstance(value, list):
        return CommentedSeq([_value(item, field_type) for item in value])
    return yaml_value(str(value) if isinstance(value, str) else value)  # a plain str, not a subclass


def _mapping(object_type: ObjectType, values: dict, comments: dict[str, str]) -> CommentedMap:
    mapping = CommentedMap()
    for spec in object_type.fields:
        value = values.get(spec.name)
        if value is None or value == [] or value == {}:
            continue
        mapping[spec.name] = _value(value, spec.type)
        if spec.name in comments:
            mapping.yaml_add_eol_comment(comments[spec.name], spec.name, column=COMMENT_COLUMN)
    return mapping


def record_text(
    kind: str, shown_path: str, values: dict, header: list[str], comments: dict[str, str] | None = None
) -> str:
    """The file's text: modeline, `header` comment lines, then the fields that have a value.

    `comments` puts an end-of-line comment on top-level fields, to say a value is a placeholder.
    """
    data = _mapping(KINDS[kind], values, comments or {})
    data.yaml_set_start_comment("\n".join([modeline(shown_path, kind).removeprefix("# "), *header]))
    return roundtrip.dump(data)
