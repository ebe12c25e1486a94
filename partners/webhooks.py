"""Webhook mechanics with no database in them: payload signing and URL safety checks."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

from factcheck import outbound

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


def check_url(url: str, *, resolve: bool = True) -> None:
    """Refuse URLs that are not http(s) or that point into our own network (SSRF).

    Hosts are resolved and every address must be public, unless
    FACTCHECK_WEBHOOK_ALLOW_PRIVATE is on (development and tests; nothing is resolved then).
    This runs at registration; each delivery checks again through `delivery_address`, since
    DNS can change in between.
    """
    host, port = _host_and_port(url)
    if settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE or not (resolve or _is_ip(host)):
        return
    _checked(host, port, allow_private=False)


def delivery_address(url: str) -> str:
    """The address a delivery to `url` connects to: resolved once and checked like `check_url`.

    The connection goes to this address and nowhere else (`outbound.pinned_connection`):
    resolving again to connect would let a second DNS answer point into our network.
    """
    host, port = _host_and_port(url)
    return _checked(host, port, allow_private=settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE)


def _host_and_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UnsafeURL("Webhook URLs must start with https:// (or http://).")
    if not parts.hostname:
        raise UnsafeURL("The webhook URL has no host.")
    if parts.username or parts.password:
        raise UnsafeURL("Put no credentials in the webhook URL; verify the signature instead.")
    try:
        port = parts.port or default_port(parts.scheme)
    except ValueError as exc:
        raise UnsafeURL("The webhook URL has an invalid port.") from exc
    host = parts.hostname
    if not settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE and (host == "localhost" or host.endswith(".localhost")):
        raise UnsafeURL("Webhook URLs may not point at this server.")
    return host, port


def _checked(host: str, port: int, *, allow_private: bool) -> str:
    try:
        return outbound.checked_address(host, port, allow_private=allow_private)
    except outbound.UnresolvableHost as exc:
        raise UnsafeURL(f"The host {host!r} does not resolve.") from exc
    except outbound.RefusedAddress as exc:
        raise UnsafeURL(f"Webhook URLs may not point at private or local addresses ({exc.address}).") from exc


def default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
