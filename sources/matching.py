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
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q

from claims.models import Claim, ClaimStatus

_WORD = re.compile(r"[^\W_]+")
_PREFILTER_WORDS = 3
_PREFILTER_LIMIT = 500


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
    sql = """
        SELECT DISTINCT ON (q.i) q.i, c.id
        FROM unnest(%s::text[]) WITH ORDINALITY AS q(t, i)
        JOIN claims_claim c ON c.text %% q.t
        WHERE similarity(c.text, q.t) >= %s
        ORDER BY q.i, similarity(c.text, q.t) DESC, c.id
    """
    with transaction.atomic(), connection.cursor() as cursor:
        # `%` filters by this threshold through the GIN index; SET LOCAL ends with the transaction.
        cursor.execute("SELECT set_config('pg_trgm.similarity_threshold', %s, true)", [str(limit)])
        cursor.execute(sql, [list(texts), limit])
        found = dict(cursor.fetchall())
    return [found.get(i) for i in range(1, len(texts) + 1)]


def _rare_words(text: str) -> list[str]:
    words = sorted(set(_WORD.findall(text.lower())), key=lambda w: (-len(w), w))
    return [w for w in words if len(w) >= 4][:_PREFILTER_WORDS] or words[:1]


def _best_python(texts: Sequence[str], limit: float) -> list[int | None]:
    words = sorted({w for text in texts for w in _rare_words(text)})
    if not words:
        return [None] * len(texts)
    condition = reduce(or_, (Q(text__icontains=w) for w in words))
    rows = list(Claim.objects.filter(condition).values_list("id", "text")[: _PREFILTER_LIMIT * len(texts)])
    candidates = [(pk, trigrams(text)) for pk, text in rows]
    best: list[int | None] = []
    for text in texts:
        grams = trigrams(text)
        top, top_key = None, None
        for pk, other in candidates:
            shared = len(grams & other)
            if not shared:
                continue
            score = shared / (len(grams) + len(other) - shared)
            if score >= limit and (top_key is None or (score, -pk) > top_key):
                top, top_key = pk, (score, -pk)
        best.append(top)
    return best
