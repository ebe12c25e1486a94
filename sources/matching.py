"""Find an existing claim with the same or nearly the same wording.

Similarity is pg_trgm's: the Jaccard index of the two texts' sets of word trigrams (each
lowercased alphanumeric word padded with two spaces in front and one behind); a claim matches
when it is at least `FACTCHECK_MATCH_THRESHOLD`. On PostgreSQL the final decision is pg_trgm's
own `similarity()`, on SQLite the same number computed in Python (a test checks they agree).

Candidates come from a locality-sensitive index, the same on both databases: each claim's
trigram set gets a MinHash signature of BANDS x ROWS hashes, and every band of ROWS hashes
becomes one 63-bit key in `sources_claimmatchkey` (one row per band, indexed). Two texts share
a band key exactly when the ROWS minimum hashes of that band agree, which for texts of trigram
similarity s happens with probability s**ROWS per band, so a claim is under at least one of
a sentence's keys with probability

    P(s) = 1 - (1 - s**ROWS) ** BANDS

With ROWS = 3 and BANDS = 24: s = 0.6 -> 0.9971, s = 0.65 -> 0.9996, s = 0.7 -> 0.99996,
s = 0.8 -> 1 - 3e-8; identical wording shares every key (the exact fast path). Unrelated
sentences rarely share one: s = 0.3 -> 0.48, s = 0.1 -> 0.024. A claim at the threshold shares
about BANDS * s**ROWS = 5 keys with the sentence, one at s = 0.3 shares 0.6 on average, so
candidates are ranked by keys shared and the first TOP_CANDIDATES are compared with the real
similarity; each key reads at most BUCKET_READ claims (the oldest), so text built from a
template, whose common phrasing crowds some keys with thousands of claims, costs no more than
any other. Whatever is found is checked with the real similarity: the index can miss a match
(with the probability above, or when more than TOP_CANDIDATES claims share more keys with the
sentence), never invent one. The keys are written by the services that create claims or
change their text (`claim_match_keys_write`); migration `sources.0005` indexed the claims that
existed before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

import numpy as np
from django.conf import settings
from django.db import connection, transaction

from claims.models import Claim, ClaimStatus

_WORD = re.compile(r"[^\W_]+")

ROWS = 3
BANDS = 24
# Fixed seeds: keys written today must equal the keys computed for a sentence next year.
_rng = np.random.default_rng(20261125)
_MUL = (_rng.integers(0, 2**31, size=BANDS * ROWS, dtype=np.uint32) << np.uint32(1)) | np.uint32(1)
_ADD = _rng.integers(0, 2**32, size=BANDS * ROWS, dtype=np.uint32)
_BAND_SALT = _rng.integers(1, 2**63, size=BANDS, dtype=np.uint64)
del _rng
# Claims read per band key, and claims compared per text: bounds the work for a sentence
# whose keys are shared by many claims (text built from a template, boilerplate phrasing).
BUCKET_READ = 256
TOP_CANDIDATES = 32
# Trigrams hashed per numpy step: bounds the (trigrams x hashes) matrix to about 20 MB.
_SLICE = 65_536


def trigrams(text: str) -> frozenset[str]:
    """pg_trgm's trigram set of `text`."""
    grams: set[str] = set()
    for word in _WORD.findall(text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm `similarity(a, b)`."""
    return _jaccard(trigrams(a), trigrams(b))


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: spreads the packed code points over all 64 bits."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def signatures(grams: Sequence[frozenset[str]]) -> np.ndarray:
    """MinHash signatures, one row of BANDS * ROWS uint32 per trigram set (zeros when empty).

    Each trigram's stable id (its three code points, 21 bits each) is mixed to 32 bits, then
    hashed by BANDS * ROWS random odd-multiplier affine permutations of the 32-bit space; a
    signature entry is the minimum over the set.
    """
    out = np.zeros((len(grams), BANDS * ROWS), dtype=np.uint32)
    lengths = np.fromiter((len(g) for g in grams), dtype=np.int64, count=len(grams))
    nonempty = np.flatnonzero(lengths)
    if not len(nonempty):
        return out
    flat = "".join("".join(grams[i]) for i in nonempty)  # every trigram is three characters
    points = np.frombuffer(flat.encode("utf-32-le"), dtype=np.uint32).reshape(-1, 3).astype(np.uint64)
    packed = (points[:, 0] << np.uint64(42)) | (points[:, 1] << np.uint64(21)) | points[:, 2]
    ids = (_mix(packed) >> np.uint64(32)).astype(np.uint32)
    with np.errstate(over="ignore"):
        start = 0
        pos = 0
        while pos < len(nonempty):
            # Whole sets per slice, so each minimum is taken over one set's trigrams.
            end = pos
            total = 0
            while end < len(nonempty) and (end == pos or total + lengths[nonempty[end]] <= _SLICE):
                total += int(lengths[nonempty[end]])
                end += 1
            block = np.multiply(ids[start : start + total, None], _MUL[None, :])
            block += _ADD
            offsets = np.concatenate(([0], np.cumsum(lengths[nonempty[pos:end]])[:-1]))
            out[nonempty[pos:end]] = np.minimum.reduceat(block, offsets, axis=0)
            start += total
            pos = end
    return out


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """The BANDS index keys of each signature row, as non-negative int64 (fits a bigint)."""
    with np.errstate(over="ignore"):
        keys = np.broadcast_to(_BAND_SALT, (len(sigs), BANDS)).copy()
        bands = sigs.reshape(len(sigs), BANDS, ROWS)
        for r in range(ROWS):
            keys = _mix(keys * np.uint64(0x9E3779B97F4A7C15) + bands[:, :, r].astype(np.uint64))
    return (keys >> np.uint64(1)).astype(np.int64)


def match_keys(texts: Sequence[str]) -> tuple[list[frozenset[str]], np.ndarray]:
    """Trigram sets and band keys of `texts`; a text without trigrams gets no usable keys."""
    grams = [trigrams(t) for t in texts]
    return grams, band_keys(signatures(grams))


def claim_match_keys_write(claims: Iterable[Claim], *, replace: bool = False) -> None:
    """Index `claims` for matching (after their text was created or changed).

    Services call this in the transaction that writes the claim, so the index never lags the
    text. `replace=True` first drops the claims' old keys (an edited text).
    """
    claims = [c for c in claims if c.pk is not None]
    if not claims:
        return
    if replace:
        from sources.models import ClaimMatchKey

        ClaimMatchKey.objects.filter(claim_id__in=[c.pk for c in claims]).delete()
    grams, keys = match_keys([c.text for c in claims])
    rows = [
        (claim.pk, int(key))
        for claim, g, row in zip(claims, grams, keys.tolist(), strict=True)
        if g
        for key in row
    ]
    _insert_keys(rows)


def claim_match_keys_rebuild(*, batch_size: int = 5000) -> int:
    """Rebuild the whole match index from the claims table; returns the number of claims indexed.

    For claims written around the services (a bulk load, an import, a restored dump).
    """
    from sources.models import ClaimMatchKey

    indexed = 0

    def index(batch: list[tuple[int, str]]) -> None:
        grams, keys = match_keys([text for _pk, text in batch])
        _insert_keys(
            [
                (pk, int(key))
                for (pk, _text), g, keyrow in zip(batch, grams, keys.tolist(), strict=True)
                if g
                for key in keyrow
            ]
        )

    with transaction.atomic():
        ClaimMatchKey.objects.all().delete()
        batch: list[tuple[int, str]] = []
        for row in Claim.objects.order_by("pk").values_list("pk", "text").iterator(chunk_size=batch_size):
            batch.append(row)
            if len(batch) >= batch_size:
                index(batch)
                indexed += len(batch)
                batch = []
        if batch:
            index(batch)
            indexed += len(batch)
    return indexed


def _insert_keys(rows: list[tuple[int, int]]) -> None:
    """Insert (claim id, key) rows with one array parameter per column, not one per value
    (building a statement with tens of thousands of placeholders costs more than the insert)."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "INSERT INTO sources_claimmatchkey (claim_id, key) "
                "SELECT * FROM unnest(%s::bigint[], %s::bigint[])",
                [[pk for pk, _key in rows], [key for _pk, key in rows]],
            )
        else:
            cursor.execute(
                "INSERT INTO sources_claimmatchkey (claim_id, key) "
                "SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(%s)",
                [json.dumps(rows)],
            )


