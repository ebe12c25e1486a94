"""The served OpenAPI schema says what the server enforces, and the server keeps to it: declared
patterns, empty parameters refused, JSON 404s without model names, fact-checks by slug, a
`Retry-After` on every 429."""

from __future__ import annotations

import re

import pytest

from tests.conftest import https_api_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(api_client):
    return api_client.get("/api/schema/", {"format": "json"}).json()


def query_parameter(openapi: dict, path: str, name: str) -> dict:
    parameters = openapi["paths"][path]["get"]["parameters"]
    return next(p for p in parameters if p["name"] == name)


@pytest.mark.parametrize(
    ("path", "name", "refused", "accepted"),
    [
        ("/api/v1/fact-checks/", "language", "english", "pt-BR"),
        ("/api/v1/fact-checks/", "speaker", "no spaces", "angela-example"),
        ("/api/v1/fact-checks/", "tag", "a/b", "economy"),
        ("/api/v1/fact-checks/", "slug", "a.b", "some-slug_2"),
        ("/api/v1/claimreview/", "tag", "a/b", "economy"),
        ("/api/v1/claims/", "speaker", "no spaces", "angela-example"),
        ("/api/v1/claims/", "language", "english", "de"),
    ],
)
def test_enforced_patterns_are_declared(openapi, partner_client, path, name, refused, accepted):
    pattern = query_parameter(openapi, path, name)["schema"]["pattern"]
    assert not re.search(pattern, refused) and re.search(pattern, accepted)
    assert partner_client.get(path, {name: refused}).status_code == 400
    assert partner_client.get(path, {name: accepted}).status_code == 200


def test_the_rating_scale_is_declared_as_an_enum(openapi, partner_client):
    parameter = query_parameter(openapi, "/api/v1/fact-checks/", "rating")
    assert parameter["style"] == "form" and parameter["explode"] is False
    assert {"false", "true", "pants-on-fire"} <= set(parameter["schema"]["items"]["enum"])
    assert partner_client.get("/api/v1/fact-checks/", {"rating": "false,true"}).status_code == 200
    assert partner_client.get("/api/v1/fact-checks/", {"rating": "nonsense"}).status_code == 400


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/fact-checks/", "updated_since"),
        ("/api/v1/fact-checks/", "page_size"),
        ("/api/v1/claims/", "q"),
        ("/api/v1/speakers/", "cursor"),
        ("/api/v1/claimreview/", "published_after"),
        ("/api/v1/claims:search", "query"),
    ],
)
def test_an_empty_parameter_is_refused_with_a_400_naming_it(partner_client, path, name):
    response = partner_client.get(f"{path}?{name}=")
    assert response.status_code == 400
    assert name in response.content.decode()


def test_fact_checks_are_found_by_slug_as_well_as_id(partner_client, newsroom):
    published = newsroom.published
    by_id = partner_client.get(f"/api/v1/fact-checks/{published.pk}/").json()
    assert partner_client.get(f"/api/v1/fact-checks/{published.slug}/").json() == by_id
    assert partner_client.get(f"/api/v1/fact-checks/{published.slug}/claimreview/").json()["url"] == by_id["url"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/fact-checks/no-such-fact-check/",
        "/api/v1/fact-checks/a.b/",
        "/api/v1/nothing-here/",
        "/api/v1/speakers/nobody/",
        "/api/v1/claims/999999/",
    ],
)
def test_not_found_is_json_and_names_no_model(partner_client, newsroom, path):
    response = partner_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}


def test_a_draft_is_not_found_without_naming_the_model(partner_client, newsroom):
    for path in (f"/api/v1/fact-checks/{newsroom.draft.pk}/", f"/api/v1/fact-checks/{newsroom.draft.slug}/claimreview/"):
        response = partner_client.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}


def test_the_public_site_keeps_its_html_404(client):
    response = client.get("/fact-checks/no-such-fact-check/", secure=True)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_a_429_right_after_the_rate_is_lowered_says_when_to_retry(partner_client, settings):
    for _ in range(3):
        assert partner_client.get("/api/v1/ratings/").status_code == 200
    settings.FACTCHECK_API_RATES = {**settings.FACTCHECK_API_RATES, "partner": "1/hour"}
    response = partner_client.get("/api/v1/ratings/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600


def test_a_429_of_an_anonymous_reader_says_when_to_retry(settings):
    settings.FACTCHECK_API_ANONYMOUS_READS = True
    settings.FACTCHECK_API_RATES = {**settings.FACTCHECK_API_RATES, "anonymous": "1/minute"}
    client = https_api_client()
    assert client.get("/api/v1/ratings/").status_code == 200
    response = client.get("/api/v1/ratings/")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60


@pytest.mark.parametrize(("path", "name"), [("/api/v1/claims/", "q"), ("/api/v1/claims:search", "query")])
def test_a_nul_character_is_refused_with_a_400_naming_the_parameter(partner_client, path, name):
    response = partner_client.get(path, {name: "unemployment\x00"})
    assert response.status_code == 400
    assert name in response.content.decode() and "Null characters" in response.content.decode()


@pytest.mark.parametrize("path", ["/api/v1/speakers/", "/api/v1/fact-checks/", "/api/v1/claims/"])
def test_any_rfc_3339_offset_is_understood(partner_client, newsroom, path):
    # Found by schemathesis on PostgreSQL, which refuses offsets beyond 15:59 (a 500).
    response = partner_client.get(path, {"updated_since": "2000-03-23T11:48:56-18:48"})
    assert response.status_code == 200
    assert response.json()["results"]
