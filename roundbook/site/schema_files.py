"""The JSON Schemas of the content format, published with the site at a stable address.

`/schemas/v1/round.schema.json` and its siblings are the files in the repository's `schemas/`,
byte for byte, so an editor or a tool outside the repository can point at the published copy.
The `v1` is the content format's version: a later, incompatible format gets a new folder and
the old address keeps working.
"""

from __future__ import annotations

from mkdocs.structure.files import File, Files

from roundbook.addresses import schema_file
from roundbook.schema.export import render_schemas


def schema_paths() -> list[str]:
    """Where the schemas are published: `schemas/v1/round.schema.json` and its siblings."""
    return [schema_file(name) for name in render_schemas()]


def add_schema_files(files: Files, config) -> None:
    # No hand-written file can be at these addresses: roundbook/site/hand_written.py refuses any.
    for name, text in render_schemas().items():
        files.append(File.generated(config, schema_file(name), content=text))
