"""Outbound HTTP to URLs a person gave us (evidence archiving, partner webhooks), safe from SSRF.

Two rules, one implementation for every caller:

- an address is public only if it and any IPv4 address embedded in it (IPv4-mapped, the
  deprecated IPv4-compatible form, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`, Teredo) are global:
  `64:ff9b::7f00:1` reaches 127.0.0.1 through a NAT64 gateway although Python calls it global;
- the host is resolved once, every answer is checked, and the connection goes to the address
  that was checked (`pinned_connection`). Resolving again to connect would let a DNS server
  answer a public address to the check and a private one to the connection (DNS rebinding).
  The Host header, TLS SNI and certificate verification still use the host name.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl

NAT64 = ipaddress.ip_network("64:ff9b::/96")
# RFC 8215 local-use translation prefix: where the IPv4 address sits depends on the network.
NAT64_LOCAL_USE = ipaddress.ip_network("64:ff9b:1::/48")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class RefusedAddress(ValueError):
    """The host is, or resolves to, an address we do not connect to."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to a private or reserved address ({address})")
        self.host = host
        self.address = address


class UnresolvableHost(OSError):
    """The host name does not resolve (now)."""


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    if ip.ipv4_mapped is not None:
        return [ip.ipv4_mapped]
    if ip in NAT64 or ip in IPV4_COMPATIBLE:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    if ip.sixtofour is not None:
        return [ip.sixtofour]
    if ip.teredo is not None:
        return list(ip.teredo)
    return []


def address_is_public(address: str) -> bool:
    """Whether `address` (v4 or v6, with or without a %zone) is a public unicast address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in NAT64_LOCAL_USE:
            return False
        embedded = _embedded_ipv4(ip)
        if embedded:
            return all(v4.is_global and not v4.is_multicast for v4 in embedded)
    return ip.is_global and not ip.is_multicast


def checked_address(host: str, port: int, *, allow_private: bool) -> str:
    """Resolve `host` once and return the address to connect to.

    Every address it resolves to must be public unless `allow_private`; RefusedAddress names
    the first one that is not. UnresolvableHost if it does not resolve.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnresolvableHost(f"cannot resolve {host}: {exc}") from exc
    # Stream sockets resolve to IPv4/IPv6 addresses, whose first item is the address string.
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise UnresolvableHost(f"cannot resolve {host}: no addresses")
    if not allow_private:
        for address in addresses:
            if not address_is_public(address):
                raise RefusedAddress(host, address)
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, address: str, **kwargs) -> None:
        super().__init__(host, **kwargs)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, address: str, **kwargs) -> None:
        self._tls = ssl.create_default_context()
        super().__init__(host, context=self._tls, **kwargs)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # Certificate and SNI are checked against the host name, not the address.
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def pinned_connection(
    scheme: str, host: str, address: str, *, port: int, timeout: float
) -> http.client.HTTPConnection:
    """An HTTP(S) connection to `host` that connects to `address` and nowhere else."""
    connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
    return connection_class(host, address, port=port, timeout=timeout)
