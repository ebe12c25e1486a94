"""Security wiring: login brute-force protection (django-axes) and bounds on admin query strings."""

from __future__ import annotations

import re

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import reverse


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


class AdminSearchLimitMiddleware:
    """Refuses admin query parameters no filter or search can use, with a 400 and the reason.

    - a search longer than FACTCHECK_ADMIN_SEARCH_MAX_CHARS: the admin turns every word into its
      own condition, and thousands of words overflow SQLite's expression depth (a 500) and give
      PostgreSQL an enormous query to plan;
    - any parameter with a NUL or another control character, which no stored text holds and
      PostgreSQL refuses outright (a 500 from whichever filter passed it on);
    - any other parameter longer than ADMIN_PARAMETER_MAX_CHARS (an id, a URL, a name).

    It covers every changelist, ours and those of the packages we use, in one place; our own
    filters also validate their values (`claims.admin.base.parse_id`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(reverse("admin:index")):
            refusal = admin_query_refusal(request)
            if refusal:
                return HttpResponseBadRequest(refusal, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


ADMIN_PARAMETER_MAX_CHARS = 2000
# Django's date hierarchy builds datetime(year, month, day) and the next year from these and only
# catches ValueError: "99999999999999999999" overflows (a 500), year 9999 has no next year.
DATE_PARTS = {"__year": (1, 9998), "__month": (1, 12), "__day": (1, 31)}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def admin_query_refusal(request: HttpRequest) -> str:
    """Why the admin will not use this request's query string, or "" when it will."""
    limit = settings.FACTCHECK_ADMIN_SEARCH_MAX_CHARS
    term = request.GET.get("q", "")
    if len(term) > limit:
        return f"The search is {len(term)} characters long; the admin searches at most {limit}."
    for name, values in request.GET.lists():
        for value in [name, *values]:
            if _CONTROL.search(value):
                return f"The filter {name[:50]!r} contains a control character (such as NUL); remove it and try again."
            if len(value) > ADMIN_PARAMETER_MAX_CHARS:
                return f"The filter {name[:50]!r} is {len(value)} characters long; at most {ADMIN_PARAMETER_MAX_CHARS}."
        for suffix, (low, high) in DATE_PARTS.items():
            if name.endswith(suffix) and not all(_number_between(v, low, high) for v in values):
                return f"The date filter {name[:50]!r} must be a number from {low} to {high}."
    return ""


def _number_between(value: str, low: int, high: int) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 5 and low <= int(value) <= high
