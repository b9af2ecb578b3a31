"""A page of the served site with its article replaced: only where the page holds the old one exactly.

The page is the build's output for the content before the edit when its article is the one the
loaded content renders for it (content.py), once and only once; the theme's part of the page
(its head, navigation, table of contents) depends on nothing the edit changed (content.py checks
the title, the feeds and the headings). A page that does not hold it (the served site is of
another version, or the theme wrote it another way) is left for the build.

The page is replaced by a new file, never written in place: a served file can be a hard link to
the incremental cache's copy (roundbook/site/incremental/), which must keep its bytes.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from roundbook.site.preview.content import Splice


def apply_splices(site_dir: Path, splices: Iterable[Splice]) -> list[str]:
    """Replace each page's article in `site_dir`; the pages patched, as site paths."""
    patched = []
    for splice in splices:
        target = site_dir / splice.page
        try:
            page = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if page.count(splice.before) != 1:
            continue
        _replace(target, page.replace(splice.before, splice.after))
        patched.append(splice.page)
    return patched


def _replace(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(prefix=".roundbook-preview-", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))  # as readable as the page it replaces
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
