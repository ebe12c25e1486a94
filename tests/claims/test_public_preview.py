"""Staff preview of a fact-check page before it is published."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from tests.claims.public_helpers import make_factcheck, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(claim, fact_checker):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    return services.verdict_create(
        claim=claim, headline="Jobless figure is wrong", user=fact_checker,
        summary="Official figures show 5.1 percent.", body="# Sources\n\nThe *statistics office*.",
    )


def _preview(verdict) -> str:
    return reverse("claims:factcheck_preview", kwargs={"slug": verdict.slug})


def test_editor_previews_a_draft_marked_as_a_preview_and_not_indexable(client, draft, editor):
    client.force_login(editor)
    response = client.get(_preview(draft))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Preview. This fact-check is draft. Readers cannot see it until it is published." in visible_text(html)
    assert "<h1>Jobless figure is wrong</h1>" in html
    assert "<h3>Sources</h3>" in html and "<em>statistics office</em>" in html
    assert "No rating has been chosen yet." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]


def test_fact_checker_with_view_permission_can_preview(client, draft, fact_checker):
    client.force_login(fact_checker)
    assert client.get(_preview(draft)).status_code == 200


def test_preview_of_a_published_fact_check_links_to_the_public_page(client, publish_verdict, editor, fact_checker):
    verdict = make_factcheck(publish_verdict, editor=editor, fact_checker=fact_checker)
    client.force_login(editor)
    html = client.get(_preview(verdict)).content.decode()
    assert f'Readers see it at <a href="{verdict.get_absolute_url()}">its public address</a>' in html


def test_anonymous_visitors_are_sent_to_log_in(client, draft):
    response = client.get(_preview(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_without_view_permission_are_refused(client, draft, django_user_model):
    intern = django_user_model.objects.create_user("intern", password="x", is_staff=True)
    client.force_login(intern)
    response = client.get(_preview(draft))
    assert response.status_code == 403
    assert b"Jobless figure is wrong" not in response.content


def test_non_staff_users_are_refused_even_with_the_permission(client, draft, django_user_model):
    from django.contrib.auth.models import Permission

    reader = django_user_model.objects.create_user("reader", password="x")
    reader.user_permissions.add(Permission.objects.get(codename="view_verdict"))
    client.force_login(reader)
    assert client.get(_preview(draft)).status_code == 403


def test_preview_is_never_served_from_or_stored_in_the_public_cache(client, draft, editor, fact_checker):
    client.force_login(editor)
    client.get(_preview(draft))
    services.verdict_update(verdict=draft, expected_version=draft.version, user=fact_checker,
                            headline="Jobless figure is badly wrong")
    response = client.get(_preview(draft))
    assert "Jobless figure is badly wrong" in response.content.decode()
    assert "X-Public-Cache" not in response
