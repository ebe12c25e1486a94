"""Verdicts in the admin: fact-checkers draft and submit, editors publish, send back, retract
and correct; publishing refuses incomplete verdicts; the claim's status follows."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from claims import services
from claims.models import Claim, Correction, EvidenceLink, Rating, Verdict


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _change(verdict) -> str:
    return reverse("admin:claims_verdict_change", args=[verdict.pk])


def _step(client, verdict, action):
    return client.post(reverse("admin:claims_verdict_workflow", args=[verdict.pk]), {"action": action}, follow=True)


def _verdict_form(verdict, **changes) -> dict:
    data = {
        "headline": verdict.headline,
        "rating": verdict.rating_id or "",
        "summary": verdict.summary,
        "body": verdict.body,
        "version": verdict.version,
        "evidence_links-TOTAL_FORMS": "0",
        "evidence_links-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.fixture
def false_rating(db) -> Rating:
    return Rating.objects.get(slug="false")


@pytest.fixture
def ready_verdict(claim, fact_checker, false_rating) -> Verdict:
    """A complete verdict a fact-checker has submitted for review."""
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(
        claim=claim, headline="Unemployment did not fall to 4 percent", user=fact_checker,
        rating=false_rating, summary="It was 5.1 percent.",
    )
    services.evidence_add(claim=claim, url="https://stats.example/jobs", user=fact_checker, stance="refutes")
    return services.verdict_submit(verdict=verdict, user=fact_checker)


@pytest.mark.django_db
def test_fact_checker_drafts_a_verdict_from_the_claim_page(checker_client, claim, fact_checker, false_rating):
    services.claim_apply(claim=claim, action="accept", user=fact_checker)
    claim_page = checker_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    add_url = reverse("admin:claims_verdict_add") + f"?claim={claim.pk}"
    assert add_url in claim_page

    form_page = checker_client.get(add_url).content.decode()
    assert f'<option value="{claim.pk}" selected>' in form_page

    response = checker_client.post(
        add_url,
        {"claim": claim.pk, "headline": "Jobless rate was 5.1 percent", "rating": false_rating.pk,
         "summary": "Official figures say 5.1.", "body": "The **office** says so."},
    )
    assert response.status_code == 302
    verdict = Verdict.objects.get()
    assert (verdict.status, verdict.slug, verdict.rating) == ("draft", "jobless-rate-was-51-percent", false_rating)
    assert list(verdict.authors.all()) == [fact_checker]
    assert Claim.objects.get(pk=claim.pk).status == "in_research"


@pytest.mark.django_db
def test_a_rejected_claim_cannot_get_a_verdict(checker_client, claim, fact_checker):
    services.claim_apply(claim=claim, action="reject", user=fact_checker, reason="Not checkable.")
    response = checker_client.post(reverse("admin:claims_verdict_add"), {"claim": claim.pk, "headline": "X"})
    assert response.status_code == 200
    assert "it cannot get a verdict" in response.content.decode()
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_fact_checker_submits_then_cannot_publish(checker_client, claim, fact_checker, false_rating):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(
        claim=claim, headline="Not 4 percent", user=fact_checker, rating=false_rating, summary="5.1."
    )
    services.evidence_add(claim=claim, url="https://stats.example/jobs", user=fact_checker)

    page = checker_client.get(_change(verdict)).content.decode()
    assert 'value="submit"' in page and 'value="publish"' not in page

    _step(checker_client, verdict, "submit")
    assert Verdict.objects.get(pk=verdict.pk).status == "in_review"
    assert Claim.objects.get(pk=claim.pk).status == "rated"

    response = _step(checker_client, verdict, "publish")
    assert Verdict.objects.get(pk=verdict.pk).status == "in_review"
    assert "You do not have permission to publish verdicts." in _messages(response)


@pytest.mark.django_db
def test_fact_checker_has_no_bulk_publish_action(checker_client, ready_verdict):
    page = checker_client.get(reverse("admin:claims_verdict_changelist")).content.decode()
    assert "submit_verdicts" in page and "publish_verdicts" not in page
    checker_client.post(
        reverse("admin:claims_verdict_changelist"),
        {"action": "publish_verdicts", "_selected_action": [ready_verdict.pk]},
    )
    assert Verdict.objects.get(pk=ready_verdict.pk).status == "in_review"


@pytest.mark.django_db
def test_editor_publishes_and_the_claim_follows(editor_client, ready_verdict, editor):
    page = editor_client.get(_change(ready_verdict)).content.decode()
    assert 'value="publish"' in page and 'value="send_back"' in page
    assert f"/fact-checks/{ready_verdict.slug}/preview/" in page

    response = _step(editor_client, ready_verdict, "publish")

    published = Verdict.objects.get(pk=ready_verdict.pk)
    assert published.status == "published" and published.published_at is not None
    assert published.editor == editor
    assert Claim.objects.get(pk=published.claim_id).status == "published"
    assert "“Unemployment did not fall to 4 percent” is now published." in _messages(response)


@pytest.mark.django_db
def test_editor_publishes_in_bulk(editor_client, ready_verdict):
    editor_client.post(
        reverse("admin:claims_verdict_changelist"),
        {"action": "publish_verdicts", "_selected_action": [ready_verdict.pk]},
    )
    assert Verdict.objects.get(pk=ready_verdict.pk).status == "published"


@pytest.mark.django_db
def test_publishing_an_incomplete_verdict_names_what_is_missing(editor_client, claim, fact_checker):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(claim=claim, headline="Draft only", user=fact_checker)

    page = editor_client.get(_change(verdict)).content.decode()
    assert "a rating, a summary, at least one evidence link" in page  # shown before trying

    response = _step(editor_client, verdict, "publish")

    assert Verdict.objects.get(pk=verdict.pk).status == "draft"
    assert any(
        "cannot be published yet: it needs a rating, a summary, at least one evidence link" in m
        for m in _messages(response)
    )


@pytest.mark.django_db
def test_editor_sends_a_verdict_back_to_draft(editor_client, ready_verdict):
    _step(editor_client, ready_verdict, "send_back")
    assert Verdict.objects.get(pk=ready_verdict.pk).status == "draft"
    assert Claim.objects.get(pk=ready_verdict.claim_id).status == "in_research"


@pytest.mark.django_db
def test_retraction_asks_for_a_public_note(editor_client, ready_verdict, editor):
    services.verdict_publish(verdict=ready_verdict, editor=editor)
    url = reverse("admin:claims_verdict_retract", args=[ready_verdict.pk])

    assert "Say why" in editor_client.get(url).content.decode()
    empty = editor_client.post(url, {"note": ""})
    assert empty.status_code == 200 and Verdict.objects.get(pk=ready_verdict.pk).status == "published"

    editor_client.post(url, {"note": "The statistics office revised its figure."})
    retracted = Verdict.objects.get(pk=ready_verdict.pk)
    assert retracted.status == "retracted"
    assert retracted.retraction_note == "The statistics office revised its figure."


@pytest.mark.django_db
def test_fact_checker_cannot_retract_or_correct(checker_client, ready_verdict, editor):
    services.verdict_publish(verdict=ready_verdict, editor=editor)
    for name in ("retract", "correct"):
        url = reverse(f"admin:claims_verdict_{name}", args=[ready_verdict.pk])
        assert checker_client.post(url, {"note": "No."}).status_code == 403
    assert Verdict.objects.get(pk=ready_verdict.pk).status == "published"
    assert not Correction.objects.exists()


@pytest.mark.django_db
def test_editor_adds_a_correction(editor_client, ready_verdict, editor):
    services.verdict_publish(verdict=ready_verdict, editor=editor)
    editor_client.post(
        reverse("admin:claims_verdict_correct", args=[ready_verdict.pk]), {"note": "Fixed the year."}
    )
    correction = Correction.objects.get()
    assert (correction.verdict_id, correction.note, correction.author) == (ready_verdict.pk, "Fixed the year.", editor)
    assert "Fixed the year." in editor_client.get(_change(ready_verdict)).content.decode()


@pytest.mark.django_db
def test_corrections_admin_adds_through_the_service_and_refuses_drafts(editor_client, ready_verdict, editor):
    add = reverse("admin:claims_correction_add")
    draft_response = editor_client.post(add, {"verdict": ready_verdict.pk, "note": "Too early."})
    assert draft_response.status_code == 200 and not Correction.objects.exists()

    services.verdict_publish(verdict=ready_verdict, editor=editor)
    assert editor_client.post(add, {"verdict": ready_verdict.pk, "note": "Date fixed."}).status_code == 302
    assert Correction.objects.get().author == editor


@pytest.mark.django_db
def test_a_published_verdict_is_read_only_for_fact_checkers(checker_client, ready_verdict, editor):
    services.verdict_publish(verdict=ready_verdict, editor=editor)
    page = checker_client.get(_change(ready_verdict)).content.decode()
    assert 'name="headline"' not in page
    checker_client.post(_change(ready_verdict), _verdict_form(ready_verdict, headline="Hijacked"))
    assert Verdict.objects.get(pk=ready_verdict.pk).headline == "Unemployment did not fall to 4 percent"


@pytest.mark.django_db
def test_evidence_added_on_the_verdict_page_counts_for_publication(checker_client, editor, claim, fact_checker, false_rating):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(
        claim=claim, headline="Not 4 percent", user=fact_checker, rating=false_rating, summary="5.1."
    )
    data = _verdict_form(
        verdict,
        **{"evidence_links-TOTAL_FORMS": "1", "evidence_links-0-url": "https://stats.example/jobs",
           "evidence_links-0-stance": "refutes", "evidence_links-0-title": "Labour statistics"},
    )
    assert checker_client.post(_change(verdict), data).status_code == 302
    link = EvidenceLink.objects.get()
    assert (link.claim_id, link.verdict_id, link.stance) == (claim.pk, verdict.pk, "refutes")
    services.verdict_publish(verdict=verdict, editor=editor)


@pytest.mark.django_db
def test_verdict_list_runs_the_same_queries_for_5_and_50_rows(editor_client, fact_checker, false_rating):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count_for(n: int) -> int:
        for i in range(n - Verdict.objects.count()):
            claim = services.claim_create(text=f"Claim number {i} made.")
            services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
            services.verdict_create(claim=claim, headline=f"Verdict {i}", user=fact_checker, rating=false_rating)
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get(reverse("admin:claims_verdict_changelist"))
        assert len(response.context["cl"].result_list) == n
        return len(queries)

    assert count_for(5) == count_for(50)
