"""Ask one URL for its HTTP status, and nothing more: HEAD, then GET when the server refuses HEAD.

The URLs come from strangers' pull requests, so each request is bounded: it goes only to
addresses vetted by roundbook.links.addresses (each redirect is followed here, hop by hop, and
vetted the same way; urllib would follow it unchecked), at most MAX_REDIRECTS of them, within a
time budget for the whole URL, and reading at most HEAD_BYTES of each answer, never a body.
"""

from __future__ import annotations

import functools
import http.client
import io
import socket
import ssl
import string
from collections.abc import Iterable
from time import monotonic
from urllib.parse import quote, urldefrag, urljoin, urlsplit

from roundbook.links.addresses import Network, NotPublic, vetted

USER_AGENT = "Roundbook link checker (https://github.com/roundbook/roundbook)"
# Servers that do not answer HEAD properly; the same URL is then asked with GET.
HEAD_REFUSED = {403, 405, 501}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
HEAD_BYTES = 64 * 1024  # a status line and headers fit many times over; a body is not read
TOTAL_TIMEOUTS = 3  # a URL's requests, redirects included, share three times --timeout
PORTS = {"http": 80, "https": 443}


class GiveUp(Exception):
    """A reason to stop asking a URL that another try would only repeat; reported as it is."""


class OutOfTime(TimeoutError):
    """The URL's requests together have used all the time it has."""


class _Clock:
    """A URL's time: each socket operation waits at most `timeout` seconds, and all of them
    together at most TOTAL_TIMEOUTS times that, so a server that trickles bytes cannot hold on."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.total = TOTAL_TIMEOUTS * timeout
        self.end = monotonic() + self.total

    def left(self) -> float:
        """How long the next socket operation may wait; raises OutOfTime when nothing is left."""
        left = self.end - monotonic()
        if left <= 0:
            raise OutOfTime(f"no answer within {self.total:g} s in all, redirects included")
        return min(self.timeout, left)


class _Metered(io.RawIOBase):
    """A connection's socket as http.client uses it: every operation waits only as long as the
    clock allows, and reading stops at HEAD_BYTES, enough for the status line and headers."""

    def __init__(self, sock: socket.socket, clock: _Clock):
        super().__init__()
        self.sock, self.clock, self.unread = sock, clock, HEAD_BYTES

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.unread <= 0:
            raise GiveUp(f"stopped reading: headers longer than {HEAD_BYTES // 1024} KiB")
        self.sock.settimeout(self.clock.left())
        count = self.sock.recv_into(buffer, min(len(buffer), self.unread))
        self.unread -= count
        return count

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(self.clock.left())
        self.sock.sendall(data)

    def makefile(self, mode: str) -> io.BufferedReader:  # what http.client reads the answer from
        return io.BufferedReader(self)

    def close(self) -> None:
        self.sock.close()
        super().close()


class _Pinned(http.client.HTTPConnection):
    """A connection to the addresses vetted for `host`, never to what `host` resolves to now: a
    second lookup could answer with another address (DNS rebinding). `host` is only the Host header."""

    def __init__(self, host: str, port: int, addresses: list[str], clock: _Clock):
        super().__init__(host, port)
        self.addresses, self.clock = addresses, clock

    def connect(self) -> None:
        self.sock = _Metered(self._open(), self.clock)

    def _open(self) -> socket.socket:
        # Raised as it is only when there is no address at all (`raise None` was a TypeError, which
        # the link check does not catch).
        error = OSError(f"no address to connect to for {self.host}")
        for address in self.addresses:  # in the resolver's order, as socket.create_connection does
            wait = self.clock.left()
            try:
                return socket.create_connection((address, self.port), wait)
            except OSError as failed:
                error = failed
        raise error


@functools.cache
def _tls() -> ssl.SSLContext:
    """Made when the first https URL is asked, not on import: it loads the system's certificates."""
    return ssl.create_default_context()


class _PinnedTLS(_Pinned):
    """The same over TLS: SNI names `host` and the certificate must be valid for it."""

    default_port = 443  # the Host header leaves it out

    def _open(self) -> socket.socket:
        return _tls().wrap_socket(super()._open(), server_hostname=self.host)


def _ask(url: str, method: str, clock: _Clock, allowed: Iterable[Network]) -> tuple[int, str | None]:
    """One request: the answer's status and Location header. Raises NotPublic before connecting."""
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError("no host given")
    port = parts.port or PORTS[parts.scheme]
    addresses = vetted(parts.hostname, port, allowed)
    connection = (_PinnedTLS if parts.scheme == "https" else _Pinned)(parts.hostname, port, addresses, clock)
    try:
        connection.request(
            method, (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), headers={"User-Agent": USER_AGENT}
        )
        response = connection.getresponse()  # reads the status line and headers only
        return response.status, response.getheader("Location")
    finally:
        connection.close()


def _follow(url: str, method: str, clock: _Clock, allowed: Iterable[Network]) -> int:
    """The status at the end of `url`'s redirects, each hop vetted before it is asked."""
    hop, seen = url, {url}
    for redirects in range(MAX_REDIRECTS + 1):
        if urlsplit(hop).scheme not in PORTS:
            raise GiveUp(
                f"refused: redirected to {hop}, not an http or https URL"
                if redirects
                else f"refused: {hop} is not an http or https URL"
            )
        try:
            status, location = _ask(hop, method, clock, allowed)
        except NotPublic as refusal:
            raise GiveUp(
                f"refused: redirected to {hop}, where {refusal}" if redirects else f"refused: {refusal}"
            ) from None
        if status not in REDIRECTS or not location:
            return status
        # Percent-encoded as urllib does: http.client reads a header's bytes beyond ASCII as Latin-1.
        following = quote(urldefrag(urljoin(hop, location)).url, safe=string.punctuation, encoding="iso-8859-1")
        if following in seen:
            raise GiveUp(f"redirect loop: {hop} redirects back to {following}")
        hop = following
        seen.add(hop)
    raise GiveUp(f"more than {MAX_REDIRECTS} redirects (the next, to {hop}, not followed)")


def fetch_status(url: str, timeout: float, allowed: Iterable[Network] = ()) -> int:
    """The HTTP status of `url` after redirects. Raises GiveUp, or OSError, ValueError or
    http.client.HTTPException when no answer comes (OutOfTime when the URL's time ran out)."""
    clock = _Clock(timeout)
    try:
        status = _follow(url, "HEAD", clock, allowed)
        return _follow(url, "GET", clock, allowed) if status in HEAD_REFUSED else status
    except TimeoutError:
        clock.left()  # raises OutOfTime instead when that wait was the last of the URL's time
        raise
