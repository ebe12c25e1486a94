"""Public pages for readers, uncached: a fact-check page, the busiest speaker's scorecard, the index."""

from __future__ import annotations

import random
from typing import Any

from django.db import connection
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from bench.measure import query_profile, time_calls

TARGET_P95_MS = 30
UNCACHED = {
    "CACHES": {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}},
    "FACTCHECK_PUBLIC_CACHE_SECONDS": 0,
}


def published_slugs(count: int, *, seed: int = 11) -> list[str]:
    with connection.cursor() as cur:
        cur.execute("SELECT slug FROM claims_verdict WHERE status = 'published' ORDER BY id")
        slugs = [row[0] for row in cur.fetchall()]
    return random.Random(seed).sample(slugs, min(count, len(slugs)))


def most_rated_speaker() -> str:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT s.slug FROM claims_verdict v JOIN claims_claim c ON c.id = v.claim_id "
            "JOIN claims_speaker s ON s.id = c.speaker_id WHERE v.status = 'published' "
            "GROUP BY s.slug ORDER BY count(*) DESC LIMIT 1"
        )
        return cur.fetchone()[0]


def _url(name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return None


def bench_public(*, requests: int, warmup: int) -> dict[str, Any]:
    client = Client()
    slugs = published_slugs(requests + warmup)
    speaker = most_rated_speaker()
    index = _url("claims:factcheck_list")
    pages: list[tuple[str, Any]] = [
        ("fact-check page", lambda i: reverse("claims:factcheck_detail", kwargs={"slug": slugs[i % len(slugs)]})),
        ("scorecard of the speaker with the most ratings", lambda i: reverse("claims:speaker_detail", kwargs={"slug": speaker})),
    ]
    results: dict[str, Any] = {}
    if index:
        pages += [
            ("index", lambda i: index),
            ("index, filtered by rating", lambda i: f"{index}?rating=false"),
            ("index, searched", lambda i: f"{index}?q=unemployment"),
            # The other end of the scale: a word that nearly every synthetic fact-check contains
            # (the page's keys come from the search index, so this sorts every match).
            ("index, searched for a word in nearly every fact-check", lambda i: f"{index}?q=percent"),
            # ... and a word none contains (walking the newest-first index, this read them all).
            ("index, searched for a word no fact-check contains", lambda i: f"{index}?q=zouvill"),
        ]
    else:
        results["missing"] = "claims:factcheck_list (the public index) is not on this checkout"
    with override_settings(**UNCACHED):
        for label, url_for in pages:
            def get(i: int, url_for=url_for) -> None:
                response = client.get(url_for(i))
                if response.status_code != 200:
                    raise RuntimeError(f"{url_for(i)} answered {response.status_code}")

            results[label] = {
                "url": url_for(0),
                "target_p95_ms": TARGET_P95_MS,
                **time_calls(get, requests=requests, warmup=warmup),
                **query_profile(lambda url_for=url_for: client.get(url_for(0))),
            }
    return {"public": results}
