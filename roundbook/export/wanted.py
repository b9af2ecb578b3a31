"""Which files to make: an incremental build has some already (roundbook/site/incremental/).

The exports ask `wanted(path)` before making each file that one profile alone is made from (its
JSON documents, a company's feed, a redirect from a former address), and leave out the files it
answers False for. The files made from the whole dataset (the lists, downloads, the site's feed,
the schemas) are always made.
"""

from __future__ import annotations

from collections.abc import Callable

Wanted = Callable[[str], bool]


def every_file(path: str) -> bool:
    return True
