"""Which addresses check-links may ask: public ones only, unless the user allows a network.

The URLs come from content files, that is from strangers' pull requests, and check-links runs on
a build machine: a URL that names a loopback, private or link-local address (a cloud's metadata
service at 169.254.169.254, an admin page on 127.0.0.1) would make that machine ask its own
network. So every host is resolved here, every address it resolves to is vetted, and the caller
connects to those addresses and no others: a second lookup could answer differently.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address, ip_network

Network = IPv4Network | IPv6Network

# IPv6 addresses that stand for an IPv4 one and reach it: the well-known NAT64 prefix (RFC 6052).
NAT64 = ip_network("64:ff9b::/96")
SHARED = ip_network("100.64.0.0/10")  # carrier-grade NAT (RFC 6598): not global, yet not "private" either
PRIVATE = [ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")]
HINT = "check-links asks only public addresses; see --allow-network"


class NotPublic(Exception):
    """An address check-links will not ask; the message says which and why."""


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to, in the resolver's order. A literal address comes back as
    itself, and the forms urlsplit leaves to the resolver (2130706433, 0x7f.1) as what they mean."""
    found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in found))  # an IP address's text


def _reached(address: IPv4Address | IPv6Address) -> IPv4Address | IPv6Address:
    """The address a connection actually reaches: the IPv4 one inside an IPv4-mapped, NAT64 or
    6to4 address. It is judged itself: is_global judges the IPv6 form by its prefix, and not the
    same way in every Python version (::ffff:8.8.8.8 is global, 64:ff9b::a00:1 too in 3.11)."""
    if isinstance(address, IPv6Address):
        if inner := address.ipv4_mapped or address.sixtofour:
            return inner
        if address in NAT64:
            return IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def _kind(address: IPv4Address | IPv6Address) -> str | None:
    """What sort of address this is when it is not a public one; None when it is."""
    if address.is_global and not address.is_multicast:  # is_global counts multicast as global
        return None
    for kind, found in [
        ("an unspecified", address.is_unspecified),
        ("a loopback", address.is_loopback),
        ("a link-local", address.is_link_local),
        ("a multicast", address.is_multicast),
        ("a shared (carrier-grade NAT)", address in SHARED),
        ("a private", any(address in network for network in PRIVATE)),
        ("a reserved", address.is_reserved),
    ]:
        if found:
            return kind
    return "a special-purpose"  # documentation, benchmarking, "this network" and the like


def _described(host: str, text: str, reached: IPv4Address | IPv6Address, kind: str) -> str:
    """`169.254.169.254 is a link-local address`, `intranet.example resolves to 10.0.0.5, a private address`."""
    what = f"{kind} address" if str(reached) == text else f"{reached}, {kind} address"
    if text == host:
        return f"{host} is {what}"
    return f"{host} resolves to {text}, {what if str(reached) == text else 'which is ' + what}"


def vetted(host: str, port: int, allowed: Iterable[Network] = ()) -> list[str]:
    """The addresses to connect to for `host`: all it resolves to, when every one is public or in
    an `allowed` network. One that is neither refuses the host, since any of them may be used."""
    addresses = resolve(host, port)
    for text in addresses:
        address = ip_address(text)
        reached = _reached(address)
        if any(a in network for a in (address, reached) for network in allowed):
            continue
        kind = _kind(reached)
        if kind is not None:
            raise NotPublic(f"{_described(host, text, reached, kind)}, not a public one ({HINT})")
    return addresses
