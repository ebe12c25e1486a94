"""The Google Fact Check Tools compatible `claims:search`, and ClaimReview JSON-LD (one fact-check
and the paged feed)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from claims import services
from claims.claimreview import claim_review
from claims.models import Verdict
from claims.selectors import public_verdicts

SEARCH = "/api/v1/claims:search"


@pytest.mark.django_db
def test_claims_search_has_googles_response_shape(partner_client, newsroom):
    body = partner_client.get(SEARCH, {"query": "unemployment"}).json()
    assert body == {
        "claims": [
            {
                "text": "Unemployment fell to 4 percent in 2024.",
                "claimant": "Dmitry Peskov",
                "claimReview": [
                    {
                        "publisher": {"name": "Factcheck Desk", "site": "127.0.0.1"},
                        "url": f"http://127.0.0.1:8000/fact-checks/{newsroom.published.slug}/",
                        "title": "Unemployment did not fall to 4 percent",
                        "reviewDate": newsroom.published.published_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "textualRating": "False",
                        "languageCode": "en",
                    }
                ],
            }
        ]
    }


@pytest.mark.django_db
def test_claims_search_colon_path_works_percent_encoded_and_as_alias(partner_client, newsroom):
    expected = partner_client.get(SEARCH, {"query": "bridge"}).json()
    assert expected["claims"][0]["claimReview"][0]["title"] == "The bridge did cost two billion"
    assert partner_client.get("/api/v1/claims%3Asearch", {"query": "bridge"}).json() == expected
    assert partner_client.get("/api/v1/claims/search/", {"query": "bridge"}).json() == expected


@pytest.mark.django_db
def test_claims_search_filters_language_and_age_and_leaves_out_retractions(partner_client, newsroom):
    def titles(**params):
        response = partner_client.get(SEARCH, params)
        assert response.status_code == 200, response.content
        return [c["claimReview"][0]["title"] for c in response.json()["claims"]]

    assert titles(languageCode="de") == ["The bridge did cost two billion"]
    assert titles(languageCode="en-US") == ["Unemployment did not fall to 4 percent"]
    assert "Moon cheese claim rated" not in titles()
    Verdict.objects.filter(pk=newsroom.other.pk).update(published_at=timezone.now() - dt.timedelta(days=40))
    assert titles(maxAgeDays=30) == ["Unemployment did not fall to 4 percent"]


@pytest.mark.django_db
def test_claims_search_pages_with_next_page_token(partner_client, newsroom, publish_verdict):
    for n in range(3):
        publish_verdict(services.claim_create(text=f"Wages rose {n} percent."), headline=f"Wages claim {n}")
    seen, params = [], {"pageSize": 2}
    while True:
        body = partner_client.get(SEARCH, params).json()
        seen += [c["claimReview"][0]["title"] for c in body["claims"]]
        if "nextPageToken" not in body:
            break
        params = {"pageSize": 2, "pageToken": body["nextPageToken"]}
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "parameter"),
    [
        ({"pageSize": "0"}, "pageSize"),
        ({"pageSize": "101"}, "pageSize"),
        ({"maxAgeDays": "-1"}, "maxAgeDays"),
        ({"maxAgeDays": "many"}, "maxAgeDays"),
        ({"languageCode": "english please"}, "languageCode"),
        ({"pageToken": "garbage!"}, "pageToken"),
        ({"query": "q" * 201}, "query"),
    ],
)
def test_claims_search_bad_parameters(partner_client, newsroom, params, parameter):
    response = partner_client.get(SEARCH, params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert [v["field"] for v in error["details"][0]["fieldViolations"]] == [parameter]


@pytest.mark.django_db
def test_claimreview_of_one_fact_check_is_the_builders_output(partner_client, newsroom):
    body = partner_client.get(f"/api/v1/fact-checks/{newsroom.published.pk}/claimreview/").json()
    assert body == claim_review(public_verdicts().get(pk=newsroom.published.pk))
    assert body["@type"] == "ClaimReview"
    assert body["author"] == {"@type": "Organization", "name": "Factcheck Desk", "url": "http://127.0.0.1:8000"}
    assert body["itemReviewed"]["author"] == {"@type": "Person", "name": "Dmitry Peskov", "jobTitle": "Kremlin press secretary"}
    assert body["itemReviewed"]["firstAppearance"]["url"] == "https://news.example/minister"
    assert body["reviewRating"] == {
        "@type": "Rating", "alternateName": "False", "ratingValue": 2, "bestRating": 6, "worstRating": 1
    }


@pytest.mark.django_db
def test_claimreview_feed_pages_through_every_public_fact_check(partner_client, newsroom):
    page = partner_client.get("/api/v1/claimreview/", {"page_size": 1}).json()
    reviews = page["results"]
    page = partner_client.get(page["next"]).json()
    reviews += page["results"]
    assert page["next"] is None
    # The retracted fact-check carries no ClaimReview.
    assert [r["headline"] for r in reviews] == [newsroom.other.headline, newsroom.published.headline]
    other = next(r for r in reviews if r["headline"] == newsroom.other.headline)
    assert other["itemReviewed"]["author"]["sameAs"] == "https://www.wikidata.org/wiki/Q567"


@pytest.mark.django_db
def test_claimreview_of_a_draft_is_not_found(partner_client, newsroom):
    assert partner_client.get(f"/api/v1/fact-checks/{newsroom.draft.pk}/claimreview/").status_code == 404


@pytest.mark.django_db
def test_claims_search_query_count_is_the_same_for_5_and_100_rows(partner_client, newsroom, publish_verdict, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(6):
        speaker = services.speaker_create(name=f"Speaker {n}")
        publish_verdict(services.claim_create(text=f"Rents rose {n} percent.", speaker=speaker), headline=f"Rents {n}")
    with CaptureQueriesContext(connection) as small:
        assert len(partner_client.get(SEARCH, {"pageSize": 5}).json()["claims"]) == 5
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(partner_client.get(SEARCH, {"pageSize": 100}).json()["claims"]) == 8
