"""Find an existing claim with the same or nearly the same wording.

Similarity is pg_trgm's: the Jaccard index of the two texts' sets of word trigrams (each
lowercased alphanumeric word padded with two spaces in front and one behind). On
PostgreSQL the `%` operator runs on the GIN trigram index `claim_text_trgm_idx` with
`pg_trgm.similarity_threshold` set to `FACTCHECK_MATCH_THRESHOLD` for the transaction; on
SQLite the same similarity is computed in Python over the claims that share one of the
text's rarest (longest) words. Duplicates resolve to the claim they duplicate.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.conf import settings
from django.db import connection

from claims.models import Claim, ClaimStatus

_WORD = re.compile(r"[^\W_]+")
_PREFILTER_WORDS = 3
_PREFILTER_LIMIT = 10


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigram set of `text`."""
    grams: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm `similarity(a, b)`."""
    ta, tb = trigrams(a), trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


def _threshold(threshold: float | None) -> float:
    return settings.FACTCHECK_MATCH_THRESHOLD if threshold is None else threshold


def claim_find_match(text: str, *, threshold: float | None = None) -> Claim | None:
    """The existing claim whose wording is most similar to `text`, if similar enough."""
    return claims_find_matches([text], threshold=threshold)[0]


def claims_find_matches(texts: Sequence[str], *, threshold: float | None = None) -> list[Claim | None]:
    """`claim_find_match` for several texts in one round trip."""
    if not texts:
        return []
    limit = _threshold(threshold)
    if connection.vendor == "postgresql":
        best = _best_postgres(texts, limit)
    else:
        best = _best_python(texts, limit)
    wanted = {pk for pk in best if pk is not None}
    if not wanted:
        return [None] * len(texts)
    claims = Claim.objects.select_related("duplicate_of").in_bulk(wanted)
    out: list[Claim | None] = []
    for pk in best:
        claim = claims.get(pk) if pk is not None else None
        if claim is not None and claim.status == ClaimStatus.DUPLICATE and claim.duplicate_of_id:
            claim = claim.duplicate_of
        out.append(claim)
    return out


def _best_postgres(texts: Sequence[str], limit: float) -> list[int | None]:
    """pg_trgm `similarity()` against claims sharing one of the text's three longest words.

    The candidates come from the full-text GIN index `claim_text_fts_idx` (claims migration
    0003). Measured here: a `%` lookup through the trigram GIN index costs about 20 ms per
    sentence at 3,000 claims and grows with the table (sentence-length texts share their
    common trigrams with every row), while a word lookup stays at a few rows.
    """
    queries = []
    for text in texts:
        words = sorted(_words(text), key=lambda w: (-len(w), w))[:_PREFILTER_WORDS]
        queries.append(" | ".join(words))
    sql = """
        SELECT q.i, m.id
        FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS q(t, words, i)
        CROSS JOIN LATERAL (
            SELECT c.id
            FROM (
                SELECT id, text FROM claims_claim
                WHERE q.words <> ''
                  AND to_tsvector('english'::regconfig, COALESCE(text, '')) @@ to_tsquery('english', q.words)
                LIMIT %s
            ) c
            WHERE similarity(c.text, q.t) >= %s
            ORDER BY similarity(c.text, q.t) DESC, c.id
            LIMIT 1
        ) m
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(texts), queries, _PREFILTER_LIMIT * 2, limit])
        found = dict(cursor.fetchall())
    return [found.get(i) for i in range(1, len(texts) + 1)]


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if len(w) >= 3 and w.isascii()}


# Trigram sets of claim texts seen lately; keyed by text, so an edited claim is recomputed.
_TRIGRAM_CACHE: dict[str, frozenset[str]] = {}
_TRIGRAM_CACHE_SIZE = 50_000


def _cached_trigrams(text: str) -> frozenset[str]:
    grams = _TRIGRAM_CACHE.get(text)
    if grams is None:
        if len(_TRIGRAM_CACHE) >= _TRIGRAM_CACHE_SIZE:
            _TRIGRAM_CACHE.clear()
        grams = _TRIGRAM_CACHE[text] = trigrams(text)
    return grams


def _candidate_ids(texts: Sequence[str]) -> list[list[int]]:
    """For each text, claims containing one of its rarest words (FTS5 index, migration 0004).

    A claim at or above the similarity threshold shares most of a sentence's words, so it
    shares some of its rarest ones; looking those up keeps each lookup to a handful of rows.
    Two statements for all texts: the word counts, then a UNION ALL of one lookup per text.
    """
    per_text: list[list[int]] = [[] for _ in texts]
    words_of = [_words(text) for text in texts]
    vocabulary = sorted(set().union(*words_of))
    if not vocabulary:
        return per_text
    with connection.cursor() as cursor:
        counts: dict[str, int] = {}
        for start in range(0, len(vocabulary), 500):
            chunk = vocabulary[start : start + 500]
            placeholders = ", ".join(["%s"] * len(chunk))  # only placeholders are formatted in
            cursor.execute(f"SELECT term, doc FROM sources_claim_vocab WHERE term IN ({placeholders})", chunk)  # noqa: S608
            counts.update(cursor.fetchall())
        queries = []
        for i, words in enumerate(words_of):
            known = sorted((w for w in words if w in counts), key=lambda w: (counts[w], w))[:_PREFILTER_WORDS]
            if known:
                queries.append((i, " OR ".join(f'"{w}"' for w in known)))
        part = (
            "SELECT %s, rowid FROM (SELECT rowid FROM sources_claim_words "
            "WHERE sources_claim_words MATCH %s ORDER BY rank LIMIT %s)"
        )
        for start in range(0, len(queries), 200):  # SQLite allows 500 terms in a compound select
            chunk = queries[start : start + 200]
            params = [x for i, q in chunk for x in (i, q, _PREFILTER_LIMIT)]
            cursor.execute(" UNION ALL ".join([part] * len(chunk)), params)
            for i, pk in cursor.fetchall():
                per_text[i].append(pk)
    return per_text


def _best_python(texts: Sequence[str], limit: float) -> list[int | None]:
    per_text = _candidate_ids(texts)
    ids = {pk for pks in per_text for pk in pks}
    if not ids:
        return [None] * len(texts)
    grams_of = {pk: _cached_trigrams(text) for pk, text in Claim.objects.filter(pk__in=ids).values_list("id", "text")}
    best: list[int | None] = []
    for text, pks in zip(texts, per_text, strict=True):
        grams = trigrams(text)
        top, top_key = None, None
        for pk in pks:
            other = grams_of.get(pk)
            shared = len(grams & other) if other else 0
            if not shared:
                continue
            score = shared / (len(grams) + len(other) - shared)
            if score >= limit and (top_key is None or (score, -pk) > top_key):
                top, top_key = pk, (score, -pk)
        best.append(top)
    return best
