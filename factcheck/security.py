"""Login brute-force protection wiring for django-axes."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend
from django.conf import settings
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
    """The address that counts for lockouts.

    Only the entries our own proxies appended to X-Forwarded-For can be trusted: a client
    can put anything on the left of the header to dodge a lockout or lock someone else out.
    """
    proxies = settings.FACTCHECK_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")
