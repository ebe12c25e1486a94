"""Injection: hostile text in claims, speakers and sources renders as text in the admin and the
API (the public pages, JSON-LD and feeds are covered by tests/claims/test_public_escaping.py),
and search or filter parameters carrying SQL metacharacters or huge values get a 400 or
honest results, never a 500 and never rows they do not match."""

from __future__ import annotations

import json

import pytest
from django.utils.html import escape

from claims import services
from claims.models import Appearance, Rating
from tests.claims.public_helpers import HOSTILE, make_factcheck, make_source

pytestmark = pytest.mark.django_db

# The parts of HOSTILE that would run if they reached a page unescaped.
RAW = ("<script>alert(1)</script>", "<img src=x onerror=alert(2)>", "<svg onload=alert(3)>")
SQL = (
    "' OR 1=1 --",
    "'; DROP TABLE claims_claim; --",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "%' UNION SELECT username, password FROM auth_user --",
    "$1",
    "a:*",
    "!()&|<->",
    "ü' OR 'x'='x",
    "\u0000",
)
LONG = "claim " * 2000
# Shares no word and no character with the values above: a search that returns it was not
# honest about its parameter (an injected `OR 1=1`, an unescaped `%`).
CANARY = "Hippo tundr gloomy Piet Honduh"


@pytest.fixture
def hostile(publish_verdict, editor, fact_checker):
    speaker = services.speaker_create(name=f"Mallory {HOSTILE}", role=f"Role {HOSTILE}", aliases=[f"Alias {HOSTILE}"])
    text = f"Opening. Sentence {HOSTILE} closing."
    source = make_source(url="https://news.example/hostile", title=f"Title {HOSTILE}", publisher=f"Pub {HOSTILE}", text=text)
    verdict = make_factcheck(
        publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
        text=f"Claim {HOSTILE}", headline=f"Headline {HOSTILE}", tags=("<script>alert(1)</script>",),  # tag names hold 80 characters
        correction=f"Correction {HOSTILE}",
    )
    sentence = f"Sentence {HOSTILE} closing."
    start = text.index(sentence)
    candidate = services.claim_create(text=f"Candidate {HOSTILE}", speaker=speaker, score=0.9)
    Appearance.objects.create(
        claim=candidate, source=source, sentence=sentence, start=start, end=start + len(sentence),
        speaker_mention=f"Mention {HOSTILE}", speaker_role=f"Seen role {HOSTILE}",
    )
    services.evidence_add(
        claim=candidate, url="https://evidence.example/h", user=fact_checker,
        title=f"Evidence {HOSTILE}", note=f"Note {HOSTILE}",
    )
    canary_speaker = services.speaker_create(name="Piet Honduh", country="Tundr")
    canary_claim = services.claim_create(text=CANARY, speaker=canary_speaker, score=0.5)
    services.claims_apply(claims=[canary_claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    canary = services.verdict_create(
        claim=canary_claim, headline=CANARY, user=fact_checker, rating=Rating.objects.get(slug="true"), summary=CANARY,
    )
    services.evidence_add(claim=canary_claim, url="https://evidence.example/c", user=fact_checker)
    services.verdict_publish(verdict=canary, editor=editor)
    return {"verdict": verdict, "candidate": candidate, "speaker": speaker, "source": source}


def _admin_pages(h) -> list[str]:
    v, c, s, src = h["verdict"], h["candidate"], h["speaker"], h["source"]
    return [
        "/admin/",
        "/admin/claims/reviewqueueclaim/",
        "/admin/claims/claim/",
        "/admin/claims/claim/?q=Candidate",
        f"/admin/claims/claim/{c.pk}/change/",
        f"/admin/claims/claim/{c.pk}/history/",
        "/admin/claims/verdict/",
        f"/admin/claims/verdict/{v.pk}/change/",
        f"/admin/claims/verdict/{v.pk}/history/",
        "/admin/claims/speaker/",
        f"/admin/claims/speaker/{s.pk}/change/",
        "/admin/sources/source/",
        f"/admin/sources/source/{src.pk}/change/",
        "/admin/claims/evidencelink/",
        "/admin/claims/correction/",
        "/admin/claims/tag/",
    ]


def test_admin_pages_show_hostile_text_escaped(client, editor, hostile):
    client.force_login(editor)
    for url in _admin_pages(hostile):
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        html = response.content.decode()
        for payload in RAW:
            assert payload not in html, f"{url} renders {payload!r} as markup"
    claim_page = client.get(f"/admin/claims/claim/{hostile['candidate'].pk}/change/", secure=True).content.decode()
    # The sentence, highlighted inside its paragraph, is there as text.
    assert escape("<script>alert(1)</script>") in claim_page


def test_api_returns_hostile_text_as_json_data(client, partner_key, hostile):
    response = client.get(f"/api/v1/fact-checks/{hostile['verdict'].pk}/", secure=True, **partner_key.headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert json.loads(response.content)["headline"] == f"Headline {HOSTILE}"
    claimreview = client.get(
        f"/api/v1/fact-checks/{hostile['verdict'].pk}/claimreview/", secure=True, **partner_key.headers
    )
    assert json.loads(claimreview.content)["claimReviewed"] == f"Claim {HOSTILE}"


SEARCHES = [
    ("/api/v1/fact-checks/", "q"),
    ("/api/v1/fact-checks/", "speaker"),
    ("/api/v1/fact-checks/", "rating"),
    ("/api/v1/fact-checks/", "tag"),
    ("/api/v1/fact-checks/", "language"),
    ("/api/v1/fact-checks/", "published_after"),
    ("/api/v1/fact-checks/", "updated_since"),
    ("/api/v1/fact-checks/", "status"),
    ("/api/v1/fact-checks/", "slug"),
    ("/api/v1/fact-checks/", "ordering"),
    ("/api/v1/fact-checks/", "cursor"),
    ("/api/v1/fact-checks/", "page_size"),
    ("/api/v1/claimreview/", "q"),
    ("/api/v1/claims/", "q"),
    ("/api/v1/claims/", "rating"),
    ("/api/v1/claims/", "status"),
    ("/api/v1/speakers/", "q"),
    ("/api/v1/speakers/", "country"),
    ("/api/v1/claims:search", "query"),
    ("/api/v1/claims:search", "languageCode"),
    ("/api/v1/claims:search", "maxAgeDays"),
    ("/api/v1/claims:search", "pageToken"),
    ("/api/v1/claims:search", "pageSize"),
]


@pytest.mark.parametrize(("path", "param"), SEARCHES, ids=[f"{p}?{q}" for p, q in SEARCHES])
def test_api_parameters_with_sql_and_huge_values_get_400_or_honest_results(client, partner_key, hostile, path, param):
    for value in (*SQL, LONG):
        params = {param: value}
        if "search" in path and param != "query":
            params["query"] = "Headline"
        response = client.get(path, params, secure=True, **partner_key.headers)
        assert response.status_code in (200, 400), (param, value[:40], response.status_code)
        body = response.content.decode()
        if response.status_code == 400:
            assert param in body, body
        elif param in ("q", "query", "speaker", "tag", "country", "slug"):
            assert "Piet Honduh" not in body and "Hippo tundr" not in body, (param, value[:40])


PAGES = ["/fact-checks/", "/admin/claims/claim/", "/admin/claims/reviewqueueclaim/", "/admin/claims/speaker/",
         "/admin/sources/source/", "/admin/claims/verdict/", "/admin/claims/evidencelink/", "/admin/claims/tag/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_searches_with_sql_and_huge_values_get_400_or_honest_results(client, editor, hostile, path):
    client.force_login(editor)
    for value in (*SQL, LONG):
        response = client.get(path, {"q": value}, secure=True)
        assert response.status_code in (200, 400), (path, value[:40], response.status_code)
        if response.status_code == 200 and value.strip("\u0000 "):
            html = response.content.decode()
            assert "Piet Honduh" not in html and "Hippo tundr" not in html, (path, value[:40])


def test_admin_filters_with_hostile_values_do_not_fail(client, editor, hostile):
    client.force_login(editor)
    for params in (
        {"status": "' OR 1=1 --"},
        {"score__gte": "NaN"},
        {"assignee__id__exact": "1 OR 1=1"},
        {"speaker__id__exact": "abc"},
        {"o": "99.-1"},
        {"p": "-1"},
        {"p": "99999999999999999999"},
    ):
        response = client.get("/admin/claims/claim/", params, secure=True)
        # A bad lookup gets the changelist's "?e=1" redirect or the page itself, never a 500.
        assert response.status_code in (200, 302, 400), (params, response.status_code)
