"""Who the client is: one answer for the rate limits, the API throttles and login lockouts.

X-Forwarded-For is believed only behind FACTCHECK_NUM_PROXIES trusted proxies; everything left
of the proxies' own entries is whatever the client chose to send.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address; behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For (earlier entries are whatever the client chose to send)."""
    proxies = settings.FACTCHECK_NUM_PROXIES
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if forwarded:
            return forwarded[-min(proxies, len(forwarded))]
    return request.META.get("REMOTE_ADDR") or "unknown"


def client_ip_address(request: HttpRequest) -> str | None:
    """`client_ip` as a valid IP address or None (django-axes stores it in an IP address column)."""
    for candidate in (client_ip(request), request.META.get("REMOTE_ADDR")):
        try:
            return str(ipaddress.ip_address((candidate or "").strip()))
        except ValueError:
            continue
    return None
