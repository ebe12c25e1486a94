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


def check_url(url: str, *, resolve: bool = True) -> str | None:
    """Refuse URLs that are not http(s) or that point into our own network (SSRF).

    Hosts are resolved and every address must be public, unless
    FACTCHECK_WEBHOOK_ALLOW_PRIVATE is on (development and tests). The check runs at
    registration and again before each delivery, since DNS can change in between. Returns
    the address that was checked: delivery connects to it and to nothing else (a second DNS
    lookup could answer differently), or None when the host could not be resolved but
    private addresses are allowed.
    """
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
    allow_private = settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE
    if not allow_private and (host.lower() == "localhost" or host.lower().endswith(".localhost")):
        raise UnsafeURL("Webhook URLs may not point at this server.")
    if not resolve and not _is_ip(host):
        return None
    try:
        return outbound.checked_address(host, port, allow_private=allow_private)
    except outbound.UnresolvableHost as exc:
        if allow_private:
            return None
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
