"""Full-text search over fact-checks: PostgreSQL full-text search backed by GIN indexes, with a
portable fallback (every word must appear) on SQLite. Used by the API and the public pages.

A public fact-check is searched through one column, `Verdict.search_document` (claim text,
headline and summary), indexed only for published and retracted verdicts: a one-word query
matching 2% of the archive reads those verdicts' index entries and nothing else. This module
owns the document: what goes in it and `search_documents_refresh()`, which
`claims.publication.fact_checks_changed` calls for every public change, in its transaction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connection
from django.db.models import Q, QuerySet

from claims.models import Claim, Verdict

MAX_QUERY_LENGTH = 200
SEARCH_CONFIG = "english"

PUBLIC_STATUSES = (Verdict.Status.PUBLISHED, Verdict.Status.RETRACTED)

# These expressions must stay identical to the GIN indexes of migrations 0003 and 0015.
CLAIM_DOCUMENT = SearchVector("text", config=SEARCH_CONFIG)
VERDICT_DOCUMENT = SearchVector("search_document", config=SEARCH_CONFIG)
STAFF_VERDICT_DOCUMENT = SearchVector("headline", "summary", config=SEARCH_CONFIG)


def verdict_search_document(claim_text: str, headline: str, summary: str) -> str:
    return "\n".join((claim_text, headline, summary))


def search_documents_refresh(*, verdict_ids: Iterable[int] = (), claim_ids: Iterable[int] = ()) -> int:
    """Rewrite the search document of the given verdicts and of every verdict of the given
    claims (public ones get the text, others an empty document); returns the rows updated."""
    verdicts = Verdict.objects.filter(Q(pk__in=list(verdict_ids)) | Q(claim_id__in=list(claim_ids)))
    rows = [
        Verdict(pk=pk, search_document=verdict_search_document(text, headline, summary))
        for pk, text, headline, summary in verdicts.filter(status__in=PUBLIC_STATUSES).values_list(
            "pk", "claim__text", "headline", "summary"
        )
    ]
    Verdict.objects.bulk_update(rows, ["search_document"], batch_size=500)
    cleared = verdicts.exclude(status__in=PUBLIC_STATUSES).exclude(search_document="").update(search_document="")
    return len(rows) + cleared


def clean_query(query: str) -> str:
    return re.sub(r"\s+", " ", query).strip()[:MAX_QUERY_LENGTH]


def _words(query: str) -> list[str]:
    return [w for w in re.findall(r"\w+", query) if w][:10]


def search_verdicts(queryset: QuerySet[Verdict], query: str) -> QuerySet[Verdict]:
    """Public verdicts whose headline, summary or claim text match `query`."""
    query = clean_query(query)
    if not query:
        return queryset
    # Only public verdicts have a document (and an index entry); the status condition is
    # repeated here so PostgreSQL can use the partial index whatever `queryset` filters.
    queryset = queryset.filter(status__in=PUBLIC_STATUSES)
    if connection.vendor == "postgresql":
        # alias(), not annotate(): the document is only matched, never selected (selecting it
        # recomputed to_tsvector for every row of the page).
        terms = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return queryset.alias(document=VERDICT_DOCUMENT).filter(document=terms)
    words = _words(query)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(search_document__icontains=word)
    return queryset


def search_all_verdicts(queryset: QuerySet[Verdict], query: str) -> QuerySet[Verdict]:
    """Verdicts in any status (drafts too: the admin) whose headline, summary or claim text
    match `query`; reads the claim and verdict indexes of migration 0003."""
    query = clean_query(query)
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        terms = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        by_verdict = Verdict.objects.alias(document=STAFF_VERDICT_DOCUMENT).filter(document=terms).values("id")
        by_claim = Verdict.objects.filter(
            claim__in=Claim.objects.alias(document=CLAIM_DOCUMENT).filter(document=terms).values("id")
        ).values("id")
        # One IN over a UNION, not `id IN (...) OR claim_id IN (...)`: PostgreSQL cannot turn
        # that OR into an index plan, and walked every verdict testing both subqueries.
        return queryset.filter(id__in=by_verdict.union(by_claim))
    words = _words(query)
    if not words:
        return queryset.none()
    for word in words:
        queryset = queryset.filter(
            Q(headline__icontains=word) | Q(summary__icontains=word) | Q(claim__text__icontains=word)
        )
    return queryset


def claim_text_condition(query: str) -> Q:
    """A condition on claims whose text matches `query`, to combine with others in one WHERE
    (the admin ORs it with speakers and ids). An empty query matches every claim.

    On PostgreSQL it is the expression of the claim's GIN index (migration 0003) applied to the
    row itself: wrapping it as `id IN (SELECT id FROM claims_claim WHERE ...)` made PostgreSQL
    look every match up again by primary key (19,000 index probes for "unemployment" at
    1,000,000 claims) and, for the ordered page, recompute the document of every row it walked.
    """
    query = clean_query(query)
    if not query:
        return Q()
    if connection.vendor == "postgresql":
        terms = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return Q(SearchVectorExact(CLAIM_DOCUMENT, terms))
    words = _words(query)
    if not words:
        return Q(pk__in=[])
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word)
    return condition


def search_claims(queryset: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Claims whose text matches `query`."""
    return queryset.filter(claim_text_condition(query))
