"""The last build's site folder, kept in step with the build instead of emptied and filled again.

MkDocs empties the site folder at the start of every build, and an incremental build then links
nearly every page and file back into it from the cache: after an edit at 10,000 companies, that is
40,000 files unlinked and linked again in 13,000 folders, about 3 s of a build that changed nothing
(docs/pages/run/scale-log.md). So:

1. `set_aside`, before MkDocs empties the folder: the folder is renamed beside itself, whole, and
   MkDocs finds nothing to empty.
2. `put_back`, once the build knows every file it will write and before it writes any: the folder
   is renamed back and pruned. A file stays only where this build would link that very file (the
   same inode as its copy in the cache) to the same place; everything else goes. What MkDocs and
   the search engine write next is therefore always a new file, never written through a link into
   the cache, and nothing of an older build is left: the folder ends as a cold build's.

As MkDocs' own emptying does, hidden entries at the top of the folder (`.git`, `.nojekyll`) are left
alone. A build that stops between the two steps is repaired by the next one (`set_aside`), or by
`Aside.restore` when the build ends.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from typing import NamedTuple

ASIDE_SUFFIX = ".roundbook-aside"


class Aside(NamedTuple):
    """A site folder set aside: where it is, and where it goes back."""

    folder: str
    site_dir: str

    def put_back(self, linked: Mapping[str, str]) -> set[str]:
        """Rename the folder back and prune it. `linked`: each file this build links from the
        cache, by where it goes in the site folder (as MkDocs' `abs_dest_path` gives it) to its
        copy in the cache. The answer: those of them already there, which need not be linked again."""
        try:
            if os.path.isdir(self.site_dir) and not os.path.islink(self.site_dir):
                os.rmdir(self.site_dir)  # made (empty) since it was set aside; not empty, this fails
            os.rename(self.folder, self.site_dir)
        except OSError:
            _remove(self.folder)
            return set()
        wanted = {os.path.normpath(target): source for target, source in linked.items()}
        kept: set[str] = set()
        _prune(self.site_dir, wanted, kept, top=True)
        return kept

    def restore(self) -> None:
        """After a build stopped with the folder aside: put it back where no site was made since,
        else drop it."""
        if not os.path.lexists(self.folder):
            return
        try:
            if os.path.isdir(self.site_dir) and not os.path.islink(self.site_dir) and not os.listdir(self.site_dir):
                os.rmdir(self.site_dir)
            if not os.path.lexists(self.site_dir):
                os.rename(self.folder, self.site_dir)
                return
        except OSError:
            pass
        _remove(self.folder)


def set_aside(site_dir: str) -> Aside | None:
    """Rename the site folder aside; None when there is none to keep (or it is a symbolic link,
    or cannot be renamed): MkDocs then empties it as usual."""
    site_dir = os.path.normpath(site_dir)
    aside = Aside(site_dir + ASIDE_SUFFIX, site_dir)
    aside.restore()  # a build that stopped between the two steps left it there
    if os.path.islink(site_dir) or not os.path.isdir(site_dir):
        return None
    try:
        os.rename(site_dir, aside.folder)
    except OSError:
        return None
    return aside


def _prune(folder: str, wanted: Mapping[str, str], kept: set[str], top: bool = False) -> bool:
    """Remove what `wanted` does not ask for; whether the folder is left empty."""
    empty = True
    with os.scandir(folder) as entries:
        for entry in entries:
            if top and entry.name.startswith("."):
                empty = False  # MkDocs leaves these too
            elif entry.is_dir(follow_symlinks=False):
                if _prune(entry.path, wanted, kept):
                    os.rmdir(entry.path)
                else:
                    empty = False
            elif _is_linked(entry, wanted.get(entry.path)):
                kept.add(entry.path)
                empty = False
            else:
                os.unlink(entry.path)  # a symbolic link goes, never what it points to
    return empty


def _is_linked(entry: os.DirEntry, source: str | None) -> bool:
    if source is None or not entry.is_file(follow_symlinks=False):
        return False
    try:
        return os.path.samestat(entry.stat(follow_symlinks=False), os.stat(source))
    except OSError:
        return False


def _remove(path: str) -> None:
    if os.path.islink(path) or not os.path.isdir(path):
        try:
            os.unlink(path)
        except OSError:
            pass
    else:
        shutil.rmtree(path, ignore_errors=True)
