"""Options of the `roundbook` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class RoundbookConfig(base.Config):
    content_dir = c.Type(str, default="content")
    """Folder of YAML records and hand-written text, relative to mkdocs.yml."""

    templates_dir = c.Type(str, default="templates")
    """Folder of the Jinja templates that turn records into pages, relative to mkdocs.yml."""
