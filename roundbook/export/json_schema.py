"""Building blocks of the JSON API's schemas (every version), and the data page's field tables made from them.

A schema module describes each field once, with `field`; the published schema and the tables
on the data page both come from those descriptions.
"""

from __future__ import annotations

import json

from roundbook.schema.fields import SLUG_PATTERN

DATE = {"type": "string", "pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"}
FULL_DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
URL = {"type": "string", "format": "uri", "pattern": "^https?://"}
SLUG = {"type": "string", "pattern": SLUG_PATTERN}
TEXT = {"type": "string"}
COUNT = {"type": "integer", "minimum": 0}
FIGURE = {"type": "number", "exclusiveMinimum": 0}
DOLLARS = {"type": "integer", "minimum": 0}
TIMESTAMP = {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"}
CURRENCY = {"type": "string", "pattern": "^[A-Z]{3}$"}
COUNTRY = {"type": "string", "pattern": "^[A-Z]{2}$"}
RATE_MONTH = {"type": "string", "pattern": r"^\d{4}-\d{2}$"}


def schema_envelope(schema_id: str, title: str, description: str, documents: dict, defs: dict) -> dict:
    """A version's whole schema: every file of the version is one of its `documents`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "title": title,
        "description": description,
        "oneOf": [ref(name) for name in documents],
        "$defs": {**documents, **defs},
    }


def ref(name: str) -> dict:
    return {"$ref": f"#/$defs/{name}"}


def nullable(schema: dict) -> dict:
    if set(schema) == {"type"} and isinstance(schema["type"], str):
        return {"type": [schema["type"], "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def list_of(schema: dict) -> dict:
    return {"type": "array", "items": schema}


def field(schema: dict, description: str) -> dict:
    return {**schema, "description": description}


def record(title: str, description: str, fields: dict[str, dict], optional: frozenset[str] = frozenset()) -> dict:
    """An object with these fields and nothing else; every field is present except the `optional` ones."""
    return {
        "type": "object",
        "title": title,
        "description": description,
        "additionalProperties": False,
        "required": [name for name in fields if name not in optional],
        "properties": fields,
    }


def document(
    name: str, title: str, description: str, fields: dict[str, dict], optional: frozenset[str] = frozenset()
) -> dict:
    return record(
        title,
        description,
        {"document": field({"const": name}, f"Always {name}: what this file holds"), **fields},
        optional,
    )


# The field tables on the data page, made from the descriptions.

_WORDS = {
    "string": "text",
    "integer": "whole number",
    "number": "number",
    "boolean": "true or false",
    "null": "null",
    "object": "object",
    "array": "list",
}


def anchor(name: str) -> str:
    return "api-" + "".join(f"-{c.lower()}" if c.isupper() else c for c in name)


def type_text(schema: dict, definitions: dict[str, dict]) -> str:
    """A field's type in words, with HTML links to the other records: `list of <a href="#api-source">Source</a>`."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return f'<a href="#{anchor(name)}">{definitions[name]["title"]}</a>'
    if "anyOf" in schema:
        return " or ".join(type_text(option, definitions) for option in schema["anyOf"])
    if "const" in schema:
        return "always " + json.dumps(schema["const"])
    if "enum" in schema:
        return "text, one of: " + ", ".join(schema["enum"]) if len(schema["enum"]) <= 6 else "text, from a fixed list"
    types = schema.get("type")
    if isinstance(types, list):
        return " or ".join(type_text({**schema, "type": t}, definitions) for t in types)
    if types == "array":
        return "list of " + type_text(schema["items"], definitions)
    if types == "object" and isinstance(schema.get("additionalProperties"), dict) and "properties" not in schema:
        return "object: slug to " + type_text(schema["additionalProperties"], definitions)
    if types == "string" and schema.get("pattern") == DATE["pattern"]:
        return "date: YYYY, YYYY-MM or YYYY-MM-DD"
    if types == "string" and schema.get("format") == "date-time":
        return "date and time: YYYY-MM-DDThh:mm:ssZ"
    if types == "string" and schema.get("format") == "date":
        return "date: YYYY-MM-DD"
    if types == "string" and schema.get("format") == "uri":
        return "URL"
    return _WORDS.get(types, "any") if isinstance(types, str) else "any"


def field_tables(definitions: dict[str, dict], optional_note: str = "") -> list[dict]:
    """Each document and record of a schema's `definitions`, in order: its anchor, title,
    description and (field, type, meaning) rows. A field that may be absent has `optional_note`
    after its type."""
    tables = []
    for name, schema in definitions.items():
        shapes = schema.get("oneOf", [schema])  # money has two shapes: a figure, or undisclosed
        for number, shape in enumerate(shapes):
            required = set(shape["required"])
            tables.append(
                {
                    "anchor": anchor(name) + (f"-{number}" if number else ""),
                    "title": schema["title"] + (f": {shape['title'].lower()}" if len(shapes) > 1 else ""),
                    "description": schema["description"] if number == 0 else shape["description"],
                    "fields": [
                        (
                            key,
                            type_text(value, definitions) + ("" if key in required else optional_note),
                            value["description"],
                        )
                        for key, value in shape["properties"].items()
                    ],
                }
            )
    return tables
