"""EXPLAIN (ANALYZE, BUFFERS) of the queries each index exists for, saved with the results."""

from __future__ import annotations

from typing import Any

from django.db import connection

from bench.matching import RAW_MATCH_SQL, RAW_TRIGRAM_THRESHOLD, probe_sentences


def _explain_sql(sql: str, params: Any) -> str:
    with connection.cursor() as cur:
        cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(row[0] for row in cur.fetchall())


def _explain_queryset(queryset) -> str:
    return queryset.explain(analyze=True, buffers=True)


def _top_speaker_id() -> int:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.speaker_id FROM claims_verdict v JOIN claims_claim c ON c.id = v.claim_id "
            "WHERE v.status = 'published' AND c.speaker_id IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        )
        row = cur.fetchone()
    return row[0] if row else 0


def explain_all() -> dict[str, Any]:
    from claims.search import search_claims, search_verdicts
    from claims.selectors import public_verdicts, review_queue

    sentence = probe_sentences(2)[0]
    with connection.cursor() as cur:
        cur.execute("SET pg_trgm.similarity_threshold = %s", [RAW_TRIGRAM_THRESHOLD])
    cases = [
        (
            "claim matching (pg_trgm)",
            "claim_text_trgm_idx",
            lambda: _explain_sql(RAW_MATCH_SQL, {"q": sentence}),
        ),
        (
            "claim full-text search",
            "claim_text_fts_idx",
            lambda: _explain_queryset(search_claims(review_queue().model.objects.all(), "unemployment Ohio")[:50]),
        ),
        (
            "fact-check full-text search",
            "verdict_fts_idx",
            lambda: _explain_queryset(search_verdicts(public_verdicts(), "unemployment Ohio")[:50]),
        ),
        ("review queue first page", "claim_queue_idx", lambda: _explain_queryset(review_queue()[:100])),
        ("published fact-checks first page", "verdict_published_idx", lambda: _explain_queryset(public_verdicts()[:50])),
        (
            "published fact-checks, deep page (keyset)",
            "verdict_published_idx",
            lambda: _explain_queryset(_deep_keyset_page()),
        ),
        (
            "busiest speaker's published fact-checks (API speaker filter, by id)",
            "verdict_published_idx",
            lambda: _explain_queryset(public_verdicts().filter(claim__speaker_id=_top_speaker_id())[:50]),
        ),
        (
            "a rare speaker's published fact-checks",
            "claim_speaker_idx",
            lambda: _explain_queryset(public_verdicts().filter(claim__speaker_id=_rare_speaker_id())[:50]),
        ),
        (
            "scorecard of the busiest speaker (count per rating)",
            "verdict_published_claim_idx",
            lambda: _explain_queryset(_scorecard(_top_speaker_id())),
        ),
        (
            "fact-check full-text search, broad term",
            "claim_text_fts_idx",
            lambda: _explain_queryset(search_verdicts(public_verdicts(), "unemployment")[:50]),
        ),
    ]
    out = {}
    for title, index, run in cases:
        plan = run()
        out[title] = {"index": index, "uses_index": index in plan, "plan": plan.splitlines()}
    return {"explain": out}


def _deep_keyset_page():
    """Page 1,000 of 50 as the API's cursor paginator asks for it (claims.api.pagination)."""
    from django.db.models import Q

    from claims.selectors import public_verdicts

    rows = list(public_verdicts().values("published_at", "id")[49_949:49_950])
    if not rows:
        return public_verdicts()[:50]
    at, pk = rows[0]["published_at"], rows[0]["id"]
    after = (Q(published_at__lt=at) | Q(published_at=at, id__lt=pk)) & Q(published_at__lte=at)
    return public_verdicts().filter(after)[:50]


def _rare_speaker_id() -> int:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT c.speaker_id FROM claims_verdict v JOIN claims_claim c ON c.id = v.claim_id "
            "WHERE v.status = 'published' GROUP BY 1 HAVING count(*) <= 3 ORDER BY 1 LIMIT 1"
        )
        row = cur.fetchone()
    return row[0] if row else 0


def _scorecard(speaker_id: int):
    from django.db.models import Count

    from claims.models import Verdict

    return (
        Verdict.objects.filter(claim__speaker_id=speaker_id, status=Verdict.Status.PUBLISHED)
        .values_list("rating_id")
        .annotate(n=Count("id"))
        .order_by()
    )
