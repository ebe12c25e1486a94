"""Claim matching at archive scale: the product's matcher (`claims.matching.lookup.claim_match`:
word index, sentence vectors, slot comparison) for a new sentence among all claims."""

from __future__ import annotations

import random
from typing import Any

from django.conf import settings
from django.db import connection

from bench import synthetic
from bench.measure import time_calls

# The raw pg_trgm query is kept for `bench.explain` (its plan over the trigram index).
RAW_TRIGRAM_THRESHOLD = 0.6
RAW_MATCH_SQL = """
SELECT id, text, similarity(text, %(q)s) AS score
FROM claims_claim
WHERE text %% %(q)s
ORDER BY text <-> %(q)s
LIMIT 5
"""


def probe_sentences(count: int, *, seed: int = 7) -> list[str]:
    """Half reworded existing claims (what matching must find), half fresh sentences (misses)."""
    rng = random.Random(seed)
    with connection.cursor() as cur:
        cur.execute("SELECT max(id) FROM claims_claim")
        top = cur.fetchone()[0] or 0
        ids = [rng.randint(1, top) for _ in range(count // 2)]
        cur.execute("SELECT text FROM claims_claim WHERE id = ANY(%s)", [ids])
        existing = [row[0] for row in cur.fetchall()]
    sentences = [synthetic.reworded(rng, text) for text in existing]
    sentences += [synthetic.claim_sentence(rng) for _ in range(count - len(sentences))]
    rng.shuffle(sentences)
    return sentences


def _matcher():
    """The product's matcher; a match is `same` or `suggest`."""
    from claims.matching.decide import Outcome
    from claims.matching.lookup import claim_match

    return "claims.matching.lookup.claim_match", lambda text: claim_match(text).outcome != Outcome.NEW


def bench_matching(*, requests: int, warmup: int) -> dict[str, Any]:
    name, match = _matcher()
    sentences = probe_sentences(requests + warmup)
    found = 0

    def call(i: int) -> None:
        nonlocal found
        if match(sentences[i]):
            found += 1

    timing = time_calls(call, requests=requests, warmup=warmup)
    return {
        "matching": {
            "implementation": name,
            "thresholds": {"same": settings.FACTCHECK_MATCH_SAME, "suggest": settings.FACTCHECK_MATCH_SUGGEST},
            "probes": "half reworded existing claims, half new sentences",
            "matched": found,
            "target_p95_ms": 50,
            **timing,
        }
    }
