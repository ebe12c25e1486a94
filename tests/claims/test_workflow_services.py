"""The newsroom workflow through the services every surface uses."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from claims import services
from claims.models import Appearance, Claim, EvidenceLink, Rating, Verdict
from claims.workflow import TransitionError


@pytest.mark.django_db
def test_fact_checker_accepts_then_cannot_accept_again(claim, fact_checker):
    services.claim_apply(claim=claim, action="accept", user=fact_checker)
    with pytest.raises(TransitionError, match="it is accepted; allowed only from"):
        services.claim_apply(claim=claim, action="accept", user=fact_checker)
    assert Claim.objects.get(pk=claim.pk).status == "accepted"


@pytest.mark.django_db
def test_bulk_action_reports_refusals_and_changes_only_valid_claims(claim, fact_checker):
    other = services.claim_create(text="Inflation hit 9 percent.")
    services.claim_apply(claim=other, action="reject", user=fact_checker, reason="Not checkable.")
    result = services.claims_apply(claims=[claim, other], action="start_research", user=fact_checker)
    assert [c.pk for c in result.changed] == [claim.pk]
    assert result.refused[0][0].pk == other.pk and "rejected" in result.refused[0][1]
    assert Claim.objects.get(pk=other.pk).status == "rejected"


@pytest.mark.django_db
def test_fact_checker_cannot_publish_editor_can(claim, fact_checker, editor):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(
        claim=claim, headline="Not 4 percent", user=fact_checker,
        rating=Rating.objects.get(slug="false"), summary="It was 5.1 percent.",
    )
    services.evidence_add(claim=claim, url="https://stats.example/jobs", user=fact_checker, stance="refutes")
    services.verdict_submit(verdict=verdict, user=fact_checker)
    with pytest.raises(PermissionDenied):
        services.verdict_publish(verdict=verdict, editor=fact_checker)
    assert Verdict.objects.get(pk=verdict.pk).status == "in_review"
    published = services.verdict_publish(verdict=verdict, editor=editor)
    assert published.status == "published" and published.published_at is not None
    assert Claim.objects.get(pk=claim.pk).status == "published"


@pytest.mark.django_db
def test_publishing_an_incomplete_verdict_names_what_is_missing(claim, fact_checker, editor):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(claim=claim, headline="Draft", user=fact_checker)
    with pytest.raises(ValidationError) as excinfo:
        services.verdict_publish(verdict=verdict, editor=editor)
    message = str(excinfo.value)
    assert "a rating" in message and "a summary" in message and "evidence link" in message
    assert Verdict.objects.get(pk=verdict.pk).status == "draft"


@pytest.mark.django_db
def test_second_save_of_a_stale_verdict_is_refused(claim, fact_checker, editor):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(claim=claim, headline="Draft", user=fact_checker)
    services.verdict_update(verdict=verdict, expected_version=1, user=fact_checker, summary="First")
    with pytest.raises(services.ConcurrentEditError, match="changed by someone else"):
        services.verdict_update(verdict=verdict, expected_version=1, user=editor, summary="Second")
    assert Verdict.objects.get(pk=verdict.pk).summary == "First"


@pytest.mark.django_db
def test_retraction_and_correction_are_editor_only(claim, fact_checker, editor, publish_verdict):
    verdict = publish_verdict(claim)
    with pytest.raises(PermissionDenied):
        services.correction_add(verdict=verdict, note="Fixed a date.", editor=fact_checker)
    services.correction_add(verdict=verdict, note="Fixed a date.", editor=editor)
    retracted = services.verdict_retract(verdict=verdict, editor=editor, note="Source was wrong.")
    assert retracted.status == "retracted" and retracted.corrections.count() == 1
    assert Claim.objects.get(pk=claim.pk).status == "in_research"


@pytest.mark.django_db
def test_merge_moves_appearances_and_evidence_and_marks_duplicates(claim, source, fact_checker):
    other = services.claim_create(text="Unemployment fell to four percent in 2024.")
    Appearance.objects.create(claim=other, source=source, sentence=source.text, start=0, end=len(source.text))
    services.evidence_add(claim=other, url="https://stats.example/x", user=fact_checker)
    kept = services.claims_merge(keep=claim, others=[other], user=fact_checker)
    other.refresh_from_db()
    assert other.status == "duplicate" and other.duplicate_of == kept
    assert kept.appearances.count() == 1
    assert EvidenceLink.objects.get(url="https://stats.example/x").claim == kept
    with pytest.raises(TransitionError):
        services.claims_merge(keep=other, others=[kept], user=fact_checker)


@pytest.mark.django_db
def test_speaker_merge_moves_claims_and_keeps_names_as_aliases(speaker, claim, fact_checker):
    twin = services.speaker_create(name="D. Peskov")
    services.claim_create(text="Sanctions failed.", speaker=twin)
    services.speaker_merge(keep=speaker, others=[twin], user=fact_checker)
    assert speaker.claims.count() == 2
    assert set(speaker.aliases.values_list("normalized", flat=True)) >= {"dmitry peskov", "peskov", "d peskov"}
