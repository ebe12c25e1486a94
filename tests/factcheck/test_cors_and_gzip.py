"""CORS for partners' browser front-ends (only configured origins, preflight answered before
authentication) and gzip where it is safe (API and feeds; never HTML pages or webhook secrets)."""

from __future__ import annotations

import gzip
import json

import pytest
from django.urls import reverse

from tests.conftest import https_api_client

pytestmark = pytest.mark.django_db

PARTNER_SITE = "https://partner.example"


@pytest.fixture
def cors(settings):
    settings.CORS_ALLOWED_ORIGINS = [PARTNER_SITE]


def preflight(path: str, origin: str):
    return https_api_client().options(
        path,
        HTTP_ORIGIN=origin,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization",
    )


def test_preflight_is_answered_without_a_key(cors):
    response = preflight("/api/v1/fact-checks/", PARTNER_SITE)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == PARTNER_SITE
    assert "authorization" in response["Access-Control-Allow-Headers"]
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Credentials" not in response


def test_no_origin_is_allowed_by_default():
    response = preflight("/api/v1/fact-checks/", PARTNER_SITE)
    assert "Access-Control-Allow-Origin" not in response


def test_other_origins_and_the_admin_get_no_cors_headers(cors, partner_client):
    assert "Access-Control-Allow-Origin" not in preflight("/api/v1/fact-checks/", "https://evil.example")
    response = partner_client.get("/admin/login/", HTTP_ORIGIN=PARTNER_SITE)
    assert "Access-Control-Allow-Origin" not in response


def test_a_cross_origin_read_and_its_401_carry_cors_headers(cors, partner_client, api_client):
    response = partner_client.get("/api/v1/ratings/", HTTP_ORIGIN=PARTNER_SITE)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == PARTNER_SITE
    assert "ETag" in response["Access-Control-Expose-Headers"]
    refused = api_client.get("/api/v1/ratings/", HTTP_ORIGIN=PARTNER_SITE)
    assert refused.status_code == 401 and refused["Access-Control-Allow-Origin"] == PARTNER_SITE


def test_feeds_allow_configured_origins(cors, client):
    response = client.get(reverse("claims:feed_factchecks_atom"), HTTP_ORIGIN=PARTNER_SITE, secure=True)
    assert response["Access-Control-Allow-Origin"] == PARTNER_SITE


def test_api_json_is_gzipped(partner_client, newsroom):
    response = partner_client.get("/api/v1/fact-checks/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    body = json.loads(gzip.decompress(response.content))
    assert len(body["results"]) == 3


def test_a_gzipped_response_still_answers_if_none_match(partner_client, newsroom):
    first = partner_client.get("/api/v1/fact-checks/", HTTP_ACCEPT_ENCODING="gzip")
    again = partner_client.get("/api/v1/fact-checks/", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_feeds_are_gzipped(client, newsroom):
    response = client.get(reverse("claims:feed_factchecks_atom"), HTTP_ACCEPT_ENCODING="gzip", secure=True)
    assert response["Content-Encoding"] == "gzip"
    assert b"<feed" in gzip.decompress(response.content)


def test_html_pages_with_csrf_tokens_are_never_gzipped(client):
    response = client.get(reverse("claims:submit_claim"), HTTP_ACCEPT_ENCODING="gzip", secure=True)
    assert response.status_code == 200
    assert b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_webhook_responses_carrying_the_secret_are_never_gzipped(partner_client, settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    created = partner_client.post(
        "/api/v1/webhooks/", {"url": "https://hooks.example/" + "x" * 300}, format="json", HTTP_ACCEPT_ENCODING="gzip"
    )
    assert created.status_code == 201
    assert "Content-Encoding" not in created and "secret" in created.json()
    listed = partner_client.get("/api/v1/webhooks/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in listed
