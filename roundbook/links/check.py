"""Request URLs the way a polite crawler does: a few hosts at a time, one request at a time per
host with a pause between them, a timeout on each, and retries for what may pass on a second try.

Each URL is asked by roundbook.links.fetch, which asks public addresses only (and those of the
networks allowed).
"""

from __future__ import annotations

import http.client
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlsplit

from roundbook.links.addresses import Network
from roundbook.links.fetch import GiveUp, OutOfTime, fetch_status

# Worth a second try: the server is busy or briefly broken, or the network dropped the request.
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class LinkResult:
    url: str
    status: int | None  # the final HTTP status, None when no answer came
    error: str | None = None  # why no status came: no answer, or the URL was refused or given up
    attempts: int = 1

    @property
    def dead(self) -> bool:
        return self.status is None or self.status >= 400

    def describe(self) -> str:
        tries = f" ({self.attempts} attempts)" if self.attempts > 1 else ""
        if self.status is not None:
            return f"HTTP {self.status}{tries}"
        return f"{self.error}{tries}"


Fetch = Callable[[str, float], int]


def _no_answer(error: BaseException, timeout: float) -> str:
    if isinstance(error, OutOfTime):
        return str(error)
    if isinstance(error, TimeoutError):
        return f"no answer within {timeout:g} s"
    return f"no answer ({error})"


@dataclass
class Politeness:
    """How hard to press each host: `delay` seconds between two requests to one host."""

    delay: float = 1.0
    sleep: Callable[[float], None] = time.sleep  # tests pass a recorder: they never sleep
    waits: list[float] = field(default_factory=list)

    def pause(self) -> None:
        if self.delay > 0:
            self.waits.append(self.delay)
            self.sleep(self.delay)


def _check_one(url: str, fetch: Fetch, timeout: float, retries: int, politeness: Politeness, first: bool) -> LinkResult:
    result = None
    for attempt in range(1, retries + 2):
        if not (first and attempt == 1):
            politeness.pause()  # also before a retry: a busy host is given the same room
        try:
            status = fetch(url, timeout)
            result = LinkResult(url, status, attempts=attempt)
            if status not in RETRY_STATUSES:
                return result
        except GiveUp as error:  # a refused address, too many redirects: a second try would repeat it
            return LinkResult(url, None, str(error), attempts=attempt)
        except (OSError, ValueError, http.client.HTTPException) as error:  # timeouts, refusals, bad answers or hosts
            result = LinkResult(url, None, _no_answer(error, timeout), attempts=attempt)
    assert result is not None  # the loop runs at least once, and each pass sets it or returns
    return result


def _check_host(
    urls: list[str], fetch: Fetch, timeout: float, retries: int, politeness: Politeness
) -> list[LinkResult]:
    """One host's URLs, strictly one after the other."""
    return [_check_one(url, fetch, timeout, retries, politeness, first=index == 0) for index, url in enumerate(urls)]


def check_urls(
    urls: Iterable[str],
    *,
    concurrency: int = 8,
    timeout: float = 10.0,
    retries: int = 2,
    politeness: Politeness | None = None,
    allowed: Iterable[Network] = (),
) -> dict[str, LinkResult]:
    """Each distinct URL's result. Hosts are checked `concurrency` at a time; each host's URLs
    one after the other, which is what keeps the checker polite however many workers run.
    Addresses that are not public are refused unless they are in an `allowed` network."""
    politeness = politeness or Politeness()
    fetch = partial(fetch_status, allowed=tuple(allowed))
    by_host: dict[str, list[str]] = defaultdict(list)
    for url in dict.fromkeys(urls):
        by_host[(urlsplit(url).hostname or "").lower()].append(url)
    results: dict[str, LinkResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        for host_results in pool.map(
            lambda host: _check_host(by_host[host], fetch, timeout, retries, politeness), sorted(by_host)
        ):
            for result in host_results:
                results[result.url] = result
    return results
