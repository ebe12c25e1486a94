"""Login brute-force protection wiring for django-axes."""

from __future__ import annotations

import ipaddress

from axes.backends import AxesStandaloneBackend
from django.http import HttpRequest


class LoginAttemptBackend(AxesStandaloneBackend):
    """Refuses logins for locked-out clients; authentication itself is ModelBackend's job.

    Axes needs the HTTP request to know who is trying. Calls without one (the test client's
    `login()`, `authenticate()` from a shell or a command) come from code already running on
    the server, not from a login form an attacker can reach, so they are left to the next
    backend instead of being refused with an error.
    """

    def authenticate(self, request: HttpRequest | None, *args, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, *args, **kwargs)


def client_ip(request: HttpRequest) -> str | None:
    """The address lockouts are counted against: the public rate limits' notion of the client
    (X-Forwarded-For believed only behind FACTCHECK_NUM_PROXIES proxies), but always a valid IP
    address or None, since django-axes stores it in an IP address column."""
    from claims.ratelimit import client_ip as rate_limit_ip

    for candidate in (rate_limit_ip(request), request.META.get("REMOTE_ADDR")):
        try:
            return str(ipaddress.ip_address((candidate or "").strip()))
        except ValueError:
            continue
    return None
