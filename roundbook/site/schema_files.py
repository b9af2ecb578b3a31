"""The JSON Schemas of the content format, published with the site at a stable address.

`/schemas/v1/round.schema.json` and its siblings are the files in the repository's `schemas/`,
byte for byte, so an editor or a tool outside the repository can point at the published copy.
The `v1` is the content format's version: a later, incompatible format gets a new folder and
the old address keeps working.
"""

from __future__ import annotations

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from roundbook.schema.export import render_schemas
from roundbook.schema.kinds import FORMAT_VERSION

SCHEMA_URL_DIR = f"schemas/v{FORMAT_VERSION}"


def add_schema_files(files: Files, config) -> None:
    for name, text in render_schemas().items():
        uri = f"{SCHEMA_URL_DIR}/{name}"
        if files.get_file_from_path(uri) is not None:
            # Files.append would silently replace it; say which file is in the way instead.
            raise Abort(f"Roundbook: {uri} in the docs folder clashes with the published JSON Schema; rename it.")
        files.append(File.generated(config, uri, content=text))
