"""Public pages for readers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from claims import selectors
from claims.models import Speaker


def factcheck_detail(request: HttpRequest, slug: str) -> HttpResponse:
    verdict = get_object_or_404(selectors.public_verdicts(), slug=slug)
    return render(request, "claims/factcheck_detail.html", {"verdict": verdict})


def speaker_detail(request: HttpRequest, slug: str) -> HttpResponse:
    speaker = get_object_or_404(Speaker, slug=slug)
    verdicts = selectors.public_verdicts().filter(claim__speaker=speaker)
    return render(request, "claims/speaker_detail.html", {"speaker": speaker, "verdicts": verdicts})
