"""Reads of the claims domain, with their joins in place so callers never trigger N+1 queries."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from claims.models import Appearance, Claim, Correction, EvidenceLink, Verdict

PUBLIC_VERDICT_STATUSES = (Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED)


def public_verdicts() -> QuerySet[Verdict]:
    """Published and retracted verdicts (what readers and partners may see), fully loaded."""
    return (
        Verdict.objects.filter(status__in=PUBLIC_VERDICT_STATUSES)
        .select_related("claim", "claim__speaker", "rating", "editor")
        .prefetch_related(
            Prefetch(
                "claim__appearances",
                queryset=Appearance.objects.select_related("source").order_by("said_on", "id"),
            ),
            Prefetch("claim__evidence_links", queryset=EvidenceLink.objects.order_by("id")),
            Prefetch("corrections", queryset=Correction.objects.order_by("-corrected_on")),
            "authors",
            "claim__tags",
        )
        .order_by("-published_at", "-id")
    )


def review_queue() -> QuerySet[Claim]:
    """Candidate claims, most check-worthy first, newest first on ties."""
    return (
        Claim.objects.filter(status=Claim.Status.CANDIDATE)
        .select_related("speaker", "assignee")
        .order_by("-score", "-created_at")
    )
