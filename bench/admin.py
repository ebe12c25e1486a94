"""The curators' review queue in the admin, as a logged-in fact-checker, over a million claims."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.urls import reverse

from bench.measure import query_profile, time_calls

TARGET_P95_MS = 300


def bench_user():
    """A fact-checker (the real role, through `roles_setup`) the benchmark logs in as."""
    from claims.roles import FACT_CHECKER, roles_setup

    groups = roles_setup()
    user, _ = get_user_model().objects.get_or_create(
        username="bench-checker", defaults={"is_staff": True, "email": "bench-checker@newsroom.test"}
    )
    user.groups.add(groups[FACT_CHECKER])
    return user


def _top_speaker() -> tuple[int, str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT s.id, s.name FROM claims_claim c JOIN claims_speaker s ON s.id = c.speaker_id "
            "WHERE c.status = 'candidate' GROUP BY s.id, s.name ORDER BY count(*) DESC LIMIT 1"
        )
        return cur.fetchone()


def queue_pages() -> list[tuple[str, str]]:
    """(label, url) of the admin's claim lists: first page, filtered, searched."""
    from claims import models

    speaker_id, speaker_name = _top_speaker()
    surname = speaker_name.rsplit(" ", 1)[-1]
    pages = []
    for model_name in ("ReviewQueueClaim", "Claim"):
        model = getattr(models, model_name, None)
        if model is None or not admin.site.is_registered(model):
            continue
        url = reverse(f"admin:claims_{model._meta.model_name}_changelist")
        label = model._meta.verbose_name_plural
        pages += [
            (f"{label}: first page", url),
            (f"{label}: filtered (candidates of the busiest speaker)", f"{url}?status=candidate&speaker={speaker_id}"),
            (f"{label}: filtered by score range", f"{url}?status=candidate&score=high"),
            (f"{label}: searched (claim text)", f"{url}?q=unemployment"),
            (f"{label}: searched (speaker alias)", f"{url}?q={surname}"),
        ]
    return pages


def bench_admin(*, requests: int, warmup: int) -> dict[str, Any]:
    client = Client()
    client.force_login(bench_user())
    results: dict[str, Any] = {}
    pages = queue_pages()
    if not pages:
        results["missing"] = "claims.Claim is not registered in the admin on this checkout"
    for label, url in pages:
        def get(_i: int, url=url) -> None:
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")

        results[label] = {
            "url": url,
            "target_p95_ms": TARGET_P95_MS,
            **time_calls(get, requests=requests, warmup=warmup),
            **query_profile(lambda url=url: client.get(url)),
        }
    results["review_queue() selector, first 100 rows"] = {
        **time_calls(lambda _i: _queue_rows(), requests=requests, warmup=warmup),
        **query_profile(_queue_rows),
    }
    return {"admin": results}


def _queue_rows() -> list:
    from claims.selectors import review_queue

    return list(review_queue()[:100])
