"""Curators' workflow on claims in the admin: one at a time (buttons on the claim page) and in
bulk (actions on the queue), always through the services and the declared transitions."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims import services
from claims.models import Appearance, Claim, EvidenceLink

QUEUE = reverse("admin:claims_reviewqueueclaim_changelist")
CLAIMS = reverse("admin:claims_claim_changelist")


def _workflow(claim) -> str:
    return reverse("admin:claims_claim_workflow", args=[claim.pk])


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _bulk(client, url, action, claims, **extra):
    data = {"action": action, "_selected_action": [c.pk for c in claims], **extra}
    return client.post(url, data, follow=True)


@pytest.mark.django_db
def test_claim_page_offers_only_the_allowed_steps(checker_client, claim):
    page = checker_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert 'value="accept"' in page and 'value="reject"' in page and 'value="start_research"' in page
    assert 'value="reopen"' not in page  # only a rejected claim can be reopened


@pytest.mark.django_db
def test_accept_button_accepts_the_claim(checker_client, claim, fact_checker):
    response = checker_client.post(_workflow(claim), {"action": "accept"}, follow=True)
    assert Claim.objects.get(pk=claim.pk).status == "accepted"
    assert f"Claim #{claim.pk} is now accepted." in _messages(response)
    last = Claim.history.filter(id=claim.pk).first()
    assert last.history_user == fact_checker


@pytest.mark.django_db
def test_invalid_transition_is_refused_with_the_reason_and_changes_nothing(checker_client, claim, fact_checker):
    services.claim_apply(claim=claim, action="reject", user=fact_checker, reason="Not checkable.")
    before = Claim.objects.get(pk=claim.pk).updated_at

    response = checker_client.post(_workflow(claim), {"action": "start_research"}, follow=True)

    after = Claim.objects.get(pk=claim.pk)
    assert after.status == "rejected" and after.updated_at == before
    assert any("it is rejected; allowed only from" in m for m in _messages(response))


@pytest.mark.django_db
def test_workflow_buttons_need_change_permission(staff_client, claim, django_user_model):
    visitor = django_user_model.objects.create_user("visitor", password="x", is_staff=True)
    staff_client.force_login(visitor)
    assert staff_client.post(_workflow(claim), {"action": "accept"}).status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == "candidate"


@pytest.mark.django_db
def test_bulk_accept_changes_valid_claims_and_names_each_refusal(checker_client, claim, fact_checker):
    rejected = services.claim_create(text="Inflation hit 9 percent.")
    services.claim_apply(claim=rejected, action="reject", user=fact_checker, reason="Not checkable.")
    accepted = services.claim_create(text="Wages doubled.")
    services.claim_apply(claim=accepted, action="accept", user=fact_checker)

    response = _bulk(checker_client, CLAIMS, "start_research_claims", [claim, rejected, accepted])

    assert Claim.objects.get(pk=claim.pk).status == "in_research"
    assert Claim.objects.get(pk=accepted.pk).status == "in_research"
    assert Claim.objects.get(pk=rejected.pk).status == "rejected"
    messages = _messages(response)
    assert "2 claims marked in research." in messages
    assert any(f"claim #{rejected.pk}: it is rejected" in m for m in messages)


@pytest.mark.django_db
def test_bulk_accept_and_reject_from_the_queue(checker_client, claim):
    other = services.claim_create(text="Exports fell by half.")
    _bulk(checker_client, QUEUE, "accept_claims", [claim])
    _bulk(checker_client, QUEUE, "reject_claims", [other], confirm="yes", reason="Not checkable.")
    assert Claim.objects.get(pk=claim.pk).status == "accepted"
    assert Claim.objects.get(pk=other.pk).status == "rejected"


@pytest.mark.django_db
def test_assign_to_me_in_bulk_and_from_the_claim_page(checker_client, claim, fact_checker):
    other = services.claim_create(text="Exports fell by half.")
    _bulk(checker_client, QUEUE, "assign_to_me", [other])
    checker_client.post(_workflow(claim), {"action": "assign_me"})
    assert Claim.objects.get(pk=claim.pk).assignee == fact_checker
    assert Claim.objects.get(pk=other.pk).assignee == fact_checker


@pytest.mark.django_db
def test_assign_to_a_chosen_user_asks_whom_then_assigns(checker_client, claim, editor):
    first = _bulk(checker_client, QUEUE, "assign_to_user", [claim])
    page = first.content.decode()
    assert "Assign these claims to:" in page and "edgar" in page
    assert Claim.objects.get(pk=claim.pk).assignee is None

    _bulk(checker_client, QUEUE, "assign_to_user", [claim], confirm="yes", assignee=editor.pk)
    assert Claim.objects.get(pk=claim.pk).assignee == editor


@pytest.mark.django_db
def test_assign_to_a_chosen_user_from_the_claim_page(checker_client, claim, editor):
    checker_client.post(_workflow(claim), {"action": "assign", "assignee": editor.pk})
    assert Claim.objects.get(pk=claim.pk).assignee == editor


@pytest.mark.django_db
def test_assigning_to_someone_outside_the_newsroom_is_refused(checker_client, claim, django_user_model):
    outsider = django_user_model.objects.create_user("outsider", password="x")
    response = checker_client.post(_workflow(claim), {"action": "assign", "assignee": outsider.pk}, follow=True)
    assert Claim.objects.get(pk=claim.pk).assignee is None
    assert "Choose someone who works on claims." in _messages(response)


@pytest.mark.django_db
def test_merge_asks_which_claim_to_keep_then_merges(checker_client, claim, source, fact_checker):
    other = services.claim_create(text="Unemployment fell to four percent in 2024.", score=0.9)
    Appearance.objects.create(claim=other, source=source, sentence=source.text, start=0, end=len(source.text))
    services.evidence_add(claim=other, url="https://stats.example/u", user=fact_checker)

    confirm = _bulk(checker_client, QUEUE, "merge_claims", [claim, other])
    page = confirm.content.decode()
    assert "Choose the claim to keep" in page and 'name="keep"' in page
    assert Claim.objects.get(pk=other.pk).status == "candidate"  # nothing happens before confirming

    response = _bulk(checker_client, QUEUE, "merge_claims", [claim, other], confirm="yes", keep=claim.pk)

    merged = Claim.objects.get(pk=other.pk)
    assert merged.status == "duplicate" and merged.duplicate_of_id == claim.pk
    assert Appearance.objects.get().claim_id == claim.pk
    assert EvidenceLink.objects.get().claim_id == claim.pk
    assert f"Merged 1 claim(s) into claim #{claim.pk}; they are now its duplicates." in _messages(response)


@pytest.mark.django_db
def test_merging_a_published_claim_is_refused_and_changes_nothing(checker_client, claim, publish_verdict):
    other = services.claim_create(text="Unemployment fell to four percent.")
    publish_verdict(claim)

    response = _bulk(checker_client, CLAIMS, "merge_claims", [claim, other], confirm="yes", keep=other.pk)

    assert Claim.objects.get(pk=claim.pk).status == "published"
    assert Claim.objects.get(pk=other.pk).status == "candidate"
    assert any(f"Cannot merge claim #{claim.pk}: it is published." in m for m in _messages(response))


@pytest.mark.django_db
def test_merge_needs_two_claims(checker_client, claim):
    response = _bulk(checker_client, QUEUE, "merge_claims", [claim])
    assert "Select at least two claims to merge." in _messages(response)


@pytest.mark.django_db
def test_bulk_actions_over_too_many_claims_are_refused_before_changing_any(checker_client, monkeypatch):
    from claims.admin import claims as claims_admin

    monkeypatch.setattr(claims_admin, "MAX_BULK", 2)
    many = [services.claim_create(text=f"Claim number {i}.") for i in range(3)]
    response = checker_client.post(QUEUE, {"action": "accept_claims", "select_across": "1", "index": "0",
                                           "_selected_action": [many[0].pk]}, follow=True)
    assert any("Select at most 2 claims at a time" in m for m in _messages(response))
    assert set(Claim.objects.values_list("status", flat=True)) == {"candidate"}
