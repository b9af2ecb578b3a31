"""The one folder outside every project where Roundbook keeps what it makes once for all of a
user's sites: the key that signs the build caches (site/incremental/store.py), jieba's
dictionary as a database (site/search/chinese_words.py) and Jinja's compiled templates
(template_code.py). Outside the project, so that nothing a contributor commits can put a file there."""

from __future__ import annotations

import os
from pathlib import Path


def user_cache_folder() -> Path:
    """$XDG_CACHE_HOME/roundbook, or ~/.cache/roundbook (the XDG base directory convention)."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "roundbook"
