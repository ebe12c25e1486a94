"""The ClaimReview feed and the Google-compatible search are built from plain `values()` rows
(`claims.api.representations`); what they serve is what the one ClaimReview builder makes of
the model instances the public page shows, and what `claims:search` always answered."""

from __future__ import annotations

import datetime as dt

import pytest

from claims import services
from claims.claimreview import claim_review
from claims.models import Claim
from claims.selectors import public_verdicts


@pytest.fixture
def varied(newsroom, make_source, appear, publish_verdict, speaker):
    """Fact-checks whose appearances are dated by the claim, the article or neither, one of
    them off the web, and a claim without a speaker or a date."""
    claim = newsroom.published.claim
    for n, (said_on, published_at, url) in enumerate(
        [
            (None, dt.datetime(2024, 2, 1, 9, 30, tzinfo=dt.UTC), "https://wire.example/a"),
            (dt.date(2023, 12, 5), None, "https://wire.example/b"),
            (None, None, "ftp://archive.example/c"),
            (dt.date(2024, 1, 3), dt.datetime(2024, 1, 4, tzinfo=dt.UTC), "https://wire.example/d"),
        ]
    ):
        sentence = f"{claim.text} ({n})"
        source = make_source(f"Lead. {sentence}", url=url, title=f"Story {n}" if n % 2 else "", publisher="Wire" if n else "",
                             published_at=published_at)
        appear(claim, source, sentence, said_on=said_on)
    anonymous = services.claim_create(text="A viral post says 5G spreads flu.")
    source = make_source("Lead. A viral post says 5G spreads flu.", url="https://posts.example/5g")
    appear(anonymous, source, "A viral post says 5G spreads flu.", said_on=dt.date(2025, 6, 7))
    publish_verdict(anonymous, headline="No, 5G does not spread flu")
    Claim.objects.filter(pk=claim.pk).update(made_on=None)
    return newsroom


@pytest.mark.django_db
def test_claimreview_feed_is_the_builders_output_for_every_fact_check(partner_client, varied):
    served = partner_client.get("/api/v1/claimreview/", {"page_size": 50}).json()["results"]
    expected = [claim_review(v) for v in public_verdicts().filter(status="published").order_by("-published_at", "-id")]
    assert len(served) == 3
    assert served == expected


@pytest.mark.django_db
def test_claims_search_dates_a_claim_by_its_earliest_dated_appearance(partner_client, varied):
    body = partner_client.get("/api/v1/claims:search", {"query": "5G"}).json()
    assert [(c["text"], c.get("claimant"), c["claimDate"]) for c in body["claims"]] == [
        ("A viral post says 5G spreads flu.", None, "2025-06-07T00:00:00Z")
    ]
    body = partner_client.get("/api/v1/claims:search", {"query": "unemployment"}).json()
    dates = {c["text"]: c.get("claimDate") for c in body["claims"]}
    assert dates[varied.published.claim.text] == "2023-12-05T00:00:00Z"
