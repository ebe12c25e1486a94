"""What each newsroom role may do in the admin (groups from claims.roles)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import services
from claims.models import Rating
from claims.roles import EDITOR, FACT_CHECKER, ROLE_PERMISSIONS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "url_name", "allowed"),
    [
        ("checker", "admin:claims_reviewqueueclaim_changelist", True),
        ("checker", "admin:claims_claim_add", True),
        ("checker", "admin:claims_verdict_add", True),
        ("checker", "admin:claims_speaker_add", True),
        ("checker", "admin:claims_tag_add", True),
        ("checker", "admin:claims_correction_add", False),
        ("checker", "admin:claims_rating_add", False),
        ("checker", "admin:claims_reviewqueueclaim_add", False),
        ("editor", "admin:claims_correction_add", True),
        ("editor", "admin:claims_rating_add", True),
        ("editor", "admin:claims_reviewqueueclaim_add", False),
    ],
)
def test_pages_by_role(checker_client, editor, who, url_name, allowed):
    if who == "editor":
        checker_client.force_login(editor)
    status = checker_client.get(reverse(url_name)).status_code
    assert (status == 200) is allowed, status


@pytest.mark.django_db
def test_fact_checker_sees_the_rating_scale_but_cannot_change_it(checker_client):
    rating = Rating.objects.get(slug="false")
    url = reverse("admin:claims_rating_change", args=[rating.pk])
    page = checker_client.get(url).content.decode()
    assert 'name="description"' not in page and "False" in page
    data = {"label": "False", "slug": "false", "value": rating.value, "description": "Changed",
            "colour": rating.colour, "position": rating.position}
    assert checker_client.post(url, data).status_code == 403
    assert Rating.objects.get(pk=rating.pk).description != "Changed"


@pytest.mark.django_db
def test_editor_changes_the_rating_scale_and_history_records_it(editor_client, editor):
    rating = Rating.objects.get(slug="false")
    url = reverse("admin:claims_rating_change", args=[rating.pk])
    data = {"label": "False", "slug": "false", "value": rating.value, "description": "The claim is inaccurate.",
            "colour": rating.colour, "position": rating.position}
    assert editor_client.post(url, data).status_code == 302
    assert Rating.objects.get(pk=rating.pk).description == "The claim is inaccurate."
    assert Rating.history.filter(id=rating.pk).first().history_user == editor


@pytest.mark.django_db
def test_nobody_deletes_submitted_verdicts_or_ratings(staff_client, superuser, claim, fact_checker):
    staff_client.force_login(superuser)
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(
        claim=claim, headline="Draft", user=fact_checker, rating=Rating.objects.first(), summary="Checked."
    )
    services.evidence_add(claim=claim, url="https://stats.example/jobs", user=fact_checker)
    services.verdict_submit(verdict=verdict, user=fact_checker)
    assert staff_client.get(reverse("admin:claims_verdict_delete", args=[verdict.pk])).status_code == 403
    rating = Rating.objects.first()
    assert staff_client.get(reverse("admin:claims_rating_delete", args=[rating.pk])).status_code == 403


@pytest.mark.django_db
def test_setup_roles_is_repeatable_and_grants_exactly_the_declared_permissions(capsys):
    call_command("setup_roles")
    call_command("setup_roles")
    from django.contrib.auth.models import Group

    for role in (FACT_CHECKER, EDITOR):
        granted = {
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name=role).permissions.select_related("content_type")
        }
        assert granted == set(ROLE_PERMISSIONS[role])
    assert "claims.publish_verdict" not in ROLE_PERMISSIONS[FACT_CHECKER]
    assert "Editor:" in capsys.readouterr().out
