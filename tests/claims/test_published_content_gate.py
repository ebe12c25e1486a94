"""One gate to published content: a fact-checker cannot change what readers and partners see of
a published fact-check (claim text, evidence, speaker), through the admin or the services; they
propose a revision, which an editor approves (applied through the editor's path) or rejects."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from claims import services
from claims.models import Claim, EvidenceLink

pytestmark = pytest.mark.django_db

ORIGINAL = "Unemployment fell to 4 percent in 2024."
REWRITTEN = "Unemployment fell to 9 percent in 2024."


def _claim_form(client, claim: Claim, **changes) -> dict:
    """What the claim change form posts back, as a browser would send it."""
    page = client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    links = list(EvidenceLink.objects.filter(claim=claim).order_by("created_at"))
    version = re.search(r'name="version" value="(\d+)"', page)
    data = {
        "text": claim.text, "speaker": claim.speaker_id or "", "made_on": "", "language": claim.language,
        "internal_note": claim.internal_note, "version": version.group(1) if version else "",
        "appearances-TOTAL_FORMS": "0", "appearances-INITIAL_FORMS": "0",
        "evidence_links-TOTAL_FORMS": str(len(links)), "evidence_links-INITIAL_FORMS": str(len(links)),
        "verdicts-TOTAL_FORMS": "0", "verdicts-INITIAL_FORMS": "0",
    }
    for i, link in enumerate(links):
        data.update({
            f"evidence_links-{i}-id": link.pk, f"evidence_links-{i}-claim": claim.pk,
            f"evidence_links-{i}-url": link.url, f"evidence_links-{i}-title": link.title,
            f"evidence_links-{i}-stance": link.stance,
        })
    data.update(changes)
    return data


def _public(client, partner_client, verdict) -> str:
    return (
        client.get(verdict.get_absolute_url(), secure=True).content.decode()
        + partner_client.get(f"/api/v1/fact-checks/{verdict.pk}/").content.decode()
        + partner_client.get(f"/api/v1/fact-checks/{verdict.pk}/claimreview/").content.decode()
    )


def test_fact_checker_cannot_rewrite_a_published_claim_or_delete_its_evidence_in_the_admin(
    checker_client, claim, publish_verdict, client, partner_client
):
    verdict = publish_verdict(claim)
    link = EvidenceLink.objects.get(claim=claim)
    url = reverse("admin:claims_claim_change", args=[claim.pk])

    page = checker_client.get(url).content.decode()
    assert 'name="text"' not in page  # shown, not editable
    assert "evidence_links-0-DELETE" not in page
    assert "Propose a revision" in page

    response = checker_client.post(url, _claim_form(checker_client, claim, **{
        "text": REWRITTEN, "evidence_links-0-DELETE": "on", "evidence_links-0-title": "Retitled",
    }))
    assert response.status_code in (200, 302)
    claim.refresh_from_db()
    assert claim.text == ORIGINAL
    assert EvidenceLink.objects.get(pk=link.pk).title == "Labour statistics"
    public = _public(client, partner_client, verdict)
    assert ORIGINAL in public and REWRITTEN not in public and link.url in public


def test_fact_checker_cannot_change_published_evidence_from_the_verdict_page(checker_client, claim, publish_verdict):
    verdict = publish_verdict(claim)
    link = EvidenceLink.objects.get(claim=claim)
    # A published verdict's page is read-only to fact-checkers, its evidence inline included.
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    page = checker_client.get(url).content.decode()
    assert "evidence_links-0-DELETE" not in page
    checker_client.post(url, {
        "headline": verdict.headline, "version": verdict.version, "evidence_links-TOTAL_FORMS": "1",
        "evidence_links-INITIAL_FORMS": "1", "evidence_links-0-id": link.pk,
        "evidence_links-0-verdict": verdict.pk, "evidence_links-0-url": link.url, "evidence_links-0-DELETE": "on",
    })
    assert EvidenceLink.objects.filter(pk=link.pk).exists()


def test_services_refuse_fact_checkers_and_let_editors_change_published_content(claim, publish_verdict, fact_checker, editor):
    publish_verdict(claim)
    claim.refresh_from_db()
    link = EvidenceLink.objects.get(claim=claim)
    with pytest.raises(PermissionDenied, match="Propose a revision"):
        services.claim_update(claim=claim, user=fact_checker, expected_version=claim.version, text=REWRITTEN)
    with pytest.raises(PermissionDenied):
        services.evidence_delete(link=link, user=fact_checker)
    with pytest.raises(PermissionDenied):
        services.evidence_update(link=link, user=fact_checker, title="Retitled")
    with pytest.raises(PermissionDenied):
        services.evidence_add(claim=claim, url="https://more.example/", user=fact_checker)
    with pytest.raises(PermissionDenied):
        services.speaker_update(speaker=claim.speaker._meta.model(pk=claim.speaker_id, name="Someone Else",
                                                                  slug=claim.speaker.slug), user=fact_checker)
    claim.refresh_from_db()
    assert claim.text == ORIGINAL and EvidenceLink.objects.filter(pk=link.pk).exists()

    # The staff-only note is not published material.
    noted = services.claim_update(claim=claim, user=fact_checker, expected_version=claim.version, internal_note="ok")
    assert noted.internal_note == "ok"
    edited = services.claim_update(
        claim=claim, user=editor, expected_version=noted.version, text=REWRITTEN, note="Quoted the claim as said."
    )
    assert edited.text == REWRITTEN


def test_a_proposed_revision_goes_live_only_when_an_editor_approves_it(
    checker_client, editor, claim, publish_verdict, client, partner_client, django_user_model
):
    from claims.models import RevisionProposal

    verdict = publish_verdict(claim)
    old_link = EvidenceLink.objects.get(claim=claim)
    propose = reverse("admin:claims_claim_propose", args=[claim.pk])
    response = checker_client.post(propose, {
        "text": REWRITTEN, "add_url": "https://stats.example/revised", "add_title": "Revised series",
        "add_stance": "refutes", "remove_link": old_link.pk, "note": "The office revised the series.",
    })
    assert response.status_code == 302
    proposal = RevisionProposal.objects.get()
    assert proposal.status == "pending" and proposal.proposed_by.username == "fiona"
    assert REWRITTEN not in _public(client, partner_client, verdict)

    # A fact-checker cannot approve (the action is not even offered), an editor can.
    changelist = reverse("admin:claims_revisionproposal_changelist")
    checker_client.post(changelist, {"action": "approve", "_selected_action": [proposal.pk]})
    assert RevisionProposal.objects.get().status == "pending"
    checker_client.force_login(editor)
    checker_client.post(changelist, {"action": "approve", "_selected_action": [proposal.pk]})

    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.decided_by == editor
    public = _public(client, partner_client, verdict)
    assert REWRITTEN in public and "https://stats.example/revised" in public and old_link.url not in public


def test_an_editor_decides_a_proposal_on_its_own_page(editor_client, claim, publish_verdict, fact_checker):
    publish_verdict(claim)
    proposal = services.revision_propose(claim=claim, user=fact_checker, text=REWRITTEN, note="Newer figure.")
    page = editor_client.get(reverse("admin:claims_revisionproposal_change", args=[proposal.pk])).content.decode()
    assert "Approve and apply" in page and REWRITTEN in page and ORIGINAL in page
    decide = reverse("admin:claims_revisionproposal_decide", args=[proposal.pk])
    response = editor_client.post(decide, {"action": "approve", "note": "Thanks."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.decision_note) == ("approved", "Thanks.")
    assert Claim.objects.get(pk=claim.pk).text == REWRITTEN


def test_a_fact_checker_cannot_decide_a_proposal(checker_client, claim, publish_verdict, fact_checker):
    publish_verdict(claim)
    proposal = services.revision_propose(claim=claim, user=fact_checker, text=REWRITTEN, note="Newer figure.")
    page = checker_client.get(reverse("admin:claims_revisionproposal_change", args=[proposal.pk])).content.decode()
    assert "Approve and apply" not in page
    decide = reverse("admin:claims_revisionproposal_decide", args=[proposal.pk])
    assert checker_client.post(decide, {"action": "approve"}).status_code == 403
    assert Claim.objects.get(pk=claim.pk).text == ORIGINAL


def test_a_rejected_revision_changes_nothing(claim, publish_verdict, fact_checker, editor):
    publish_verdict(claim)
    proposal = services.revision_propose(claim=claim, user=fact_checker, text=REWRITTEN, note="Typo?")
    services.revision_reject(proposal=proposal, editor=editor, note="The figure is right.")
    claim.refresh_from_db()
    assert claim.text == ORIGINAL
    with pytest.raises(services.TransitionError, match="already rejected"):
        services.revision_approve(proposal=proposal, editor=editor)


def test_unpublished_claims_are_edited_directly_not_proposed(claim, fact_checker):
    with pytest.raises(services.TransitionError, match="not published"):
        services.revision_propose(claim=claim, user=fact_checker, text=REWRITTEN, note="x")
    edited = services.claim_update(claim=claim, user=fact_checker, expected_version=claim.version, text=REWRITTEN)
    assert edited.text == REWRITTEN


def test_a_source_named_on_a_published_fact_check_is_retitled_only_by_editors(
    claim, source, publish_verdict, fact_checker, editor
):
    from claims.models import Appearance, PublicationEvent
    from sources.models import Source
    from sources.services import source_update

    Appearance.objects.create(claim=claim, source=source, sentence=source.text, start=0, end=len(source.text))
    publish_verdict(claim)
    source.title = "Minister lied about jobs"
    with pytest.raises(PermissionDenied, match="Propose a revision"):
        source_update(source=source, user=fact_checker)
    assert Source.objects.get(pk=source.pk).title == "Minister on jobs"
    before = PublicationEvent.objects.count()
    source_update(source=Source.objects.get(pk=source.pk), user=fact_checker)  # unchanged: allowed
    source.title = "Minister on jobs, March briefing"
    source_update(source=source, user=editor)
    assert Source.objects.get(pk=source.pk).title == "Minister on jobs, March briefing"
    assert PublicationEvent.objects.count() == before + 1


def test_a_source_kind_changes_only_by_approval(source, fact_checker):
    from sources.models import Source
    from sources.services import source_update

    tip = Source.objects.create(url="https://social.example/p/1", kind=Source.Kind.TIP, text="x", fingerprint="ab" * 32)
    tip.kind = Source.Kind.ARTICLE
    source_update(source=tip, user=fact_checker)
    assert Source.objects.get(pk=tip.pk).kind == Source.Kind.TIP
