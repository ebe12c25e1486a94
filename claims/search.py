"""Full-text search over fact-checks: PostgreSQL full-text search backed by GIN indexes, with a
portable fallback (every word must appear) on SQLite. Used by the API and the public pages.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet

from claims.models import Claim, Verdict

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"

# These expressions must stay identical to the GIN indexes of migration 0003.
CLAIM_DOCUMENT = SearchVector("text", config=SEARCH_CONFIG)
VERDICT_DOCUMENT = SearchVector("headline", "summary", config=SEARCH_CONFIG)


def clean_query(query: str) -> str:
    return re.sub(r"\s+", " ", query).strip()[:MAX_QUERY_LENGTH]


def _words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query) if w][:10]


def search_verdicts(queryset: QuerySet[Verdict], query: str) -> QuerySet[Verdict]:
    """Verdicts whose headline, summary or claim text match `query`."""
    query = clean_query(query)
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        terms = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        by_verdict = Verdict.objects.annotate(document=VERDICT_DOCUMENT).filter(document=terms).values("id")
        by_claim = Verdict.objects.filter(
            claim__in=Claim.objects.annotate(document=CLAIM_DOCUMENT).filter(document=terms).values("id")
        ).values("id")
        # One IN over a UNION, not `id IN (...) OR claim_id IN (...)`: PostgreSQL cannot turn
        # that OR into an index plan, and walked every published verdict testing both
        # subqueries (~0.8 s at 100,000 fact-checks); the union is a semi-join on a few ids.
        return queryset.filter(id__in=by_verdict.union(by_claim))
    words = _words(query)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(summary__icontains=word) | Q(claim__text__icontains=word)
        )
    return queryset


def search_claims(queryset: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Claims whose text matches `query`."""
    query = clean_query(query)
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        terms = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return queryset.annotate(document=CLAIM_DOCUMENT).filter(document=terms)
    words = _words(query)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(text__icontains=word)
    return queryset
