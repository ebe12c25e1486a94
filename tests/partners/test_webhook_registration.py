"""Partners register, list, change and remove their webhook URLs through the API; unsafe URLs
(private, loopback, link-local: SSRF) are refused."""

from __future__ import annotations

import pytest

from partners.models import Partner, WebhookEndpoint
from partners.services import partner_key_create, webhook_endpoint_create
from tests.conftest import https_api_client

URL = "/api/v1/webhooks/"


@pytest.fixture
def allow_local(settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True


@pytest.mark.django_db
def test_register_returns_the_signing_secret_once_listed_later(partner_client, allow_local):
    created = partner_client.post(URL, {"url": "https://hooks.example/fc", "events": ["factcheck.published"]}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert body["events"] == ["factcheck.published"]
    assert body["active"] is True
    assert len(body["secret"]) >= 32
    assert partner_client.get(URL).json() == [body]
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.partner == partner_client.partner_key.partner


@pytest.mark.django_db
def test_update_and_delete(partner_client, allow_local):
    hook = partner_client.post(URL, {"url": "https://hooks.example/a"}, format="json").json()
    changed = partner_client.patch(f"{URL}{hook['id']}/", {"url": "https://hooks.example/b", "events": []}, format="json")
    assert changed.status_code == 200
    assert changed.json()["url"] == "https://hooks.example/b"
    assert partner_client.delete(f"{URL}{hook['id']}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
def test_partners_cannot_see_or_touch_each_others_webhooks(partner_client, allow_local):
    rival = Partner.objects.create(name="Rival Gazette")
    theirs = webhook_endpoint_create(partner=rival, url="https://rival.example/hook")
    assert partner_client.get(URL).json() == []
    for method in ("get", "patch", "delete"):
        assert getattr(partner_client, method)(f"{URL}{theirs.pk}/").status_code == 404
    assert partner_client.get(f"{URL}{theirs.pk}/deliveries/").status_code == 404
    rival_client = https_api_client()
    rival_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {partner_key_create(partner=rival, name='k')[1]}")
    assert [h["url"] for h in rival_client.get(URL).json()] == ["https://rival.example/hook"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:8080/hook", "private or local"),
        ("http://10.1.2.3/hook", "private or local"),
        ("http://192.168.0.10/hook", "private or local"),
        ("http://169.254.169.254/latest/meta-data/", "private or local"),
        # IPv6 literals are not taken at all (the declared URL rule wants a host name or IPv4).
        ("http://[::1]/hook", "Give an http:// or https:// address"),
        ("http://[::ffff:127.0.0.1]/hook", "Give an http:// or https:// address"),
        ("http://0.0.0.0/hook", "private or local"),
        ("http://localhost/hook", "this server"),
        ("https://user:pw@hooks.example/fc", "credentials"),
    ],
)
def test_unsafe_urls_are_refused(partner_client, url, message):
    response = partner_client.post(URL, {"url": url}, format="json")
    assert response.status_code == 400
    assert message in response.json()["url"][0]
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://hooks.example/fc"}, "url"),
        ({"url": "not a url"}, "url"),
        ({}, "url"),
        ({"url": "https://hooks.example/fc", "events": ["factcheck.deleted"]}, "events"),
        ({"url": "https://hooks.example/fc", "events": "factcheck.published"}, "events"),
    ],
)
def test_invalid_registrations_get_400_naming_the_field(partner_client, allow_local, body, field):
    response = partner_client.post(URL, body, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.django_db
def test_the_same_url_twice_is_a_conflict_with_one_body_for_post_and_patch(partner_client, allow_local):
    assert partner_client.post(URL, {"url": "https://hooks.example/fc"}, format="json").status_code == 201
    again = partner_client.post(URL, {"url": "https://hooks.example/fc"}, format="json")
    assert again.status_code == 409
    assert again.json() == {"url": ["You already registered this URL."]}
    other = partner_client.post(URL, {"url": "https://hooks.example/other"}, format="json").json()
    moved = partner_client.patch(f"{URL}{other['id']}/", {"url": "https://hooks.example/fc"}, format="json")
    assert moved.status_code == 409
    assert moved.json() == again.json()
    assert partner_client.get(f"{URL}{other['id']}/").json()["url"] == "https://hooks.example/other"


@pytest.mark.django_db
def test_staff_sessions_and_anonymous_callers_cannot_register(api_client, superuser):
    assert api_client.post(URL, {"url": "https://hooks.example/fc"}, format="json").status_code == 401
    api_client.force_login(superuser)
    assert api_client.get(URL).status_code == 401
