"""Error bodies of the partner API: JSON everywhere under /api/ (a 404 from the URL resolver
too), object-free 404 messages, and Google's error shape on the Google-compatible endpoint."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

NOT_FOUND = "Not found."

# google.rpc.Code names for the HTTP statuses this API answers with (Google's own mapping).
GOOGLE_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "UNIMPLEMENTED",
    406: "INVALID_ARGUMENT",
    409: "ALREADY_EXISTS",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
}


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with something that already exists."
    default_code = "conflict"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, except that a 404 never names a model ("No Verdict matches the given
    query." says what the database holds, not what the caller asked for)."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND)
    return drf_exception_handler(exc, context)


def _violations(detail: Any, prefix: str = "") -> list[tuple[str, str]]:
    if isinstance(detail, dict):
        return [v for key, value in detail.items() for v in _violations(value, f"{prefix}{key}" if not prefix else f"{prefix}.{key}")]
    if isinstance(detail, list):
        return [v for item in detail for v in _violations(item, prefix)]
    return [(prefix, str(detail))]


def google_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Errors as Google APIs send them, `{"error": {"code", "message", "status"}}`, so that
    Google's client raises an HttpError carrying the message (with field violations of a 400
    in `details`, as google.rpc.BadRequest)."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    violations = _violations(response.data)
    error: dict[str, Any] = {
        "code": response.status_code,
        "message": "; ".join(f"{field}: {text}" if field and field != "detail" else text for field, text in violations),
        "status": GOOGLE_STATUS.get(response.status_code, "UNKNOWN"),
    }
    fields = [{"field": field, "description": text} for field, text in violations if field and field != "detail"]
    if fields:
        error["details"] = [{"@type": "type.googleapis.com/google.rpc.BadRequest", "fieldViolations": fields}]
    response.data = {"error": error}
    return response


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The project's 404 view: JSON under /api/, where a partner's code reads the body; the
    site's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": NOT_FOUND}, status=404)
    return defaults.page_not_found(request, exception)


GOOGLE_ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "status"],
            "properties": {
                "code": {"type": "integer"},
                "message": {"type": "string"},
                "status": {"type": "string"},
                "details": {"type": "array", "items": {"type": "object"}},
            },
        }
    },
}
