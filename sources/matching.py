"""Find an existing claim with the same or nearly the same wording.

Similarity is pg_trgm's: the Jaccard index of the two texts' sets of word trigrams (each
lowercased alphanumeric word padded with two spaces in front and one behind); a claim matches
when it is at least `FACTCHECK_MATCH_THRESHOLD`. On PostgreSQL the final decision is pg_trgm's
own `similarity()`, on SQLite the same number computed in Python (a test checks they agree).

Candidates come from a locality-sensitive index, the same on both databases: each claim's
trigram set gets a MinHash signature of BANDS x ROWS hashes, and every band of ROWS hashes
becomes one 63-bit key in `sources_claimmatchkey` (one row per band, an index on the key).
Two texts share a band key exactly when their ROWS minimum hashes of that band agree, which
for texts of trigram similarity s happens with probability s**ROWS per band, so

    P(found) = 1 - (1 - s**ROWS) ** BANDS

With ROWS = 4 and BANDS = 40: s = 0.6 -> 0.9961, s = 0.65 -> 0.9996, s = 0.7 -> 0.99998,
s = 0.8 -> 1 - 4e-12, identical trigram sets -> 1 (the exact fast path: every key agrees).
Unrelated text is rarely a candidate: s = 0.3 -> 0.28, s = 0.2 -> 0.062, s = 0.1 -> 0.004, so
the rows read per sentence stay a few dozen even among a million claims of news sentences.
Whatever is found is then checked with the real similarity, so the index can only miss a
match (with the probability above), never invent one. The keys are written by the services
that create claims or change their text (`claim_match_keys_write`); migration `sources.0005`
built them for the claims that existed before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from django.conf import settings
from django.db import connection

from claims.models import Claim, ClaimStatus

_WORD = re.compile(r"[^\W_]+")

ROWS = 4
BANDS = 40
_MASK64 = (1 << 64) - 1
# Fixed seeds: keys written today must equal the keys computed for a sentence next year.
_rng = np.random.default_rng(20261125)
_MUL = _rng.integers(1, 2**63, size=BANDS * ROWS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_ADD = _rng.integers(0, 2**63, size=BANDS * ROWS, dtype=np.uint64)
_BAND_SALT = _rng.integers(1, 2**63, size=BANDS, dtype=np.uint64)
del _rng
# Trigrams hashed per numpy step: bounds the (trigrams x hashes) matrix to about 40 MB.
_SLICE = 32_768


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
    """MinHash signatures, one row of BANDS * ROWS uint64 per trigram set (zeros when empty)."""
    out = np.zeros((len(grams), BANDS * ROWS), dtype=np.uint64)
    lengths = np.fromiter((len(g) for g in grams), dtype=np.int64, count=len(grams))
    nonempty = np.flatnonzero(lengths)
    if not len(nonempty):
        return out
    # A trigram is three code points (21 bits each): packed, it is its own stable 63-bit id.
    packed = np.fromiter(
        ((ord(g[0]) << 42) | (ord(g[1]) << 21) | ord(g[2]) for i in nonempty for g in grams[i]),
        dtype=np.uint64,
        count=int(lengths[nonempty].sum()),
    )
    ids = _mix(packed)
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
            block = ids[start : start + total, None] * _MUL[None, :] + _ADD[None, :]
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
            keys = _mix(keys * np.uint64(0x9E3779B97F4A7C15) + bands[:, :, r])
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


def _insert_keys(rows: list[tuple[int, int]]) -> None:
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5_000):
            chunk = rows[start : start + 5_000]
            values = ", ".join(["(%s, %s)"] * len(chunk))  # only placeholders are formatted in
            cursor.execute(
                f"INSERT INTO sources_claimmatchkey (claim_id, key) VALUES {values}",  # noqa: S608
                [x for row in chunk for x in row],
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
    """For each text, the id of the most similar existing claim at or above `limit` (ties: the
    oldest), from the claims sharing one of its band keys. One statement on either database."""
    index = [i for i, g in enumerate(grams) if g]
    if not index:
        return [None] * len(texts)
    if connection.vendor == "postgresql":
        return _best_postgres(texts, index, keys, limit)
    return _best_python(texts, grams, index, keys, limit)


def _best_postgres(texts, index, keys, limit) -> list[int | None]:
    sql = """
        SELECT DISTINCT ON (p.i) p.i, c.id
        FROM (
            SELECT DISTINCT q.i, k.claim_id
            FROM unnest(%s::int[], %s::bigint[]) AS q(i, key)
            JOIN sources_claimmatchkey k ON k.key = q.key
        ) p
        JOIN claims_claim c ON c.id = p.claim_id
        JOIN unnest(%s::int[], %s::text[]) AS t(i, text) ON t.i = p.i
        WHERE similarity(c.text, t.text) >= %s
        ORDER BY p.i, similarity(c.text, t.text) DESC, c.id
    """
    rows = keys[index]
    qi = np.repeat(np.asarray(index, dtype=np.int64), BANDS).tolist()
    with connection.cursor() as cursor:
        cursor.execute(sql, [qi, rows.ravel().tolist(), index, [texts[i] for i in index], limit])
        found = dict(cursor.fetchall())
    return [found.get(i) for i in range(len(texts))]


def _best_python(texts, grams, index, keys, limit) -> list[int | None]:
    wanted: dict[int, list[int]] = {}
    for i in index:
        for key in keys[i].tolist():
            wanted.setdefault(key, []).append(i)
    candidates: dict[int, set[int]] = {}
    with connection.cursor() as cursor:
        # json_each: one parameter however many keys (SQLite caps the number of parameters).
        import json

        cursor.execute(
            "SELECT k.key, k.claim_id, c.text FROM sources_claimmatchkey k "
            "JOIN claims_claim c ON c.id = k.claim_id "
            "WHERE k.key IN (SELECT value FROM json_each(%s))",
            [json.dumps(list(wanted))],
        )
        texts_of: dict[int, str] = {}
        for key, pk, text in cursor.fetchall():
            texts_of[pk] = text
            for i in wanted[key]:
                candidates.setdefault(i, set()).add(pk)
    grams_of = {pk: _cached_trigrams(text) for pk, text in texts_of.items()}
    best: list[int | None] = [None] * len(texts)
    for i, pks in candidates.items():
        top_key = None
        for pk in pks:
            score = _jaccard(grams[i], grams_of[pk])
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
