"""Two curators on one claim: a stale claim form is refused ("changed by someone else") instead
of silently reverting the other's text, and "assign to me" is a compare-and-set, so only one of
two curators is told the claim is theirs."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import Claim


def _open(client: Client, claim: Claim) -> dict:
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    return {
        "text": claim.text, "speaker": claim.speaker_id or "", "made_on": "", "language": claim.language,
        "internal_note": "", "version": re.search(r'name="version" value="(\d+)"', page).group(1),
        "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
        "evidence_links-TOTAL_FORMS": "0", "evidence_links-INITIAL_FORMS": "0",
        "verdicts-TOTAL_FORMS": "0", "verdicts-INITIAL_FORMS": "0",
    }


@pytest.fixture
def second_checker(roles, django_user_model):
    from claims.roles import FACT_CHECKER

    user = django_user_model.objects.create_user(username="gus", password="gus-pass", is_staff=True)
    user.groups.add(roles[FACT_CHECKER])
    return django_user_model.objects.get(pk=user.pk)


@pytest.mark.django_db
def test_stale_claim_form_is_refused_and_keeps_both_texts(staff_client, claim, fact_checker, second_checker):
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    fiona, gus = staff_client, Client()
    fiona.force_login(fact_checker)
    gus.force_login(second_checker)
    fiona_form, gus_form = _open(fiona, claim), _open(gus, claim)

    assert fiona.post(url, {**fiona_form, "text": "Unemployment fell to 4.1 percent in 2024."}).status_code == 302
    second = gus.post(url, {**gus_form, "text": "Unemployment fell to 3.9 percent in 2024."})

    assert second.status_code == 200
    page = second.content.decode()
    assert "This claim was changed by someone else since you opened it" in page
    assert "last saved by fiona" in page
    assert "3.9 percent" in page  # his wording is still on screen to re-apply
    assert Claim.objects.get(pk=claim.pk).text == "Unemployment fell to 4.1 percent in 2024."

    fresh = _open(gus, Claim.objects.get(pk=claim.pk))
    assert gus.post(url, {**fresh, "text": "Unemployment fell to 3.9 percent in 2024."}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).text == "Unemployment fell to 3.9 percent in 2024."


@pytest.mark.django_db
def test_stale_save_through_the_service_is_refused(claim, fact_checker):
    opened_at = claim.version
    services.claim_apply(claim=claim, action="accept", user=fact_checker)
    with pytest.raises(services.ConcurrentEditError, match="changed by someone else"):
        services.claim_update(claim=claim, user=fact_checker, expected_version=opened_at, text="Other words.")
    assert Claim.objects.get(pk=claim.pk).status == "accepted"


@pytest.mark.django_db
def test_second_assign_to_me_is_told_who_has_the_claim(staff_client, claim, fact_checker, second_checker):
    fiona, gus = staff_client, Client()
    fiona.force_login(fact_checker)
    gus.force_login(second_checker)
    workflow = reverse("admin:claims_claim_workflow", args=[claim.pk])
    # Both opened the page while the claim was unassigned.
    fiona.post(workflow, {"action": "assign_me", "expected_assignee": ""})
    response = gus.post(workflow, {"action": "assign_me", "expected_assignee": ""})

    told = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("already assigned to fiona" in m for m in told), told
    assert not any("assigned to gus" in m for m in told)
    assert Claim.objects.get(pk=claim.pk).assignee == fact_checker

    # The bulk "assign to me" takes unassigned claims only.
    response = gus.post(reverse("admin:claims_claim_changelist"), {
        "action": "assign_to_me", "_selected_action": [claim.pk], "index": "0",
    })
    assert Claim.objects.get(pk=claim.pk).assignee == fact_checker
