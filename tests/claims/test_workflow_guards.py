"""The rules of issue 18, declared in `claims.workflow` and enforced by the services: a verdict
goes to review complete, a candidate is accepted before a verdict is drafted, and a rejection
says why."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from claims import services
from claims.models import Claim, Rating, Verdict
from claims.workflow import TransitionError, verdict_missing_for


@pytest.fixture
def accepted(claim, fact_checker):
    return services.claim_apply(claim=claim, action="accept", user=fact_checker)


@pytest.mark.django_db
def test_an_empty_draft_cannot_be_submitted_for_review(accepted, fact_checker):
    verdict = services.verdict_create(claim=accepted, headline="Not 4 percent", user=fact_checker)
    with pytest.raises(ValidationError) as excinfo:
        services.verdict_submit(verdict=verdict, user=fact_checker)
    message = str(excinfo.value)
    assert "cannot be submitted for review yet" in message
    assert "a rating" in message and "a summary" in message and "at least one evidence link" in message
    assert Verdict.objects.get(pk=verdict.pk).status == "draft"
    assert Claim.objects.get(pk=accepted.pk).status == "in_research"


@pytest.mark.django_db
def test_a_complete_draft_is_submitted(accepted, fact_checker):
    verdict = services.verdict_create(
        claim=accepted, headline="Not 4 percent", user=fact_checker,
        rating=Rating.objects.get(slug="false"), summary="It was 5.1 percent.",
    )
    assert verdict_missing_for(verdict, "submit") == ["at least one evidence link"]
    services.evidence_add(claim=accepted, url="https://stats.example/jobs", user=fact_checker)
    assert services.verdict_submit(verdict=verdict, user=fact_checker).status == "in_review"
    assert Claim.objects.get(pk=accepted.pk).status == "rated"


@pytest.mark.django_db
def test_submit_button_refusal_names_what_is_missing(client, accepted, fact_checker):
    verdict = services.verdict_create(claim=accepted, headline="Not 4 percent", user=fact_checker)
    client.force_login(fact_checker)
    response = client.post(
        reverse("admin:claims_verdict_workflow", args=[verdict.pk]), {"action": "submit"}, follow=True
    )
    text = response.content.decode()
    assert "cannot be submitted for review yet: it needs a rating, a summary" in text
    assert Verdict.objects.get(pk=verdict.pk).status == "draft"


@pytest.mark.django_db
def test_drafting_on_a_candidate_is_refused_and_leaves_it_a_candidate(claim, fact_checker):
    with pytest.raises(TransitionError, match="still a candidate: accept it before drafting"):
        services.verdict_create(claim=claim, headline="Not 4 percent", user=fact_checker)
    assert Claim.objects.get(pk=claim.pk).status == "candidate"
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_candidate_page_offers_accept_and_draft_which_records_the_acceptance(client, claim, fact_checker):
    client.force_login(fact_checker)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert 'value="accept_and_draft"' in page
    assert reverse("admin:claims_verdict_add") + f"?claim={claim.pk}" not in page  # no silent skip
    response = client.post(reverse("admin:claims_claim_workflow", args=[claim.pk]), {"action": "accept_and_draft"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_verdict_add") + f"?claim={claim.pk}"
    assert Claim.objects.get(pk=claim.pk).status == "accepted"
    latest = Claim.history.filter(id=claim.pk).first()
    assert latest.status == "accepted" and latest.history_user == fact_checker


@pytest.mark.django_db
def test_verdict_form_refuses_a_candidate_claim(client, claim, fact_checker):
    client.force_login(fact_checker)
    response = client.post(reverse("admin:claims_verdict_add"), {"claim": claim.pk, "headline": "X"})
    assert response.status_code == 200
    assert "still a candidate: accept it before drafting a verdict" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "candidate"


@pytest.mark.django_db
def test_reject_without_a_reason_is_refused(claim, fact_checker):
    with pytest.raises(TransitionError, match="Say why claim #"):
        services.claim_apply(claim=claim, action="reject", user=fact_checker, reason="   ")
    assert Claim.objects.get(pk=claim.pk).status == "candidate"


@pytest.mark.django_db
def test_the_reason_is_kept_shown_on_the_claim_and_in_its_history(client, claim, fact_checker):
    services.claim_apply(claim=claim, action="reject", user=fact_checker, reason="Opinion, not checkable.")
    assert Claim.objects.get(pk=claim.pk).rejection_reason == "Opinion, not checkable."
    client.force_login(fact_checker)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "Rejected: Opinion, not checkable." in page
    history = client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()
    assert "Opinion, not checkable." in history
    services.claim_apply(claim=claim, action="reopen", user=fact_checker)
    assert Claim.objects.get(pk=claim.pk).rejection_reason == ""
    assert Claim.history.filter(id=claim.pk, rejection_reason="Opinion, not checkable.").exists()


@pytest.mark.django_db
def test_claim_page_reject_button_asks_for_a_reason(client, claim, fact_checker):
    client.force_login(fact_checker)
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert 'name="reason"' in page and "required" in page
    url = reverse("admin:claims_claim_workflow", args=[claim.pk])
    response = client.post(url, {"action": "reject"}, follow=True)
    assert "Say why claim #" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).status == "candidate"
    client.post(url, {"action": "reject", "reason": "A prediction."})
    assert Claim.objects.get(pk=claim.pk).status == "rejected"


@pytest.mark.django_db
def test_bulk_reject_asks_for_a_reason_first(client, claim, fact_checker):
    client.force_login(fact_checker)
    queue = reverse("admin:claims_reviewqueueclaim_changelist")
    data = {"action": "reject_claims", "_selected_action": [claim.pk]}
    page = client.post(queue, data).content.decode()
    assert 'name="reason"' in page and "Reject claims" in page
    assert Claim.objects.get(pk=claim.pk).status == "candidate"
    client.post(queue, {**data, "confirm": "yes", "reason": "Opinion."})
    rejected = Claim.objects.get(pk=claim.pk)
    assert (rejected.status, rejected.rejection_reason) == ("rejected", "Opinion.")
