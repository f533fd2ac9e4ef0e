"""Refusing to fetch from addresses that are not public (SSRF guard).

A feed or a redirect can point the scraper at anything: the machine itself, the private
network, a cloud metadata service (169.254.169.254). Only public unicast addresses are
fetched, unless the configuration allow-lists a network. The check runs on every DNS answer
(through the resolver the HTTP client connects with, so a redirect or a second lookup cannot
slip past it) and on addresses written literally in a URL, which skip DNS: in every notation
the system accepts (``127.1``, ``2130706433``, ``0x7f.1``, with or without the root's trailing
dot), and as the HTTP client reads the host (after IDNA mapping, ``①②⑦。0。0。1`` is
``127.0.0.1``). Localhost names (``localhost``, ``news.localhost``, ``localhost.``) stand for
the loopback addresses whatever DNS says (RFC 6761), so they are refused without a lookup.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# What a localhost name stands for (RFC 6761, section 6.3).
LOOPBACK_ADDRESSES: tuple[IPAddress, ...] = (
    ipaddress.IPv4Address("127.0.0.1"),
    ipaddress.IPv6Address("::1"),
)


class BlockedAddressError(OSError):
    """A host name or address that the guard does not let the scraper connect to."""


def parse_networks(spec: str) -> tuple[IPNetwork, ...]:
    """``"127.0.0.1/32, 10.1.0.0/16"`` -> networks; ValueError on a malformed entry."""
    entries = (entry.strip() for entry in spec.split(","))
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries if entry)


class AddressPolicy:
    """Public unicast addresses pass, and any address inside an allow-listed network."""

    def __init__(self, allowed_networks: Iterable[IPNetwork] = ()) -> None:
        self.allowed_networks = tuple(allowed_networks)

    def permits(self, address: IPAddress) -> bool:
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
            address = address.ipv4_mapped
        if any(address in network for network in self.allowed_networks):
            return True
        return address.is_global and not address.is_multicast

    def check_host(self, host: str) -> None:
        """Raise BlockedAddressError when ``host`` is an IP address or a localhost name the
        policy refuses; other host names are checked when they are resolved."""
        for address in numeric_addresses(host):
            if not self.permits(address):
                raise BlockedAddressError(f"{_spelled(host, address)} is not a public address")
        if is_localhost_name(host) and not any(map(self.permits, LOOPBACK_ADDRESSES)):
            raise BlockedAddressError(f"{host} is a loopback name, not a public address")


class GuardedResolver(AbstractResolver):
    """Resolves with the default resolver and refuses a name if any answer is refused:
    a name that also points inside the network is not trusted with its public answers."""

    def __init__(self, policy: AddressPolicy, resolver: AbstractResolver | None = None) -> None:
        self.policy = policy
        self._resolver = resolver or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        answers = await self._resolver.resolve(host, port, family)
        refused = [a["host"] for a in answers if not self.policy.permits(_address(a["host"]))]
        if refused:
            raise BlockedAddressError(f"{host} resolves to {refused[0]}, not a public address")
        return answers

    async def close(self) -> None:
        await self._resolver.close()


def numeric_addresses(host: str) -> list[IPAddress]:
    """The addresses ``host`` stands for when it is written as an address (never a DNS query);
    empty for a host name."""
    try:
        answers = socket.getaddrinfo(
            _bare(host), None, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST
        )
    except (socket.gaierror, UnicodeError, ValueError):
        return []
    return [_address(sockaddr[0]) for *_, sockaddr in answers]


def is_localhost_name(host: str) -> bool:
    """``localhost`` or a name under it, in any case, with or without the trailing dot."""
    name = _bare(host).lower()
    return name == "localhost" or name.endswith(".localhost")


def _bare(host: str) -> str:
    # "[::1]" -> "::1"; "127.0.0.1." -> "127.0.0.1": a trailing dot names the DNS root.
    return host.strip("[]").rstrip(".")


def _spelled(host: str, address: IPAddress) -> str:
    """``host``, followed by the address it stands for when it is written another way."""
    return host if _bare(host) == str(address) else f"{host} ({address})"


def _address(host: str) -> IPAddress:
    # A scoped IPv6 answer ("fe80::1%eth0") carries its zone after the percent sign.
    return ipaddress.ip_address(host.split("%", 1)[0])
