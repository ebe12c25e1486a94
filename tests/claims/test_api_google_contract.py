"""The parts of Google's `claims:search` contract a client relies on, request by request: the
`v1alpha1` path, `offset`, `reviewPublisherSiteFilter`, `?key=`, Google's error body and a
`WWW-Authenticate` challenge that HTTP libraries can parse."""

from __future__ import annotations

import httplib2.auth
import pytest

from claims import services
from tests.conftest import https_api_client

pytestmark = pytest.mark.django_db

V1ALPHA1 = "/api/v1alpha1/claims:search"


@pytest.fixture
def five(publish_verdict, speaker):
    for n in range(5):
        publish_verdict(services.claim_create(text=f"Rents rose {n} percent.", speaker=speaker), headline=f"Rents {n}")


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [c["claimReview"][0]["title"] for c in response.json()["claims"]]


def test_the_v1alpha1_path_answers_like_the_v1_one(partner_client, five):
    expected = partner_client.get("/api/v1/claims:search", {"query": "rents"}).json()
    assert len(expected["claims"]) == 5
    assert partner_client.get(V1ALPHA1, {"query": "rents"}).json() == expected
    assert partner_client.get("/api/v1alpha1/claims%3Asearch", {"query": "rents"}).json() == expected


def test_offset_skips_results_and_ends_on_an_empty_page(partner_client, five):
    everything = titles(partner_client.get(V1ALPHA1, {"pageSize": 10}))
    assert titles(partner_client.get(V1ALPHA1, {"pageSize": 2, "offset": 2})) == everything[2:4]
    assert titles(partner_client.get(V1ALPHA1, {"pageSize": 2, "offset": 5})) == []
    # A page token wins over an offset, as Google documents.
    token = partner_client.get(V1ALPHA1, {"pageSize": 2}).json()["nextPageToken"]
    assert titles(partner_client.get(V1ALPHA1, {"pageSize": 2, "offset": 4, "pageToken": token})) == everything[2:4]


def test_review_publisher_site_filter_matches_our_site_only(partner_client, five, settings):
    settings.FACTCHECK_SITE_URL = "https://www.checks.example:8443"
    assert len(titles(partner_client.get(V1ALPHA1, {"reviewPublisherSiteFilter": "checks.example"}))) == 5
    assert len(titles(partner_client.get(V1ALPHA1, {"reviewPublisherSiteFilter": "https://www.checks.example/"}))) == 5
    assert titles(partner_client.get(V1ALPHA1, {"reviewPublisherSiteFilter": "politifact.com"})) == []
    assert titles(partner_client.get(V1ALPHA1, {"reviewPublisherSiteFilter": "ks.example"})) == []


def test_publisher_site_is_the_review_urls_host(partner_client, five, settings):
    settings.FACTCHECK_SITE_URL = "https://www.checks.example:8443"
    settings.FACTCHECK_ORGANIZATION_URL = "https://org.example/about"
    review = partner_client.get(V1ALPHA1).json()["claims"][0]["claimReview"][0]
    assert review["publisher"]["site"] == "checks.example"
    assert review["url"].startswith("https://www.checks.example:8443/fact-checks/")


def test_key_in_the_query_string_authenticates_reads(api_client, partner_key, five):
    assert len(titles(api_client.get(V1ALPHA1, {"key": partner_key.key}))) == 5
    assert api_client.get("/api/v1/fact-checks/", {"key": partner_key.key}).status_code == 200


def test_key_in_the_query_string_is_not_accepted_for_writes(api_client, partner_key):
    response = api_client.post(f"/api/v1/tips/?key={partner_key.key}", {"text": "The tram cost 900 million."}, format="json")
    assert response.status_code == 401


def test_a_wrong_query_key_gets_googles_401(api_client, five):
    response = api_client.get(V1ALPHA1, {"key": "nope.nope"})
    assert response.status_code == 401
    assert response.json() == {
        "error": {"code": 401, "message": "Invalid or revoked API key.", "status": "UNAUTHENTICATED"}
    }


def test_bad_parameters_get_googles_error_body_naming_them(partner_client, five):
    response = partner_client.get(V1ALPHA1, {"pageSize": "0"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == 400 and error["status"] == "INVALID_ARGUMENT"
    assert error["message"].startswith("pageSize: ")
    assert error["details"][0]["fieldViolations"][0]["field"] == "pageSize"


def test_throttled_search_gets_googles_429_with_retry_after(partner_client, settings, five):
    settings.FACTCHECK_API_RATES = {**settings.FACTCHECK_API_RATES, "partner": "1/hour"}
    assert partner_client.get(V1ALPHA1).status_code == 200
    response = partner_client.get(V1ALPHA1)
    assert response.status_code == 429
    assert response.json()["error"]["status"] == "RESOURCE_EXHAUSTED"
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    "url",
    ["/api/v1/fact-checks/", V1ALPHA1, "/api/v1/claims:search", "/api/v1/tips/", "/api/v1/webhooks/", "/api/v1/ratings/"],
)
@pytest.mark.parametrize("key", [None, "bogus.key"])
def test_every_401_carries_a_challenge_http_libraries_can_parse(url, key):
    client = https_api_client()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    response = client.get(url)
    assert response.status_code == 401
    challenges = httplib2.auth._parse_www_authenticate({"www-authenticate": response["WWW-Authenticate"]})
    assert challenges == {"api-key": {"realm": "api"}}
