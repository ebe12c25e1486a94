"""A page-long admin search gets a 400 with a reason, not a 500 from the database."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_an_overlong_admin_search_is_refused_with_a_reason(client, editor, settings):
    client.force_login(editor)
    response = client.get("/admin/sources/source/", {"q": "claim " * 2000}, secure=True)
    assert response.status_code == 400
    assert f"at most {settings.FACTCHECK_ADMIN_SEARCH_MAX_CHARS}" in response.text


@pytest.mark.django_db
def test_a_long_but_reasonable_admin_search_still_works(client, editor, settings):
    client.force_login(editor)
    term = ("minister " * 40)[: settings.FACTCHECK_ADMIN_SEARCH_MAX_CHARS]
    assert client.get("/admin/sources/source/", {"q": term}, secure=True).status_code == 200

