"""Security wiring: login brute-force protection (django-axes) and a bound on admin searches."""

from __future__ import annotations

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
    """Refuses admin searches longer than FACTCHECK_ADMIN_SEARCH_MAX_CHARS with a 400.

    The admin turns every word of a search into its own condition: thousands of words overflow
    SQLite's expression depth (a 500) and give PostgreSQL an enormous query to plan. Nobody
    searches a changelist with a page of text, so it is refused with a message instead.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.FACTCHECK_ADMIN_SEARCH_MAX_CHARS
        term = request.GET.get("q", "")
        if len(term) > limit and request.path.startswith(reverse("admin:index")):
            return HttpResponseBadRequest(
                f"The search is {len(term)} characters long; the admin searches at most {limit}.",
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