def _threshold(threshold: float | None) -> float:
    return settings.FACTCHECK_MATCH_THRESHOLD if threshold is None else threshold


def claim_find_match(text: str, *, threshold: float | None = None) -> Claim | None:
    """The existing claim whose wording is most similar to `text`, if similar enough."""
    return claims_find_matches([text], threshold=threshold)[0]


def claims_find_matches(texts: Sequence[str], *, threshold: float | None = None) -> list[Claim | None]:
    """`claim_find_match` for several texts: one candidate-and-similarity statement for all."""
    if not texts:
        return []
    grams, keys = match_keys(texts)
    return claims_resolve(best_matches(texts, grams, keys, _threshold(threshold)))


def claims_resolve(best: Sequence[int | None]) -> list[Claim | None]:
    """Claims for the ids `best_matches` found; a duplicate resolves to the claim it duplicates."""
    wanted = {pk for pk in best if pk is not None}
    if not wanted:
        return [None] * len(best)
    claims = Claim.objects.select_related("duplicate_of").in_bulk(wanted)
    out: list[Claim | None] = []
    for pk in best:
        claim = claims.get(pk) if pk is not None else None
        if claim is not None and claim.status == ClaimStatus.DUPLICATE and claim.duplicate_of_id:
            claim = claim.duplicate_of
        out.append(claim)
    return out


