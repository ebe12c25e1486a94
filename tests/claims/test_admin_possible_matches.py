"""Possible matches and earlier fact-checks in the review queue and on the claim page, with the
curator's one-click answer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import Claim, MatchSuggestion
from sources.services import tip_submit

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:claims_reviewqueueclaim_changelist")
TRACKED = "Says the Affordable Care Act will cut 800,000 jobs."


@pytest.fixture
def fact_checked(publish_verdict):
    claim = services.claim_create(text=TRACKED, score=0.9)
    verdict = publish_verdict(claim, headline="No, the health law does not cut 800,000 jobs")
    return claim, verdict


def test_the_queue_shows_a_tip_that_may_be_an_already_rated_claim_with_its_answers(checker_client, fact_checked):
    claim, verdict = fact_checked
    tip = tip_submit(text="Is it true Obamacare cuts 800,000 jobs?").claim
    suggestion = MatchSuggestion.objects.get(claim=tip)

    page = checker_client.get(QUEUE).content.decode()

    assert f"Possible match of <a href=\"/admin/claims/claim/{claim.pk}/change/\">claim #{claim.pk}</a>" in page
    when = f"{verdict.published_at.day} {verdict.published_at:%b %Y}"
    assert f"Already rated False on {when}</strong> — <a href=\"{verdict.get_absolute_url()}\">" in page
    decide = reverse("admin:claims_claim_decide_match", args=[suggestion.pk])
    assert f'formaction="{decide}"' in page


def test_the_claim_page_shows_the_earlier_fact_check_and_a_fact_checker_cannot_merge_into_it(
    checker_client, fact_checked
):
    claim, verdict = fact_checked
    tip = tip_submit(text="Is it true Obamacare cuts 800,000 jobs?").claim
    suggestion = MatchSuggestion.objects.get(claim=tip)
    page = checker_client.get(reverse("admin:claims_claim_change", args=[tip.pk])).content.decode()
    assert "Already rated False on" in page
    assert f'action="{reverse("admin:claims_claim_decide_match", args=[suggestion.pk])}"' in page

    # Merging into a published fact-check changes it (issue 13's gate): a fact-checker is told
    # why, and nothing changes.
    refused = checker_client.post(
        reverse("admin:claims_claim_decide_match", args=[suggestion.pk]), {"same": "1"}, follow=True
    )
    assert "published" in refused.content.decode()
    tip.refresh_from_db()
    assert tip.status == Claim.Status.CANDIDATE
    suggestion.refresh_from_db()
    assert suggestion.decided_by is None


def test_an_editors_same_claim_merges_into_the_published_claim(editor_client, fact_checked, editor):
    claim, _verdict = fact_checked
    tip = tip_submit(text="Is it true Obamacare cuts 800,000 jobs?").claim
    suggestion = MatchSuggestion.objects.get(claim=tip)

    response = editor_client.post(reverse("admin:claims_claim_decide_match", args=[suggestion.pk]), {"same": "1"})

    assert response.status_code == 302
    tip.refresh_from_db()
    assert (tip.status, tip.duplicate_of) == (Claim.Status.DUPLICATE, claim)
    suggestion.refresh_from_db()
    assert (suggestion.decision, suggestion.decided_by) == (MatchSuggestion.Decision.CONFIRMED, editor)


def test_different_claim_keeps_the_candidate_and_leaves_the_queue_row_clear(checker_client, fact_checked):
    tip = tip_submit(text="Is it true Obamacare cuts 800,000 jobs?").claim
    suggestion = MatchSuggestion.objects.get(claim=tip)

    checker_client.post(reverse("admin:claims_claim_decide_match", args=[suggestion.pk]), {"same": "0"})

    tip.refresh_from_db()
    assert tip.status == Claim.Status.CANDIDATE
    assert MatchSuggestion.objects.get(pk=suggestion.pk).decision == MatchSuggestion.Decision.REJECTED
    assert "Possible match of" not in checker_client.get(QUEUE).content.decode()
    page = checker_client.get(reverse("admin:claims_claim_change", args=[tip.pk])).content.decode()
    assert "different claim by fiona" in page


def test_deciding_needs_a_post_and_the_right_to_change_claims(staff_client, django_user_model, fact_checked):
    tip = tip_submit(text="Is it true Obamacare cuts 800,000 jobs?").claim
    url = reverse("admin:claims_claim_decide_match", args=[MatchSuggestion.objects.get(claim=tip).pk])
    viewer = django_user_model.objects.create_user("vera", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_claim"))
    staff_client.force_login(viewer)
    assert 'formaction="' not in staff_client.get(QUEUE).content.decode()
    assert staff_client.post(url, {"same": "1"}).status_code == 403
    assert MatchSuggestion.objects.get(claim=tip).decision == MatchSuggestion.Decision.PENDING


def test_the_queue_reads_suggestions_in_constant_queries(checker_client, fact_checked):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            checker_client.get(QUEUE)
        return len(ctx.captured_queries)

    tip_submit(text="Is it true Obamacare cuts 800,000 jobs?")
    one = count()
    tip_submit(text="Obamacare cuts 800,000 jobs in 2025, a post says")
    tip_submit(text="Is it true Obamacare cuts 800,000 jobs by 2030?")
    assert MatchSuggestion.objects.count() >= 3
    assert count() == one


def test_a_claim_typed_into_the_admin_is_never_merged_but_put_to_curators(checker_client, fact_checked):
    claim, _verdict = fact_checked
    response = checker_client.post(
        reverse("admin:claims_claim_add"),
        {"text": TRACKED, "language": "en", "internal_note": "", "tags": []},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    typed = Claim.objects.exclude(pk=claim.pk).get(text=TRACKED)
    assert typed.status == Claim.Status.CANDIDATE
    assert MatchSuggestion.objects.filter(claim=typed, match=claim).exists()
