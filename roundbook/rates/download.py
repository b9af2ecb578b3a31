"""Fetch the ECB's reference-rate history when no saved copy is given.

The default address is the one the ECB documents for the whole history, zipped. Without a
network (or with the ECB unreachable) the command fails with the reason and the way around it:
download the file elsewhere and give it with --from.
"""

from __future__ import annotations

import urllib.error
import urllib.request

ECB_HISTORY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
TIMEOUT_SECONDS = 60
# The zip is about 0.7 MB and grows by a few hundred bytes a day; an answer far larger is not it.
MAX_BYTES = 50_000_000


class DownloadFailed(Exception):
    """The history could not be fetched; the message says why."""


def download(url: str = ECB_HISTORY_URL) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "Roundbook rates update"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as answer:
            data = answer.read(MAX_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise DownloadFailed(f"HTTP {error.code}") from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise DownloadFailed(str(reason)) from None
    if len(data) > MAX_BYTES:
        raise DownloadFailed(f"the answer is larger than {MAX_BYTES:,} bytes")
    return data