def best_matches(
    texts: Sequence[str], grams: Sequence[frozenset[str]], keys: np.ndarray, limit: float
) -> list[int | None]:
    """For each text, the id of the most similar claim at or above `limit` among its candidates
    (ties: the oldest). Candidates: the claims under its band keys (at most BUCKET_READ per
    key, the oldest), best first by the number of keys shared; the first TOP_CANDIDATES are
    compared. One statement on PostgreSQL, two on SQLite."""
    index = [i for i, g in enumerate(grams) if g]
    if not index:
        return [None] * len(texts)
    if connection.vendor == "postgresql":
        return _best_postgres(texts, index, keys, limit)
    return _best_python(texts, grams, index, keys, limit)


def top_candidates(hits: dict[int, int]) -> list[int]:
    """The ids sharing the most keys with a text (ties: the oldest), at most TOP_CANDIDATES."""
    return sorted(hits, key=lambda pk: (-hits[pk], pk))[:TOP_CANDIDATES]


def _best_postgres(texts, index, keys, limit) -> list[int | None]:
    sql = """
        WITH q AS (
            SELECT * FROM unnest(%s::int[], %s::bigint[]) AS q(i, key)
        ), bucket AS (
            -- Each distinct key read once, however many sentences of the chunk share it.
            SELECT d.key, m.claim_id
            FROM (SELECT DISTINCT key FROM q) d
            CROSS JOIN LATERAL (
                SELECT k.claim_id FROM sources_claimmatchkey k
                WHERE k.key = d.key ORDER BY k.claim_id LIMIT %s
            ) m
        ), hits AS (
            SELECT q.i, b.claim_id, count(*) AS n
            FROM q JOIN bucket b ON b.key = q.key
            GROUP BY q.i, b.claim_id
        ), ranked AS (
            SELECT i, claim_id, row_number() OVER (PARTITION BY i ORDER BY n DESC, claim_id) AS r
            FROM hits
        )
        SELECT DISTINCT ON (p.i) p.i, c.id
        FROM ranked p
        JOIN claims_claim c ON c.id = p.claim_id
        JOIN unnest(%s::int[], %s::text[]) AS t(i, text) ON t.i = p.i
        WHERE p.r <= %s AND similarity(c.text, t.text) >= %s
        ORDER BY p.i, similarity(c.text, t.text) DESC, c.id
    """
    qi = np.repeat(np.asarray(index, dtype=np.int64), BANDS).tolist()
    params = [qi, keys[index].ravel().tolist(), BUCKET_READ, index, [texts[i] for i in index],
              TOP_CANDIDATES, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = dict(cursor.fetchall())
    return [found.get(i) for i in range(len(texts))]


def _best_python(texts, grams, index, keys, limit) -> list[int | None]:
    wanted: dict[int, list[int]] = {}
    for i in index:
        for key in keys[i].tolist():
            wanted.setdefault(key, []).append(i)
    hits: dict[int, dict[int, int]] = {}
    with connection.cursor() as cursor:
        # json_each: one parameter however many keys (SQLite caps the number of parameters);
        # the correlated subquery reads at most BUCKET_READ claims per key, as on PostgreSQL.
        cursor.execute(
            "SELECT q.value, (SELECT group_concat(claim_id) FROM (SELECT claim_id "
            "FROM sources_claimmatchkey k WHERE k.key = q.value ORDER BY claim_id LIMIT %s)) "
            "FROM json_each(%s) AS q",
            [BUCKET_READ, json.dumps(list(wanted))],
        )
        for key, pks in cursor.fetchall():
            if not pks:
                continue
            for i in wanted[key]:
                counts = hits.setdefault(i, {})
                for pk in map(int, pks.split(",")):
                    counts[pk] = counts.get(pk, 0) + 1
        chosen = {i: top_candidates(counts) for i, counts in hits.items()}
        ids = {pk for pks in chosen.values() for pk in pks}
        if not ids:
            return [None] * len(texts)
        cursor.execute(
            "SELECT id, text FROM claims_claim WHERE id IN (SELECT value FROM json_each(%s))",
            [json.dumps(sorted(ids))],
        )
        grams_of = {pk: _cached_trigrams(text) for pk, text in cursor.fetchall()}
    best: list[int | None] = [None] * len(texts)
    for i, pks in chosen.items():
        top_key = None
        for pk in pks:
            other = grams_of.get(pk)
            score = _jaccard(grams[i], other) if other else 0.0
            if score >= limit and (top_key is None or (score, -pk) > top_key):
                best[i], top_key = pk, (score, -pk)
    return best


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
