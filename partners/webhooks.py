"""Webhook mechanics with no database in them: payload signing and URL safety checks."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

SIGNATURE_HEADER = "X-Factcheck-Signature"
EVENT_HEADER = "X-Factcheck-Event"
EVENT_ID_HEADER = "X-Factcheck-Event-Id"
TIMESTAMP_HEADER = "X-Factcheck-Timestamp"
ATTEMPT_HEADER = "X-Factcheck-Delivery-Attempt"


def sign(secret: str, body: bytes) -> str:
    """The X-Factcheck-Signature value: HMAC-SHA256 of the exact request body."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_matches(secret: str, body: bytes, header: str) -> bool:
    """What a partner runs on receipt (constant-time comparison)."""
    return hmac.compare_digest(sign(secret, body), header or "")


class UnsafeURL(ValueError):
    """A webhook URL we refuse to call."""


def _address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, *, resolve: bool = True) -> None:
    """Refuse URLs that are not http(s) or that point into our own network (SSRF).

    Hosts are resolved and every address must be public, unless
    FACTCHECK_WEBHOOK_ALLOW_PRIVATE is on (development and tests). The check runs at
    registration and again before each delivery, since DNS can change in between.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL("Webhook URLs must start with https:// (or http://).")
    if not parts.hostname:
        raise UnsafeURL("The webhook URL has no host.")
    if parts.username or parts.password:
        raise UnsafeURL("Put no credentials in the webhook URL; verify the signature instead.")
    if settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE:
        return
    host = parts.hostname
    try:
        addresses = {host} if _is_ip(host) else (
            {info[4][0] for info in socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)}
            if resolve
            else set()
        )
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeURL(f"The host {host!r} does not resolve.") from exc
    if host.lower() in ("localhost",) or host.lower().endswith(".localhost"):
        raise UnsafeURL("Webhook URLs may not point at this server.")
    for address in addresses:
        if not _address_is_public(address):
            raise UnsafeURL(f"Webhook URLs may not point at private or local addresses ({address}).")


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
