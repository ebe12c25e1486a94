"""POST /api/v1/tips/: a partner sends a claim to check; it becomes a candidate in the review
queue, or is attached to the claim we already track."""

from __future__ import annotations

import pytest
from django.test import override_settings

from claims.models import Claim
from claims.selectors import review_queue

URL = "/api/v1/tips/"


@pytest.mark.django_db
def test_a_new_tip_becomes_a_candidate_with_its_origin(partner_client):
    response = partner_client.post(
        URL,
        {"text": "The mayor said the new tram line cost 900 million euros.", "url": "https://city.example/tram",
         "speaker_name": "Maria Mayor"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body == {
        "claim_id": None, "matched": False, "status": "received", "fact_check_url": None, "already_fact_checked": None
    }
    claim = Claim.objects.get()
    assert claim.origin == Claim.Origin.TIP
    assert claim in review_queue()
    assert "Daily Planet" in claim.internal_note
    assert claim.appearances.get().source.url == "https://city.example/tram"


@pytest.mark.django_db
def test_a_tip_matching_a_published_claim_is_attached_and_points_at_the_fact_check(partner_client, claim, publish_verdict):
    verdict = publish_verdict(claim)
    before = Claim.objects.count()
    response = partner_client.post(URL, {"text": "Unemployment fell to 4 percent in 2024."}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body == {
        "claim_id": claim.pk,
        "matched": True,
        "status": "already_tracked",
        "fact_check_url": f"http://127.0.0.1:8000/fact-checks/{verdict.slug}/",
        "already_fact_checked": {
            "url": f"http://127.0.0.1:8000/fact-checks/{verdict.slug}/",
            "rating": "False",
            "published_on": verdict.published_at.date().isoformat(),
            "match": "same",
        },
    }
    assert Claim.objects.count() == before


@pytest.mark.django_db
def test_a_tip_that_may_be_a_published_claim_says_so_and_an_unpublished_one_says_nothing(
    partner_client, publish_verdict, fact_checker
):
    from claims import services

    published = services.claim_create(text="Says the Affordable Care Act will cut 800,000 jobs.")
    verdict = publish_verdict(published, headline="No, the health law does not cut 800,000 jobs")
    body = partner_client.post(URL, {"text": "Is it true Obamacare cuts 800,000 jobs?"}, format="json").json()
    assert body["status"] == "received"
    assert body["already_fact_checked"] == {
        "url": f"http://127.0.0.1:8000/fact-checks/{verdict.slug}/",
        "rating": "False",
        "published_on": verdict.published_at.date().isoformat(),
        "match": "possible",
    }

    draft_only = services.claim_create(text="Says the Inflation Reduction Act will hire 87,000 new IRS agents.")
    services.claim_apply(claim=draft_only, action="accept", user=fact_checker)
    services.verdict_create(claim=draft_only, headline="Draft: the IRS agents claim", user=fact_checker)
    body = partner_client.post(URL, {"text": "87,000 new IRS agents coming with the Inflation Reduction Act"}, format="json").json()
    from claims.models import MatchSuggestion

    # It reached the claim with the unpublished verdict (attached or suggested), and the answer
    # does not say so.
    assert "Daily Planet" in Claim.objects.get(pk=draft_only.pk).internal_note or MatchSuggestion.objects.filter(
        match=draft_only
    ).exists()
    assert body["claim_id"] is None and body["already_fact_checked"] is None
    assert "Draft" not in str(body)



NEW_TIP = "The harbour handled 12 million containers in 2023."


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["candidate", "in_research", "rejected", "draft_verdict"])
def test_a_tip_matching_unpublished_work_is_answered_like_a_new_claim(
    partner_client, fact_checker, claim, state
):
    """Whether the newsroom tracks, researches or rejected a claim is unpublished work: the
    caller gets exactly the answer a never-seen claim gets (no id, no match, same status)."""
    from claims import services
    from claims.models import Rating

    if state == "in_research":
        services.claim_apply(claim=claim, action="start_research", user=fact_checker)
    elif state == "rejected":
        services.claim_apply(claim=claim, action="reject", user=fact_checker, reason="Not checkable.")
    elif state == "draft_verdict":
        services.claim_apply(claim=claim, action="accept", user=fact_checker)
        services.verdict_create(claim=claim, headline="Draft", user=fact_checker, rating=Rating.objects.get(slug="false"))
    fresh = partner_client.post(URL, {"text": NEW_TIP}, format="json")
    known = partner_client.post(URL, {"text": claim.text}, format="json")
    assert (known.status_code, known.json()) == (fresh.status_code, fresh.json()) == (
        201,
        {"claim_id": None, "matched": False, "status": "received", "fact_check_url": None, "already_fact_checked": None},
    )
    assert str(claim.pk) not in known.content.decode()
    assert "Daily Planet" in Claim.objects.get(pk=claim.pk).internal_note  # still attached for the newsroom


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "text"),
        ({"text": ""}, "text"),
        ({"text": "short"}, "text"),
        ({"text": "x" * 2001}, "text"),
        ({"text": "A long enough claim to check.", "url": "javascript:alert(1)"}, "url"),
        ({"text": "A long enough claim to check.", "url": "not a url"}, "url"),
        ({"text": "A long enough claim to check.", "speaker_name": "n" * 201}, "speaker_name"),
        ({"text": ["a", "list"]}, "text"),
        # Numbers are not text: DRF would turn them into "0" and 12345678901 into a "claim".
        ({"text": "A long enough claim to check.", "speaker_name": 0}, "speaker_name"),
        ({"text": 12345678901}, "text"),
        ({"text": "A long enough claim to check.", "url": 1.5}, "url"),
    ],
)
def test_invalid_tips_get_400_naming_the_field(partner_client, body, field):
    before = Claim.objects.count()
    response = partner_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Claim.objects.count() == before


@pytest.mark.django_db
def test_oversized_bodies_are_refused_before_parsing(partner_client, settings):
    settings.FACTCHECK_TIP_MAX_BYTES = 1024
    response = partner_client.post(URL, {"text": "A claim. " + "padding " * 200}, format="json")
    assert response.status_code == 413
    assert not Claim.objects.exists()


@pytest.mark.django_db
def test_malformed_json_is_a_400(partner_client):
    response = partner_client.post(URL, data="{not json", content_type="application/json")
    assert response.status_code == 400


@pytest.mark.django_db
def test_tips_need_a_partner_key(api_client):
    with override_settings(FACTCHECK_API_ANONYMOUS_READS=True):
        assert api_client.post(URL, {"text": "A long enough claim to check."}, format="json").status_code == 401


@pytest.mark.django_db
def test_tips_are_rate_limited_per_key(partner_client):
    with override_settings(FACTCHECK_API_RATES={"partner": "100/minute", "anonymous": "1/minute", "tips": "2/minute"}):
        for text in ("The harbour handled 12 million containers in 2023.", "Bus fares doubled since the election."):
            assert partner_client.post(URL, {"text": text}, format="json").status_code in (200, 201)
        refused = partner_client.post(URL, {"text": "One claim too many for this minute."}, format="json")
        assert refused.status_code == 429
        assert int(refused["Retry-After"]) > 0
        # Reading is a separate budget.
        assert partner_client.get("/api/v1/ratings/").status_code == 200
