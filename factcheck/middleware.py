"""Request-wide wiring: database routing for the request, one structured log line each, and
compression of the partner API and feeds."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

from factcheck import routers
from factcheck.logging import request_id_var

request_log = logging.getLogger("factcheck.requests")

# A browser that just wrote carries this cookie for DATABASE_REPLICA_PIN_SECONDS.
PIN_COOKIE = "fc_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class PrimaryPinningMiddleware:
    """Let safe, public requests read from the replica; pin everything else to the primary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def replica_allowed(self, request: HttpRequest) -> bool:
        if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
            return False
        return not any(request.path.startswith(p) for p in settings.DATABASE_PRIMARY_PATHS)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not routers.replica_configured():
            return self.get_response(request)
        with routers.routing(replica_allowed=self.replica_allowed(request)) as state:
            response = self.get_response(request)
            request.database_reads = "replica" if state.reads_from_replica else "primary"
            if state.wrote:
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.DATABASE_REPLICA_PIN_SECONDS,
                    secure=request.is_secure(),
                    httponly=True,
                    samesite="Lax",
                )
        return response


class RequestLogMiddleware:
    """Give every request an id (kept from the load balancer when sane) and log it once."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = "HTTP_" + settings.REQUEST_ID_HEADER.upper().replace("-", "_")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get(self.header, "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            response[settings.REQUEST_ID_HEADER] = request_id
            return response
        finally:
            if settings.LOG_REQUESTS:
                duration_ms = round((time.perf_counter() - started) * 1000, 2)
                request_log.info(
                    "%s %s %s %.2fms",
                    request.method,
                    request.path,
                    status,
                    duration_ms,
                    extra={
                        "method": request.method,
                        "path": request.path,
                        "status": status,
                        "duration_ms": duration_ms,
                        "db": getattr(request, "database_reads", "primary"),
                        "user_id": _user_id(request),
                    },
                )
            request_id_var.reset(token)


def _user_id(request: HttpRequest) -> int | None:
    # Only if authentication already ran: logging must never trigger a session lookup.
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


class PartnerGZipMiddleware(GZipMiddleware):
    """GZip for the partner API and the feeds only (a 150 KB page of fact-checks is ~20 KB).

    BREACH recovers a secret from the compressed size of responses that carry it next to text
    an attacker chose, sent by the victim's browser with its credentials. The API is safe to
    compress: a partner authenticates with an `Authorization` header, which no other site can
    make a browser send (CORS allows no credentials), and staff sessions' cookies are
    SameSite=Lax, so they are not sent on other sites' fetches. The webhook endpoints, whose
    bodies carry the signing secret beside the partner's URL, are still left uncompressed,
    and so is every HTML page (forms carry CSRF tokens beside reflected input).
    """

    COMPRESSED = ("/api/", "/feeds/")
    NEVER = ("/api/v1/webhooks/",)

    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if not request.path.startswith(self.COMPRESSED) or request.path.startswith(self.NEVER):
            return response
        return super().process_response(request, response)
