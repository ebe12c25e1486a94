"""Who may call the partner API: keys, revoked/expired keys, anonymous reads, staff sessions,
and per-key throttling."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from partners.models import Partner
from partners.services import partner_key_create
from tests.conftest import https_api_client

READ_URLS = [
    "/api/v1/fact-checks/",
    "/api/v1/claimreview/",
    "/api/v1/claims/",
    "/api/v1/claims:search",
    "/api/v1/speakers/",
    "/api/v1/ratings/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", READ_URLS)
def test_anonymous_reads_are_refused_by_default(api_client, url):
    response = api_client.get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Api-Key realm="api"'
    body = response.json()
    assert "Api-Key" in (body["error"]["message"] if "error" in body else body["detail"])


@pytest.mark.django_db
@pytest.mark.parametrize("url", READ_URLS)
def test_anonymous_reads_when_the_setting_allows(api_client, url):
    with override_settings(FACTCHECK_API_ANONYMOUS_READS=True):
        assert api_client.get(url).status_code == 200


@pytest.mark.django_db
def test_anonymous_cannot_write_even_with_anonymous_reads(api_client):
    with override_settings(FACTCHECK_API_ANONYMOUS_READS=True):
        assert api_client.post("/api/v1/tips/", {"text": "Something to check, please."}).status_code == 401
        assert api_client.get("/api/v1/webhooks/").status_code == 401


@pytest.mark.django_db
@pytest.mark.parametrize("url", READ_URLS)
def test_a_partner_key_reads_every_endpoint(partner_client, url):
    assert partner_client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    ["Api-Key nope.nope", "Api-Key ", "Api-Key " + "x" * 500, "api-key wrongprefix.secret"],
)
def test_unknown_or_malformed_keys_get_401(api_client, header):
    response = api_client.get("/api/v1/fact-checks/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_key_with_the_right_prefix_but_wrong_secret_is_refused(api_client, partner_key):
    prefix = partner_key.key.split(".")[0]
    response = api_client.get("/api/v1/fact-checks/", HTTP_AUTHORIZATION=f"Api-Key {prefix}.forged")
    assert response.status_code == 401


@pytest.mark.django_db
def test_a_revoked_key_stops_working(api_client, partner_key):
    assert api_client.get("/api/v1/ratings/", **partner_key.headers).status_code == 200
    partner_key.api_key.revoked = True
    partner_key.api_key.save()
    response = api_client.get("/api/v1/ratings/", **partner_key.headers)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid or revoked API key."


@pytest.mark.django_db
def test_an_expired_key_stops_working(api_client, partner_key):
    partner_key.api_key.expiry_date = timezone.now() - dt.timedelta(minutes=1)
    partner_key.api_key.save()
    response = api_client.get("/api/v1/ratings/", **partner_key.headers)
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


@pytest.mark.django_db
def test_a_key_stops_working_with_the_next_request_after_its_partner_is_deactivated(api_client, partner_key):
    assert api_client.get("/api/v1/fact-checks/", **partner_key.headers).status_code == 200
    Partner.objects.filter(pk=partner_key.partner.pk).update(active=False)
    assert api_client.get("/api/v1/fact-checks/", **partner_key.headers).status_code == 401


@pytest.mark.django_db
def test_deactivating_the_partner_cuts_off_its_keys(api_client, partner_key):
    Partner.objects.filter(pk=partner_key.partner.pk).update(active=False)
    assert api_client.get("/api/v1/ratings/", **partner_key.headers).status_code == 401


@pytest.mark.django_db
def test_staff_use_their_admin_session(api_client, fact_checker):
    api_client.force_login(fact_checker)
    assert api_client.get("/api/v1/claims/").status_code == 200


@pytest.mark.django_db
def test_a_logged_in_non_staff_user_is_not_staff(api_client, django_user_model):
    reader = django_user_model.objects.create_user(username="reader", password="reader-pass")
    api_client.force_login(reader)
    assert api_client.get("/api/v1/claims/").status_code == 403


@pytest.mark.django_db
def test_throttling_is_per_key_with_retry_after(partner, partner_key):
    other_key = partner_key_create(partner=partner, name="staging")[1]
    first, second = https_api_client(), https_api_client()
    first.credentials(**partner_key.headers)
    second.credentials(HTTP_AUTHORIZATION=f"Api-Key {other_key}")
    rates = {"partner": "3/minute", "anonymous": "3/minute", "tips": "1/minute"}
    with override_settings(FACTCHECK_API_RATES=rates):
        for _ in range(3):
            assert first.get("/api/v1/ratings/").status_code == 200
        refused = first.get("/api/v1/ratings/")
        assert refused.status_code == 429
        assert 0 < int(refused["Retry-After"]) <= 60
        assert "throttled" in refused.json()["detail"].lower()
        # Another key has its own budget.
        assert second.get("/api/v1/ratings/").status_code == 200


@pytest.mark.django_db
def test_anonymous_reads_are_throttled_per_address(api_client):
    rates = {"partner": "100/minute", "anonymous": "2/minute", "tips": "1/minute"}
    with override_settings(FACTCHECK_API_ANONYMOUS_READS=True, FACTCHECK_API_RATES=rates):
        for _ in range(2):
            assert api_client.get("/api/v1/ratings/", REMOTE_ADDR="203.0.113.9").status_code == 200
        assert api_client.get("/api/v1/ratings/", REMOTE_ADDR="203.0.113.9").status_code == 429
        assert api_client.get("/api/v1/ratings/", REMOTE_ADDR="203.0.113.10").status_code == 200


@pytest.mark.django_db
def test_anonymous_throttle_ignores_a_forged_forwarded_for_without_trusted_proxies(api_client):
    """With no trusted proxy (FACTCHECK_NUM_PROXIES=0) a caller cannot buy a fresh budget per
    request by sending a new X-Forwarded-For: the API counts the address the site counts."""
    rates = {"partner": "100/minute", "anonymous": "2/minute", "tips": "1/minute"}
    with override_settings(FACTCHECK_API_ANONYMOUS_READS=True, FACTCHECK_API_RATES=rates, FACTCHECK_NUM_PROXIES=0):
        answers = [
            api_client.get("/api/v1/ratings/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
            .status_code
            for n in range(4)
        ]
    assert answers == [200, 200, 429, 429]


@pytest.mark.django_db
def test_anonymous_throttle_believes_the_trusted_proxy(api_client):
    """Behind one trusted proxy, two readers behind the same balancer get a budget each."""
    rates = {"partner": "100/minute", "anonymous": "1/minute", "tips": "1/minute"}
    with override_settings(FACTCHECK_API_ANONYMOUS_READS=True, FACTCHECK_API_RATES=rates, FACTCHECK_NUM_PROXIES=1):
        first = api_client.get("/api/v1/ratings/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
        again = api_client.get(
            "/api/v1/ratings/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 198.51.100.1"
        )
        other = api_client.get("/api/v1/ratings/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert (first.status_code, again.status_code, other.status_code) == (200, 429, 200)
