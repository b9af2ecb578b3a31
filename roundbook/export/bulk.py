"""Bulk files: the CSV downloads and the JSON API's lists, the files that grow with the whole dataset.

At 10,000 companies they are 120 MB of plain text, a fifth of the site, on a host that caps the
whole site (GitHub Pages: 1 GB). With the plugin's `compress_downloads` option each is published
gzipped instead, as `rounds.csv.gz`, about a tenth of the size; pandas, R's readr and DuckDB read
such files as they are, a spreadsheet after unpacking. Every other file stays as it is: a page,
a profile's JSON document or a feed is small, and a browser or feed reader must open it directly.
"""

from __future__ import annotations

import gzip
from dataclasses import replace

from roundbook.export.site import OutputFile, SiteInfo

GZIP_MEDIA_TYPE = "application/gzip"

# gzip's middle level: at 10,000 companies the highest took twice as long (2.2 s against 1.2 s
# for investments.csv and rounds.json) for files 2 % smaller.
COMPRESS_LEVEL = 6


def gzipped(content: bytes) -> bytes:
    """`content` gzipped with no file name and no time in the header: the same data gives the same bytes."""
    return gzip.compress(content, compresslevel=COMPRESS_LEVEL, mtime=0)


def bulk_file(site: SiteInfo, output: OutputFile) -> OutputFile:
    """`output` as the site publishes a bulk file, marked as one: as it is, or gzipped with `.gz`
    added to its name."""
    if not site.compress_downloads:
        return replace(output, bulk=True)
    gz = gzipped(output.content)  # its parts (OutputFile.parts) are still those of the plain content
    return OutputFile(output.path + site.bulk_suffix, gz, GZIP_MEDIA_TYPE, bulk=True, parts=output.parts)
