"""The whole site against what its host publishes: GitHub Pages takes sites of at most 1 GB.

A pull request of a hundred thousand small files once made a 2.8 GB site that the build wrote
without a word; the deployment would then fail, or the host would refuse it. The site's size is
measured when the build has written everything (Pagefind's index included): past `max_site_mb`
(mkdocs.yml, 1,000 by default) the build fails and says so, and from 80 % of it, it warns. The
warning is not MkDocs' own, so that `--strict` does not turn it into a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

from roundbook.site.build_warnings import build_warnings

GITHUB_PAGES_MB = 1_000
WARN_FROM = 0.8
MB = 1_000_000


def site_bytes(folder: Path) -> int:
    """The bytes of every file under `folder`."""
    total, pending = 0, [str(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
                else:
                    total += entry.stat(follow_symlinks=False).st_size
    return total


def over_budget(folder: Path, limit_mb: int, config_file: str) -> str | None:
    """The error when the site is larger than `limit_mb`; warns from 80 % of it."""
    size = site_bytes(folder)
    shown = f"{size / MB:,.1f} MB"
    if size > limit_mb * MB:
        return (
            f"{config_file}:1:1: the built site is {shown}; the limit is {limit_mb:,} MB "
            f"(max_site_mb of the roundbook plugin; GitHub Pages publishes at most {GITHUB_PAGES_MB:,} MB)"
        )
    if size >= WARN_FROM * limit_mb * MB:
        build_warnings().warning(
            f"Roundbook: the built site is {shown}, {size / (limit_mb * MB):.0%} of its limit of "
            f"{limit_mb:,} MB (max_site_mb in {config_file})"
        )
    return None
