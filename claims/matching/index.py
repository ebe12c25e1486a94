"""Keep the matching index in step with claim wording: one `ClaimEmbedding` per claim (its
sentence vector) and, on PostgreSQL, one `ClaimWords` (its tsvector for lexical retrieval). On
SQLite the word index is an FTS5 table kept by triggers (migration 0010).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from django.db import connection, transaction

from claims.matching import embedding
from claims.matching.lexical import forget_word_statistics
from claims.models import Claim, ClaimEmbedding, ClaimWords


def claims_index_wording(claims: Iterable[Claim], *, vectors: np.ndarray | None = None) -> None:
    """Write (or replace) the vectors of `claims`, in the caller's transaction. `vectors`, when
    given, are the claims' own in the same order (ingestion computed them to match)."""
    claims = [c for c in claims if c.pk is not None]
    if not claims:
        return
    if vectors is None:
        vectors = embedding.embed([c.text for c in claims])
    ClaimEmbedding.objects.filter(claim_id__in=[c.pk for c in claims]).delete()
    ClaimWords.objects.filter(claim_id__in=[c.pk for c in claims]).delete()
    _insert([c.pk for c in claims], vectors)


def claims_index_created(ids: Sequence[int], texts: Sequence[str], *, vectors: np.ndarray | None = None) -> None:
    """Index claims just created (`claims.services.claims_create_bulk`): nothing to replace, so
    no delete first. `texts` are their wordings and `vectors`, when given, their vectors, both in
    the order of `ids`."""
    if not ids:
        return
    _insert(list(ids), embedding.embed(list(texts)) if vectors is None else vectors)


def _insert(ids: list[int], vectors: np.ndarray) -> None:
    """Insert vectors (and on PostgreSQL the claims' tsvectors, which lexical retrieval ranks
    on, parsed from the claims' text by PostgreSQL itself)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for start in range(0, len(ids), 2000):
                batch = ids[start : start + 2000]
                cursor.execute(
                    "INSERT INTO claims_claimembedding (claim_id, model, vector) "
                    "SELECT t.id, %s, t.vector FROM unnest(%s::int[], %s::bytea[]) AS t(id, vector)",
                    [embedding.MODEL_NAME, batch, [embedding.to_bytes(v) for v in vectors[start : start + 2000]]],
                )
                # A rebuild of vectors only (another model's dropped) finds the words there.
                cursor.execute(
                    "INSERT INTO claims_claimwords (claim_id, words) "
                    "SELECT c.id, to_tsvector('english'::regconfig, COALESCE(c.text, '')) "
                    "FROM claims_claim c WHERE c.id = ANY(%s) "
                    "ON CONFLICT (claim_id) DO UPDATE SET words = EXCLUDED.words",
                    [batch],
                )
        return
    ClaimEmbedding.objects.bulk_create(
        [
            ClaimEmbedding(claim_id=pk, model=embedding.MODEL_NAME, vector=embedding.to_bytes(v))
            for pk, v in zip(ids, vectors, strict=True)
        ],
        batch_size=2000,
    )


def claims_index_rebuild(*, batch_size: int = 5000, only_missing: bool = False) -> int:
    """Recompute claim vectors from the claims table (after a bulk load, an import, a restored
    dump, or a change of model); returns the number of claims indexed."""
    indexed = 0
    with transaction.atomic():
        # A vector written by another model is never compared with this one's: drop it.
        ClaimEmbedding.objects.exclude(model=embedding.MODEL_NAME).delete()
        if not only_missing:
            ClaimEmbedding.objects.all().delete()
            ClaimWords.objects.all().delete()
        done = set(ClaimEmbedding.objects.values_list("claim_id", flat=True)) if only_missing else set()
        batch: list[Claim] = []
        for pk, text in Claim.objects.order_by("pk").values_list("pk", "text").iterator(chunk_size=batch_size):
            if pk in done:
                continue
            batch.append(Claim(pk=pk, text=text))
            if len(batch) >= batch_size:
                _write(batch)
                indexed += len(batch)
                batch = []
        if batch:
            _write(batch)
            indexed += len(batch)
        if connection.vendor == "postgresql":
            # Lexical retrieval picks its words by these statistics (claims.matching.lexical).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE claims_claimwords")
    forget_word_statistics()
    return indexed


def _write(batch: list[Claim]) -> None:
    _insert([c.pk for c in batch], embedding.embed([c.text for c in batch]))
