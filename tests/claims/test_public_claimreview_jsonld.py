"""The ClaimReview JSON-LD embedded in fact-check pages, read back as a search engine would."""

from __future__ import annotations

import extruct
import pytest

from claims import selectors, services
from claims.claimreview import claim_review
from tests.claims.public_helpers import make_factcheck, make_source

pytestmark = pytest.mark.django_db


def _claim_reviews(client, url: str) -> list[dict]:
    html = client.get(url).content.decode()
    data = extruct.extract(html, base_url="http://127.0.0.1:8000", syntaxes=["json-ld"], uniform=True)
    return [item for item in data["json-ld"] if item.get("@type") == "ClaimReview"]


@pytest.fixture
def factcheck(publish_verdict, editor, fact_checker, speaker):
    speaker.wikidata_id = "Q4355431"
    speaker.save(update_fields=["wikidata_id"])
    return make_factcheck(
        publish_verdict, editor=editor, fact_checker=fact_checker, speaker=speaker,
        source=make_source(url="https://news.example/minister"),
    )


def test_page_embeds_one_claimreview_with_required_and_recommended_fields(client, factcheck, settings):
    (review,) = _claim_reviews(client, factcheck.get_absolute_url())
    url = settings.FACTCHECK_SITE_URL + factcheck.get_absolute_url()
    # Required by Google's ClaimReview guidelines.
    assert review["@context"].rstrip("/") in ("https://schema.org", "http://schema.org")
    assert review["url"] == url
    assert review["claimReviewed"] == "Unemployment fell to 4 percent in 2024."
    assert review["author"] == {
        "@type": "Organization", "name": settings.FACTCHECK_ORGANIZATION_NAME,
        "url": settings.FACTCHECK_ORGANIZATION_URL,
    }
    assert review["reviewRating"] == {
        "@type": "Rating", "alternateName": "False", "ratingValue": 2, "bestRating": 6, "worstRating": 1,
    }
    # Recommended: the claim, who made it, when and where.
    assert review["datePublished"] == factcheck.published_at.isoformat()
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person", "name": "Dmitry Peskov", "jobTitle": "Kremlin press secretary",
        "sameAs": "https://www.wikidata.org/wiki/Q4355431",
    }
    assert item["datePublished"] == "2024-05-02"
    assert item["firstAppearance"]["url"] == "https://news.example/minister"
    assert [a["url"] for a in item["appearance"]] == ["https://news.example/minister"]


def test_page_embeds_exactly_what_the_shared_builder_produces(client, factcheck):
    (review,) = _claim_reviews(client, factcheck.get_absolute_url())
    verdict = selectors.public_verdicts().get(pk=factcheck.pk)
    assert review == claim_review(verdict)


def test_retracted_fact_check_page_carries_no_claimreview(client, factcheck, editor):
    services.verdict_retract(verdict=factcheck, editor=editor, note="Withdrawn.")
    response = client.get(factcheck.get_absolute_url())
    assert response.status_code == 200 and "Withdrawn." in response.content.decode()
    assert _claim_reviews(client, factcheck.get_absolute_url()) == []
