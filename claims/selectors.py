"""Reads of the claims domain, with their joins in place so callers never trigger N+1 queries."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from claims.models import Appearance, Claim, Correction, EvidenceLink, Speaker, Verdict

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


def _public_verdict_exists() -> Exists:
    return Exists(Verdict.objects.filter(status__in=PUBLIC_VERDICT_STATUSES, claim=OuterRef("pk")))


def api_claims(*, public_only: bool) -> QuerySet[Claim]:
    """Claims for the API, loaded for serialization; `public_only` keeps claims that have a
    published or retracted verdict (what partners may see)."""
    queryset = Claim.objects.select_related("speaker", "assignee").prefetch_related(
        "tags",
        Prefetch("appearances", queryset=Appearance.objects.select_related("source").order_by("said_on", "id")),
        Prefetch(
            "verdicts",
            queryset=Verdict.objects.filter(status__in=PUBLIC_VERDICT_STATUSES)
            .select_related("rating")
            .order_by("-published_at", "-id"),
            to_attr="public_verdicts",
        ),
    )
    if public_only:
        queryset = queryset.filter(_public_verdict_exists())
    return queryset


def api_speakers(*, public_only: bool) -> QuerySet[Speaker]:
    """Speakers for the API; `public_only` keeps speakers with at least one public verdict."""
    queryset = Speaker.objects.all()
    if public_only:
        queryset = queryset.filter(
            Exists(Verdict.objects.filter(status__in=PUBLIC_VERDICT_STATUSES, claim__speaker=OuterRef("pk")))
        )
    return queryset


def speaker_rating_counts(speaker_ids: list[int]) -> dict[int, list[dict]]:
    """Published verdicts per rating for each speaker, in scale order, in one query."""
    rows = (
        Verdict.objects.filter(status=Verdict.Status.PUBLISHED, claim__speaker_id__in=speaker_ids)
        .values("claim__speaker_id", "rating__slug", "rating__label", "rating__position")
        .annotate(count=Count("id"))
        .order_by("claim__speaker_id", "rating__position", "rating__label")
    )
    counts: dict[int, list[dict]] = {}
    for row in rows:
        counts.setdefault(row["claim__speaker_id"], []).append(
            {"rating": row["rating__slug"], "label": row["rating__label"], "count": row["count"]}
        )
    return counts
