"""Admins create partner keys (shown once, stored hashed), revoke them, manage webhooks and read
the delivery log."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages

from partners.models import DeliveryStatus, Partner, PartnerAPIKey, WebhookDelivery, WebhookEndpoint
from tests.conftest import https_api_client


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.django_db
def test_admin_creates_a_key_that_is_shown_once_and_works(admin_client):
    partner = Partner.objects.create(name="Daily Planet")
    response = admin_client.post(
        "/admin/partners/partnerapikey/add/", {"name": "production", "partner": partner.pk}, secure=True
    )
    assert response.status_code == 302
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    key = re.search(r"The API key for production is: (\S+)\.", message).group(1)
    stored = PartnerAPIKey.objects.get()
    assert key not in (stored.hashed_key, stored.id)
    assert stored.hashed_key.startswith("sha512$$")
    api = https_api_client()
    assert api.get("/api/v1/ratings/", HTTP_AUTHORIZATION=f"Api-Key {key}").status_code == 200
    # Revoking in the admin cuts the key off.
    response = admin_client.post(
        "/admin/partners/partnerapikey/",
        {"action": "revoke_keys", "_selected_action": [stored.pk]},
        secure=True,
    )
    assert response.status_code == 302
    assert api.get("/api/v1/ratings/", HTTP_AUTHORIZATION=f"Api-Key {key}").status_code == 401


@pytest.mark.django_db
def test_admin_webhook_form_refuses_unsafe_urls(admin_client, partner):
    response = admin_client.post(
        "/admin/partners/webhookendpoint/add/",
        {"partner": partner.pk, "url": "http://169.254.169.254/", "events": "[]", "secret": "s" * 40, "active": "on"},
        secure=True,
    )
    assert response.status_code == 200
    assert "private or local" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
def test_delivery_log_lists_deliveries_and_retries_failed_ones(admin_client, partner, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    endpoint = WebhookEndpoint.objects.create(partner=partner, url="http://127.0.0.1:9/hook")
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint, event="factcheck.published", payload={"event": "factcheck.published"},
        status=DeliveryStatus.FAILED, attempts=6, error="HTTP 500 Internal Server Error",
    )
    page = admin_client.get("/admin/partners/webhookdelivery/", secure=True)
    assert page.status_code == 200
    assert "FAILED" in page.content.decode()
    assert admin_client.get(f"/admin/partners/webhookdelivery/{delivery.pk}/change/", secure=True).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/partners/webhookdelivery/", {"action": "retry", "_selected_action": [delivery.pk]}, secure=True
        )
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 0)
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.filter(queue_name="webhooks", args_kwargs__args=[delivery.pk]).exists()


@pytest.mark.django_db
def test_partner_list_counts_keys_and_webhooks(admin_client, partner_key):
    page = admin_client.get("/admin/partners/partner/", secure=True)
    assert page.status_code == 200
    assert "Daily Planet" in page.content.decode()


@pytest.mark.django_db
def test_create_partner_key_command_prints_a_working_key(capsys):
    from django.core.management import call_command

    call_command("create_partner_key", "Daily Planet", "--name", "production")
    key = capsys.readouterr().out.strip()
    assert PartnerAPIKey.objects.get().partner.name == "Daily Planet"
    assert https_api_client().get("/api/v1/ratings/", HTTP_AUTHORIZATION=f"Api-Key {key}").status_code == 200
