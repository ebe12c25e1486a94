"""Reads of the claims domain, with their joins in place so callers never trigger N+1 queries."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet

from claims.models import Appearance, Claim, Correction, EvidenceLink, Rating, Speaker, Verdict

PUBLIC_VERDICT_STATUSES = (Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED)


def public_verdicts() -> QuerySet[Verdict]:
    """Published and retracted verdicts (what readers and partners may see), fully loaded."""
    return verdicts_fully_loaded().filter(status__in=PUBLIC_VERDICT_STATUSES)


def verdicts_fully_loaded() -> QuerySet[Verdict]:
    """Verdicts in any status with everything their page shows (staff previews use this)."""
    return (
        Verdict.objects.select_related("claim", "claim__speaker", "rating", "editor")
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


# Public site -----------------------------------------------------------------------------


def public_verdict_list() -> QuerySet[Verdict]:
    """Public verdicts with just what a list card shows (claim, speaker, rating, tags)."""
    return (
        Verdict.objects.filter(status__in=PUBLIC_VERDICT_STATUSES)
        .select_related("claim", "claim__speaker", "rating")
        .prefetch_related("claim__tags")
        .order_by("-published_at", "-id")
    )


def public_speakers() -> QuerySet[Speaker]:
    """Speakers with at least one public fact-check (the only ones with a public page)."""
    return Speaker.objects.filter(
        Exists(Verdict.objects.filter(claim__speaker=OuterRef("pk"), status__in=PUBLIC_VERDICT_STATUSES))
    )


def speaker_scorecard(speaker: Speaker) -> list[tuple[Rating, int]]:
    """Every rating of the scale with how many of the speaker's published verdicts carry it.

    Retracted verdicts do not count: the newsroom no longer stands by their rating.
    """
    counts = dict(
        Verdict.objects.filter(claim__speaker=speaker, status=Verdict.Status.PUBLISHED)
        .values_list("rating_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(rating, counts.get(rating.pk, 0)) for rating in Rating.objects.order_by("position", "label")]


def public_corrections() -> QuerySet[Correction]:
    """Corrections of public verdicts, newest first, with the verdict they correct."""
    return (
        Correction.objects.filter(verdict__status__in=PUBLIC_VERDICT_STATUSES)
        .select_related("verdict")
        .order_by("-corrected_on", "-id")
    )
