"""Where the content cites URLs: every URL field the format defines, found through the format
itself, so a URL field added later is checked without a change here."""

from __future__ import annotations

from dataclasses import dataclass

from roundbook.problems import Mark
from roundbook.schema.fields import FieldType, ListType, LiteralOr, MapType, ObjectType, UrlType
from roundbook.schema.kinds import KINDS
from roundbook.schema.values import Text
from roundbook.validate import CheckedContent


@dataclass(frozen=True, order=True)
class CitedUrl:
    url: str
    mark: Mark


def _walk(field_type: FieldType, value, found: list[CitedUrl]) -> None:
    if isinstance(field_type, UrlType) and isinstance(value, Text):  # UrlType's checked value
        found.append(CitedUrl(str(value), value.mark))
    elif isinstance(field_type, ObjectType) and isinstance(value, dict):
        for spec in field_type.fields:
            if spec.name in value:
                _walk(spec.type, value[spec.name], found)
    elif isinstance(field_type, ListType) and isinstance(value, list):
        for item in value:
            _walk(field_type.item, item, found)
    elif isinstance(field_type, MapType) and isinstance(value, dict):
        for item in value.values():
            _walk(field_type.value, item, found)
    elif isinstance(field_type, LiteralOr):
        _walk(field_type.other, value, found)


def cited_urls(checked: CheckedContent) -> list[CitedUrl]:
    """Every URL that passed its own check, with where it is written, in file order."""
    entries = [
        *checked.organizations.values(),
        *checked.people.values(),
        *checked.rounds,
        *[entry for entry in (checked.sectors, checked.currency_rates) if entry is not None],
    ]
    found: list[CitedUrl] = []
    for entry in entries:
        _walk(KINDS[entry.kind], entry.record, found)
    return sorted(found, key=lambda cited: cited.mark)
