"""Under `mkdocs serve`, each build writes into a folder beside the served one, which takes its place whole.

MkDocs empties the folder it serves at the start of each build, and holds every request until
the build ends, so that no one sees half a site: at 10,000 companies, a minute in which the
preview answers nothing. Built beside it, the served site stays whole and answers throughout (a
page patched after an edit, splice.py, included), and the new one replaces it in two renames
when the build is done. A failed build leaves the served site as it was.
"""

from __future__ import annotations

import itertools
import os
import shutil
import threading
from pathlib import Path

_replaced = itertools.count()


def available() -> bool:
    """Where a folder can be renamed while files in it are open (the server may be sending one):
    not on Windows, where the preview is built in place, as MkDocs does, and not patched before."""
    return os.name == "posix"


def staging_folder(served: str) -> str:
    """The folder the build writes into, made empty: beside the served one, on its file system."""
    staging = f"{served.rstrip(os.sep)}.next"
    shutil.rmtree(staging, ignore_errors=True)
    os.makedirs(staging)
    return staging


def publish(staging: str, served: str) -> None:
    """The staged site in the served folder's place; the last one is removed in the background."""
    old = f"{served.rstrip(os.sep)}.old-{next(_replaced)}"
    if os.path.isdir(served):
        os.rename(served, old)
    os.rename(staging, served)
    threading.Thread(target=shutil.rmtree, args=(old, True), daemon=True).start()


def remove_staging(served: str) -> None:
    """What a build left beside the served folder: when serve stops, or a build failed."""
    shutil.rmtree(f"{served.rstrip(os.sep)}.next", ignore_errors=True)
    for old in Path(served).parent.glob(f"{Path(served).name}.old-*"):
        shutil.rmtree(old, ignore_errors=True)
