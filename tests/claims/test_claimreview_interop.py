"""ClaimReview as JSON-LD tools and Google read it: negotiated as `application/ld+json`, no
empty appearances, the fact-check's language, and one rule for retracted fact-checks on the
page, the API and the feeds (no ClaimReview, the fact-check itself stays listed as retracted)."""

from __future__ import annotations

import extruct
import feedparser
import pytest
from django.urls import reverse

from claims import services
from tests.claims.public_helpers import make_factcheck, make_source

pytestmark = pytest.mark.django_db


def page_claim_reviews(client, verdict) -> list[dict]:
    response = client.get(verdict.get_absolute_url())
    assert response.status_code == 200
    data = extruct.extract(response.content.decode(), base_url="http://127.0.0.1:8000", syntaxes=["json-ld"], uniform=True)
    return [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]


@pytest.fixture
def german(publish_verdict, speaker):
    claim = services.claim_create(text="Die Brücke hat zwei Milliarden Euro gekostet.", speaker=speaker, language="de")
    return publish_verdict(claim, headline="Die Brücke kostete zwei Milliarden")


@pytest.mark.parametrize("path", ["/api/v1/fact-checks/{pk}/claimreview/", "/api/v1/claimreview/"])
@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("application/ld+json", "application/ld+json"),
        (None, "application/ld+json"),
        ("*/*", "application/ld+json"),
        ("application/json", "application/json"),
    ],
)
def test_claimreview_is_served_as_json_ld(partner_client, newsroom, path, accept, content_type):
    headers = {"HTTP_ACCEPT": accept} if accept else {}
    response = partner_client.get(path.format(pk=newsroom.published.pk), **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert "Accept" in response["Vary"]
    body = response.json()
    assert (body if "@type" in body else body["results"][0])["@type"] == "ClaimReview"


def test_fact_check_json_is_still_json(partner_client, newsroom):
    response = partner_client.get(f"/api/v1/fact-checks/{newsroom.published.pk}/", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 406


def test_sources_without_a_web_address_make_no_empty_appearance(client, publish_verdict, editor, fact_checker, speaker):
    verdict = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
                             source=make_source(url="", title="", publisher=""))
    (review,) = page_claim_reviews(client, verdict)
    assert "appearance" not in review["itemReviewed"]
    assert "firstAppearance" not in review["itemReviewed"]
    for work in [*review["itemReviewed"].get("appearance", []), review["itemReviewed"].get("firstAppearance")]:
        assert work is None or work.get("url")


def test_language_comes_from_the_fact_check(client, partner_client, german):
    (review,) = page_claim_reviews(client, german)
    assert review["inLanguage"] == "de"
    assert '<html lang="de">' in client.get(german.get_absolute_url()).content.decode()
    assert partner_client.get(f"/api/v1/fact-checks/{german.pk}/claimreview/").json()["inLanguage"] == "de"
    assert '<html lang="en">' in client.get(reverse("claims:factcheck_list")).content.decode()


def test_a_retracted_fact_check_carries_no_claimreview_anywhere(client, partner_client, newsroom, settings):
    retracted = newsroom.retracted
    assert page_claim_reviews(client, retracted) == []
    assert "We rated the wrong quote." in client.get(retracted.get_absolute_url()).content.decode()

    gone = partner_client.get(f"/api/v1/fact-checks/{retracted.pk}/claimreview/")
    assert gone.status_code == 410
    assert "retracted" in gone.json()["detail"]
    detail = partner_client.get(f"/api/v1/fact-checks/{retracted.pk}/").json()
    assert detail["status"] == "retracted" and detail["claim_review_url"] is None
    feed = partner_client.get("/api/v1/claimreview/", {"page_size": 100}).json()["results"]
    assert retracted.headline not in [r["headline"] for r in feed]
    assert all(r["reviewRating"]["alternateName"] != "Retracted" for r in feed)

    atom = feedparser.parse(client.get(reverse("claims:feed_factchecks_atom")).content)
    assert f"Retracted: {retracted.headline}" in [e.title for e in atom.entries]
