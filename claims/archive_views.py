"""Archived copies of evidence pages, as readers and fact-checkers open them."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims.archive import HTML_TYPES, SERVED_TYPES, TEXT_TYPES
from claims.models import EvidenceSnapshot


def snapshot_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    snapshot = get_object_or_404(EvidenceSnapshot.objects.defer("content"), pk=pk)
    return render(request, "claims/evidence_snapshot.html", {"snapshot": snapshot})


def snapshot_raw(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    """The bytes as fetched. Served sandboxed: an archived page's scripts never run as our site."""
    snapshot = get_object_or_404(EvidenceSnapshot, pk=pk)
    # Only allow-listed types go out as themselves: a stored "text/javascript" or "image/svg+xml"
    # (from a tampered import, say) would otherwise be served same-origin under that type.
    content_type = snapshot.content_type if snapshot.content_type in SERVED_TYPES else "application/octet-stream"
    response = HttpResponse(bytes(snapshot.content), content_type=content_type)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src * data:; style-src * 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    # Pages and text open in the browser; documents (PDF) and anything else download.
    readable = content_type in HTML_TYPES | TEXT_TYPES
    disposition = "inline" if readable else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="snapshot-{snapshot.pk}"'
    response["Cache-Control"] = "public, max-age=86400, immutable"
    return response
