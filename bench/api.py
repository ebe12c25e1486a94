"""The partner API at archive scale, with its floor (one raw SQL query) and its baseline (the
same endpoint built the default way), measured in the same run.

Ratios use medians (p50), which are steadier than p95 on a shared machine; both are saved.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connection
from django.test import Client, override_settings
from django.urls import NoReverseMatch, reverse

from bench.measure import query_profile, time_calls
from bench.public import UNCACHED
from bench.raw import RawFloor

LIST_TARGET_MS = 25
SEARCH_TARGET_MS = 50
PAGE = 50


@dataclass
class Endpoint:
    label: str
    ours: Callable[[int], str]
    raw: Callable[[RawFloor, int], bytes] | None
    default: Callable[[int], str] | None
    target_p95_ms: int


def partner_key() -> str:
    """A real partner API key, created the way an admin creates one."""
    from partners.models import Partner, PartnerAPIKey

    partner, _ = Partner.objects.get_or_create(name="Benchmark partner")
    PartnerAPIKey.objects.filter(partner=partner, name="bench").delete()
    _, key = PartnerAPIKey.objects.create_key(name="bench", partner=partner)
    return key


def _one(sql: str, params: list | None = None) -> Any:
    with connection.cursor() as cur:
        cur.execute(sql, params or [])
        row = cur.fetchone()
    return row[0] if row else None


def _speakers() -> tuple[str, str]:
    """The speaker with the most fact-checks, and one with just a few."""
    sql = (
        "SELECT s.slug FROM claims_verdict v JOIN claims_claim c ON c.id = v.claim_id "
        "JOIN claims_speaker s ON s.id = c.speaker_id WHERE v.status = 'published' "
        "GROUP BY s.slug HAVING count(*) {having} ORDER BY count(*) DESC, s.slug LIMIT 1"
    )
    return _one(sql.format(having=">= 1")), _one(sql.format(having="<= 3"))


def endpoints(client: Client, headers: dict[str, str]) -> list[Endpoint]:
    base = reverse("api:factcheck-list")
    feed = reverse("api:claimreview-feed")
    search = reverse("api:claims-search")
    top_speaker, rare_speaker = _speakers()
    tag = _one("SELECT t.slug FROM claims_claim_tags ct JOIN claims_tag t ON t.id = ct.tag_id "
               "GROUP BY t.slug ORDER BY count(*) DESC LIMIT 1")
    ids = [row for row in _ids()]
    rng = random.Random(5)
    rng.shuffle(ids)

    def fixed(url: str) -> Callable[[int], str]:
        return lambda _i: url

    list_cases = [
        ("fact-checks list, page of 50", {}, {}, {}),
        ("fact-checks list, rating filter", {"rating": "false"}, {"rating": "false"}, {"rating__slug": "false"}),
        ("fact-checks list, speaker filter (busiest speaker)", {"speaker": top_speaker},
         {"speaker_id": _speaker_id(top_speaker)}, {"claim__speaker__slug": top_speaker}),
        ("fact-checks list, speaker filter (speaker with 1-3 fact-checks)", {"speaker": rare_speaker},
         {"speaker_id": _speaker_id(rare_speaker)}, {"claim__speaker__slug": rare_speaker}),
        ("fact-checks list, tag filter", {"tag": tag}, {"tag": tag}, {"claim__tags__slug": tag}),
        ("fact-checks list, language filter", {"language": "es"}, {"language": "es"}, {"claim__language": "es"}),
        ("fact-checks list, published_after filter", {"published_after": "2026-06-01"},
         {"published_after": datetime.fromisoformat("2026-06-01T00:00:00+00:00")}, {"published_at__gte": "2026-06-01T00:00:00Z"}),
        ("fact-checks list, published_before filter", {"published_before": "2022-01-01"},
         {"published_before": datetime.fromisoformat("2022-01-01T00:00:00+00:00")}, {"published_at__lt": "2022-01-01T00:00:00Z"}),
        ("fact-checks list, updated_since filter", {"updated_since": "2026-09-01"},
         {"updated_since": datetime.fromisoformat("2026-09-01T00:00:00+00:00")}, {"updated_at__gte": "2026-09-01T00:00:00Z"}),
    ]
    out: list[Endpoint] = []
    for label, ours_q, raw_q, default_q in list_cases:
        out.append(Endpoint(
            label,
            fixed(_url(base, {"page_size": PAGE, **ours_q})),
            lambda raw, _i, raw_q=raw_q: raw.factcheck_page(page_size=PAGE, **raw_q),
            fixed(_url("/bench-default/fact-checks/", default_q)),
            LIST_TARGET_MS,
        ))
    for query in ("unemployment", "Ohio unemployment"):
        out.append(Endpoint(
            f"fact-checks full-text search ({query!r})",
            fixed(_url(base, {"page_size": PAGE, "q": query})),
            lambda raw, _i, query=query: raw.factcheck_page(page_size=PAGE, q=query),
            fixed(_url("/bench-default/fact-checks/", {"search": query})),
            SEARCH_TARGET_MS,
        ))
    out.append(Endpoint(
        "fact-check detail",
        lambda i: reverse("api:factcheck-detail", kwargs={"id_or_slug": ids[i % len(ids)]}),
        lambda raw, i: raw.factcheck_detail(ids[i % len(ids)]),
        lambda i: f"/bench-default/fact-checks/{ids[i % len(ids)]}/",
        LIST_TARGET_MS,
    ))
    out.append(Endpoint(
        "claims:search (Google Fact Check Tools shape)",
        fixed(_url(search, {"query": "unemployment"})),
        lambda raw, _i: raw.claims_search(query="unemployment"),
        fixed(_url("/bench-default/fact-checks/", {"search": "unemployment"})),
        SEARCH_TARGET_MS,
    ))
    out.append(Endpoint(
        "ClaimReview feed page (50)",
        fixed(_url(feed, {"page_size": PAGE})),
        lambda raw, _i: raw.claimreview_page(page_size=PAGE),
        fixed("/bench-default/claimreview/"),
        LIST_TARGET_MS,
    ))
    deep, boundary = _deep_cursor(client, headers, _url(base, {"page_size": PAGE}), pages=1000)
    if deep:
        out.append(Endpoint(
            "fact-checks list, page 1,000 by cursor",
            fixed(deep),
            lambda raw, _i: raw.factcheck_page(page_size=PAGE, after=boundary),
            fixed("/bench-default/fact-checks/?page=1000"),
            LIST_TARGET_MS,
        ))
    return out


def _speaker_id(slug: str) -> int:
    return _one("SELECT id FROM claims_speaker WHERE slug = %s", [slug])


def _ids() -> list[int]:
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM claims_verdict WHERE status = 'published' ORDER BY random() LIMIT 2000")
        return [row[0] for row in cur.fetchall()]


def _url(path: str, params: dict[str, Any]) -> str:
    from urllib.parse import urlencode

    return f"{path}?{urlencode(params)}" if params else path


def _deep_cursor(client: Client, headers: dict, first: str, *, pages: int) -> tuple[str | None, tuple | None]:
    """Follow `next` links from page 1 to page `pages`; returns its URL and the boundary row."""
    url = first
    last = None
    for _ in range(pages - 1):
        body = json.loads(client.get(url, headers=headers).content)
        if not body.get("next") or not body.get("results"):
            return None, None
        last = body["results"][-1]
        url = body["next"]
    return url, (datetime.fromisoformat(last["published_at"].replace("Z", "+00:00")), last["id"])


def bench_api(*, requests: int, warmup: int, baseline_requests: int = 50, database_url: str | None = None) -> dict[str, Any]:
    try:
        reverse("api:factcheck-list")
    except NoReverseMatch:
        return {"api": {"missing": "the partner API (api:factcheck-list) is not on this checkout"}}
    key = partner_key()
    headers = {"Authorization": f"Api-Key {key}"}
    client = Client()
    raw = RawFloor(database_url or os.environ["DATABASE_URL"])
    results: dict[str, Any] = {}
    try:
        with override_settings(ROOT_URLCONF="bench.urls", **UNCACHED):
            for endpoint in endpoints(client, headers):
                results[endpoint.label] = _measure(endpoint, client, headers, raw, requests, warmup, baseline_requests)
                print(f"   {endpoint.label}: {results[endpoint.label]['p95_ms']} ms p95", flush=True)
    finally:
        raw.close()
    return {"api": results}


def _measure(endpoint: Endpoint, client, headers, raw, requests, warmup, baseline_requests) -> dict[str, Any]:
    def ours(i: int) -> None:
        response = client.get(endpoint.ours(i), headers=headers)
        if response.status_code != 200:
            raise RuntimeError(f"{endpoint.ours(i)} answered {response.status_code}: {response.content[:300]!r}")

    result: dict[str, Any] = {
        "url": endpoint.ours(0),
        "target_p95_ms": endpoint.target_p95_ms,
        **time_calls(ours, requests=requests, warmup=warmup),
        **query_profile(lambda: client.get(endpoint.ours(0), headers=headers)),
    }
    if endpoint.raw is not None:
        floor = time_calls(lambda i: endpoint.raw(raw, i), requests=requests, warmup=warmup)
        result["raw"] = floor
        result["raw_p95_ms"] = floor["p95_ms"]
        result["ours_over_raw"] = round(result["p50_ms"] / floor["p50_ms"], 2)
    if endpoint.default is not None:
        def default(i: int) -> None:
            response = client.get(endpoint.default(i))
            if response.status_code != 200:
                raise RuntimeError(f"{endpoint.default(i)} answered {response.status_code}")

        base = time_calls(default, requests=baseline_requests, warmup=1)
        base.update(query_profile(lambda: client.get(endpoint.default(0))))
        result["default"] = {"url": endpoint.default(0), **base}
        result["default_p95_ms"] = base["p95_ms"]
        result["default_over_ours"] = round(base["p50_ms"] / result["p50_ms"], 2)
    return result
