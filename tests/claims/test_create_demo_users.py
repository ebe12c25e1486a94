"""`create_demo_users` is for a local run: it refuses production and never touches a real login."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings


def _run(*args: str) -> str:
    out = StringIO()
    call_command("create_demo_users", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_refuses_without_debug_and_creates_nobody():
    with pytest.raises(CommandError, match="DEBUG"):
        _run()
    assert not get_user_model().objects.filter(username__in=["admin", "editor", "checker"]).exists()


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_explicit_flag_allows_it_without_debug():
    output = _run("--allow-without-debug")
    User = get_user_model()
    assert User.objects.get(username="admin").check_password("admin-demo-pass")
    assert "created" in output and "admin / admin-demo-pass" in output


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_an_existing_users_password_is_never_reset(django_user_model):
    django_user_model.objects.create_user(username="admin", password="the-real-admin-password", is_staff=True)
    output = _run()
    admin = django_user_model.objects.get(username="admin")
    assert admin.check_password("the-real-admin-password")
    assert not admin.check_password("admin-demo-pass")
    assert "admin-demo-pass" not in output
    assert "admin" in output and "already exists" in output
    assert django_user_model.objects.get(username="editor").check_password("editor-demo-pass")


@pytest.mark.django_db
@override_settings(DEBUG=True)
def test_running_it_again_keeps_everyone_logged_in(client):
    _run()
    assert client.login(username="editor", password="editor-demo-pass")
    assert client.get("/admin/").status_code == 200
    second = _run()
    assert "created" not in second
    response = client.get("/admin/")
    assert response.status_code == 200, "the second run logged the editor out"
