"""Reads of the claims domain, with their joins in place so callers never trigger N+1 queries."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from claims.models import (
    Appearance,
    Claim,
    Correction,
    EvidenceLink,
    MatchSuggestion,
    Rating,
    Speaker,
    SpeakerRatingCount,
    UpdateNote,
    Verdict,
)
from claims.workflow import PUBLIC_VERDICT_STATUSES
from sources.models import Source

# Oldest first; undated appearances last on both databases (SQLite sorts NULL first by default).
APPEARANCE_ORDER = (F("said_on").asc(nulls_last=True), F("id").asc())


def public_appearances() -> QuerySet[Appearance]:
    """Appearances readers and partners may see: those in reviewed sources only (ingested
    articles, pages an editor approved). A tip's URL and text are unreviewed input from a reader
    or partner, so they stay in the newsroom until an editor approves the page."""
    return (
        Appearance.objects.filter(source__kind__in=Source.REVIEWED_KINDS)
        .select_related("source")
        .order_by(*APPEARANCE_ORDER)
    )


# A list page embeds this many appearances per fact-check (with `appearance_count`); a claim
# repeated in dozens of articles made list pages ~150 KB. The detail carries all of them.
LIST_APPEARANCES = 3
LISTED_APPEARANCES = "listed_appearances"


def public_verdicts(*, appearance_limit: int | None = None) -> QuerySet[Verdict]:
    """Published and retracted verdicts (what readers and partners may see), fully loaded;
    `appearance_limit` prefetches only the first appearances of each (list pages)."""
    return verdicts_fully_loaded(appearance_limit=appearance_limit).filter(status__in=PUBLIC_VERDICT_STATUSES)


def public_appearance_count() -> Coalesce:
    """The number of public appearances of the verdict's claim, as a subquery."""
    counted = (
        public_appearances()
        .filter(claim_id=OuterRef("claim_id"))
        .order_by()
        .values("claim_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


APPEARANCE_ROW_FIELDS = (
    "claim_id", "sentence", "said_on", "speaker_mention", "speaker_role",
    "source__url", "source__title", "source__publisher", "source__published_at",
)


def public_appearance_rows(claim_ids: Iterable[int], *, limit: int | None = None) -> QuerySet:
    """Public appearances of these claims as `values()` rows in display order, the first
    `limit` of each claim (one query: a window over the claim, filtered on its row number)."""
    rows = public_appearances().filter(claim_id__in=list(claim_ids))
    if limit is not None:
        rows = rows.annotate(
            position=Window(RowNumber(), partition_by=F("claim_id"), order_by=APPEARANCE_ORDER)
        ).filter(position__lte=limit)
    return rows.values(*APPEARANCE_ROW_FIELDS)


def verdicts_fully_loaded(*, appearance_limit: int | None = None) -> QuerySet[Verdict]:
    """Verdicts in any status with everything their page shows (staff previews use this)."""
    if appearance_limit is None:
        appearances = Prefetch("claim__appearances", queryset=public_appearances())
    else:
        # A sliced prefetch must go to its own attribute (Django cannot re-filter a slice
        # into the related manager's cache): `claim.listed_appearances`.
        appearances = Prefetch(
            "claim__appearances", queryset=public_appearances()[:appearance_limit], to_attr=LISTED_APPEARANCES
        )
    return (
        Verdict.objects.select_related("claim", "claim__speaker", "rating", "editor")
        .annotate(appearance_count=public_appearance_count())
        .prefetch_related(
            appearances,
            Prefetch("claim__evidence_links", queryset=EvidenceLink.objects.order_by("id")),
            Prefetch("corrections", queryset=Correction.objects.order_by("-corrected_on")),
            Prefetch("update_notes", queryset=UpdateNote.objects.order_by("-noted_on", "-id")),
            Prefetch("authors", queryset=get_user_model().objects.order_by("id")),
            "claim__tags",
        )
        .order_by("-published_at", "-id")
    )


def public_verdict_keys() -> QuerySet[Verdict]:
    """Public verdicts with only what filtering and paging read (ids and dates): API pages
    pick their rows from this, then build them with `claims.api.representations`."""
    return (
        Verdict.objects.filter(status__in=PUBLIC_VERDICT_STATUSES)
        .only("id", "published_at", "updated_at", "claim_id")
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
    appearances = (
        public_appearances()
        if public_only
        else Appearance.objects.select_related("source").order_by("said_on", "id")
    )
    queryset = Claim.objects.select_related("speaker", "assignee").prefetch_related(
        "tags",
        Prefetch("appearances", queryset=appearances),
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
    return public_speakers() if public_only else Speaker.objects.all()


def speaker_rating_counts(speaker_ids: list[int]) -> dict[int, list[dict]]:
    """Published verdicts per rating for each speaker, in scale order, in one query, from the
    counts `claims.publication` keeps (`SpeakerRatingCount`, the scorecard's own)."""
    rows = (
        SpeakerRatingCount.objects.filter(speaker_id__in=speaker_ids, count__gt=0)
        .order_by("speaker_id", "rating__position", "rating__label")
        .values("speaker_id", "rating__slug", "rating__label", "count")
    )
    counts: dict[int, list[dict]] = {}
    for row in rows:
        counts.setdefault(row["speaker_id"], []).append(
            {"rating": row["rating__slug"], "label": row["rating__label"], "count": row["count"]}
        )
    return counts

# Public site -----------------------------------------------------------------------------


def public_fact_check_of(claim: Claim) -> Verdict | None:
    """The claim's fact-check readers may see (published or retracted), or None."""
    return Verdict.objects.filter(claim_id=claim.pk, status__in=PUBLIC_VERDICT_STATUSES).order_by("-published_at").first()


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
    """Every rating of the scale with how many of the speaker's published verdicts carry it,
    in one query, from the counts `claims.publication` keeps (`SpeakerRatingCount`).

    Retracted verdicts do not count: the newsroom no longer stands by their rating.
    """
    count = SpeakerRatingCount.objects.filter(speaker=speaker, rating=OuterRef("pk")).values("count")[:1]
    ratings = Rating.objects.annotate(n=Coalesce(Subquery(count), 0)).order_by("position", "label")
    return [(rating, rating.n) for rating in ratings]


def public_corrections() -> QuerySet[Correction]:
    """Corrections of public verdicts, newest first, with the verdict they correct."""
    return (
        Correction.objects.filter(verdict__status__in=PUBLIC_VERDICT_STATUSES)
        .select_related("verdict")
        .order_by("-corrected_on", "-id")
    )


# Curation (the admin) -------------------------------------------------------------------


def claims_for_curation() -> QuerySet[Claim]:
    """Claims as the curation lists show them: speaker, assignee and the latest appearance's
    source loaded in a constant number of queries, whatever the page size."""
    latest_appearance = (
        Appearance.objects.select_related("source").order_by("-said_on", "-id")
    )
    return Claim.objects.select_related("speaker", "assignee").prefetch_related(
        # A sliced prefetch (one window-function query): only the newest appearance per claim,
        # so a claim repeated in thousands of articles does not load them all.
        Prefetch("appearances", queryset=latest_appearance[:1], to_attr="latest_appearances"),
    )


def pending_suggestions() -> QuerySet[MatchSuggestion]:
    """Possible matches awaiting a curator, each with the suggested claim's published verdict
    (`match.published_verdicts`, its rating loaded) or the other publisher's fact-check."""
    published = Verdict.objects.filter(status=Verdict.Status.PUBLISHED).select_related("rating")
    return (
        MatchSuggestion.objects.filter(decision=MatchSuggestion.Decision.PENDING)
        .select_related("match", "external")
        .prefetch_related(Prefetch("match__verdicts", queryset=published, to_attr="published_verdicts"))
        .order_by("-similarity", "id")
    )


def published_factcheck(claim: Claim | None) -> Verdict | None:
    """The claim's published fact-check (what anyone may read), if it has one."""
    if claim is None:
        return None
    return Verdict.objects.filter(claim_id=claim.pk, status=Verdict.Status.PUBLISHED).select_related("rating").first()


def claims_for_review() -> QuerySet[Claim]:
    """`claims_for_curation` plus each claim's pending possible matches (`pending_suggestions`
    attribute), in a constant number of queries whatever the page size."""
    return claims_for_curation().prefetch_related(
        Prefetch("match_suggestions", queryset=pending_suggestions(), to_attr="pending_suggestions")
    )


def claim_match_panel(claim: Claim) -> dict:
    """What the claim page shows about matching: pending possible matches, and the published
    fact-checks of the claims it was matched to (its duplicates' target included)."""
    suggestions = list(pending_suggestions().filter(claim=claim))
    answered = list(
        MatchSuggestion.objects.filter(claim=claim).exclude(decision=MatchSuggestion.Decision.PENDING)
        .select_related("match", "external", "decided_by")
        .order_by("-decided_at")
    )
    return {"suggestions": suggestions, "answered": answered}


def claim_in_context(claim: Claim, *, limit: int = 5) -> list[Appearance]:
    """The newest appearances of a claim with their sources, for the claim page."""
    return list(claim.appearances.select_related("source").order_by("-said_on", "-id")[:limit])


def assignable_users() -> QuerySet:
    """Active staff who may work on claims (the Fact-checker/Editor groups or superusers)."""
    User = get_user_model()
    may_change_claims = Q(
        groups__permissions__codename="change_claim",
        groups__permissions__content_type__app_label="claims",
    ) | Q(
        user_permissions__codename="change_claim",
        user_permissions__content_type__app_label="claims",
    )
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(is_superuser=True) | may_change_claims)
        .distinct()
        .order_by("username")
    )


# Lists and figures over more rows than this show PostgreSQL's estimate instead of an exact count.
ESTIMATE_BEYOND = 10_000


def estimated_count(queryset: QuerySet, *, exact_up_to: int = ESTIMATE_BEYOND) -> int:
    """The number of rows, exact up to `exact_up_to`, estimated beyond it on PostgreSQL.

    The exact part reads at most `exact_up_to + 1` rows. Beyond that: pg_class.reltuples for
    the unfiltered table, the planner's row estimate for a filtered one. Other databases
    (SQLite, the embedded default for small newsrooms) count exactly.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return queryset.count()
    bounded = queryset.order_by()[: exact_up_to + 1].count()
    if bounded <= exact_up_to:
        return bounded
    with connection.cursor() as cursor:
        if not queryset.query.where:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                [queryset.model._meta.db_table],
            )
            row = cursor.fetchone()
            estimate = int(row[0]) if row else 0
        else:
            sql, params = queryset.order_by().query.sql_with_params()
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
            if isinstance(plan, str):
                plan = json.loads(plan)
            estimate = int(plan[0]["Plan"]["Plan Rows"])
    return max(bounded, estimate)


def queue_size() -> int:
    """Candidates waiting for a curator (estimated beyond ESTIMATE_BEYOND on PostgreSQL)."""
    return estimated_count(Claim.objects.filter(status=Claim.Status.CANDIDATE))


def in_research_by_assignee() -> list[dict]:
    """Claims in research per assignee, busiest first; unassigned ones under `None`."""
    return list(
        Claim.objects.filter(status=Claim.Status.IN_RESEARCH)
        .values("assignee_id", "assignee__username")
        .annotate(total=Count("id"))
        .order_by("-total", "assignee__username")
    )


def verdicts_awaiting_review() -> int:
    return Verdict.objects.filter(status=Verdict.Status.IN_REVIEW).count()


def verdicts_published_since(since: datetime) -> int:
    return Verdict.objects.filter(status=Verdict.Status.PUBLISHED, published_at__gte=since).count()
