"""Admin login brute-force protection (django-axes)."""

from __future__ import annotations

import pytest
from django.conf import settings

ATTACKER = "203.0.113.9"
COLLEAGUE = "198.51.100.7"


def _login(client, password: str, ip: str = ATTACKER):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "edgar", "password": password, "next": "/admin/"},
        secure=True,
        REMOTE_ADDR=ip,
    )


def _fail_until_locked(client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = _login(client, "wrong-guess")
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.text
    return _login(client, "wrong-guess")


@pytest.mark.django_db
def test_login_is_locked_after_repeated_failures_even_with_the_right_password(client, editor):
    assert settings.AXES_ENABLED
    locked = _fail_until_locked(client)
    assert locked.status_code == 429
    assert "locked" in locked.text.lower()

    response = _login(client, "edgar-pass")
    assert response.status_code == 429
    assert client.get("/admin/", secure=True).status_code == 302  # still not logged in


@pytest.mark.django_db
def test_lockout_is_per_address_so_the_real_user_can_still_log_in(client, editor):
    _fail_until_locked(client)
    response = _login(client, "edgar-pass", ip=COLLEAGUE)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "wrong-guess")
    assert _login(client, "edgar-pass").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "wrong-guess").status_code == 200
    assert _login(client, "edgar-pass").status_code == 302


@pytest.mark.django_db
def test_forwarded_for_is_only_trusted_behind_configured_proxies(client, editor, settings):
    # Exposed directly, a forged X-Forwarded-For must not dodge the lockout.
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            "/admin/login/",
            {"username": "edgar", "password": "nope"},
            secure=True,
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"10.0.0.{n}",
        )
    assert _login(client, "edgar-pass").status_code == 429

    # Behind one proxy, the proxy's own entry (rightmost) is the client address.
    settings.FACTCHECK_NUM_PROXIES = 1
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "edgar", "password": "edgar-pass", "next": "/admin/"},
        secure=True,
        REMOTE_ADDR="10.1.1.1",
        HTTP_X_FORWARDED_FOR=f"{ATTACKER}, {COLLEAGUE}",
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_test_client_logins_work_with_lockout_enabled(client, fact_checker):
    assert client.login(username="fiona", password="fiona-pass")
    assert client.get("/admin/", secure=True).status_code == 200
    client.logout()
    client.force_login(fact_checker)
    assert client.get("/admin/", secure=True).status_code == 200


@pytest.mark.django_db
def test_a_garbage_forwarded_address_does_not_break_login(client, editor, settings):
    settings.FACTCHECK_NUM_PROXIES = 1
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "edgar", "password": "wrong", "next": "/admin/"},
        secure=True,
        REMOTE_ADDR="10.1.1.1",
        HTTP_X_FORWARDED_FOR="not-an-address",
    )
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.text
