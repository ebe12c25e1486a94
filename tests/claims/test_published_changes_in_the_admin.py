"""An editor changing a published fact-check in the admin, over HTTP: the change needs a public
update note (or a correction), and once saved it reaches readers (the cached page), partners
syncing with `updated_since` and partners' webhooks (`factcheck.updated`). Merging a claim
into a published one does too."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from claims import services
from claims.models import Claim, Correction, EvidenceLink, Verdict
from partners.models import WebhookDelivery
from partners.services import webhook_endpoint_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(settings, partner, claim, publish_verdict, django_capture_on_commit_callbacks) -> Verdict:
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    webhook_endpoint_create(partner=partner, url="http://127.0.0.1:9/hooks")
    with django_capture_on_commit_callbacks(execute=True):
        return publish_verdict(claim)


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """POST an admin form; its after-commit work runs as it would in production."""

    def _post(client, url: str, data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return _post


def _claim_form(claim, **changes) -> dict:
    claim = Claim.objects.get(pk=claim.pk)  # the version as stored: the form carries it
    data = {
        "version": claim.version,
        "text": claim.text,
        "speaker": claim.speaker_id or "",
        "made_on": "",
        "language": claim.language,
        "internal_note": claim.internal_note,
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "evidence_links-TOTAL_FORMS": "0",
        "evidence_links-INITIAL_FORMS": "0",
        "verdicts-TOTAL_FORMS": "0",
        "verdicts-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def _with_evidence_rows(data: dict, claim, *, delete: EvidenceLink | None = None) -> dict:
    links = list(EvidenceLink.objects.filter(claim=claim).order_by("pk"))
    data = {**data, "evidence_links-TOTAL_FORMS": str(len(links)), "evidence_links-INITIAL_FORMS": str(len(links))}
    for i, link in enumerate(links):
        data.update({
            f"evidence_links-{i}-id": link.pk, f"evidence_links-{i}-claim": claim.pk, f"evidence_links-{i}-url": link.url,
            f"evidence_links-{i}-title": link.title, f"evidence_links-{i}-publisher": link.publisher,
            f"evidence_links-{i}-stance": link.stance, f"evidence_links-{i}-archived_url": link.archived_url,
            f"evidence_links-{i}-accessed_at": link.accessed_at.isoformat() if link.accessed_at else "",
            f"evidence_links-{i}-note": link.note,
        })
        if link == delete:
            data[f"evidence_links-{i}-DELETE"] = "on"
    return data


def _verdict_form(verdict: Verdict, **changes) -> dict:
    data = {
        "headline": verdict.headline,
        "rating": verdict.rating_id,
        "summary": verdict.summary,
        "body": verdict.body,
        "version": verdict.version,
        "evidence_links-TOTAL_FORMS": "0",
        "evidence_links-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def _synced(partner_client, since) -> list[int]:
    response = partner_client.get("/api/v1/fact-checks/", {"ordering": "updated_at", "updated_since": since.isoformat()})
    return [row["id"] for row in response.json()["results"]]


def _reader_page(verdict: Verdict) -> str:
    return Client().get(verdict.get_absolute_url(), secure=True).content.decode()


def test_editing_a_published_claim_reaches_readers_sync_and_webhooks(editor_client, published, partner_client, post):
    claim = published.claim
    assert "Unemployment fell to 4 percent" in _reader_page(published)  # now cached
    since = timezone.now()
    response = post(editor_client, reverse("admin:claims_claim_change", args=[claim.pk]), _claim_form(
        claim, text="Unemployment fell to 3.9 percent in 2024.", public_note="Quoted the claim as it was said.",
        note_kind="update",
    ))
    assert response.status_code == 302, response.content.decode()[:3000]
    page = _reader_page(published)
    assert "Unemployment fell to 3.9 percent in 2024." in page
    assert "Quoted the claim as it was said." in page
    assert _synced(partner_client, since) == [published.pk]
    delivery = WebhookDelivery.objects.get(verdict=published, event="factcheck.updated")
    assert delivery.payload["fact_check"]["claim"]["text"] == "Unemployment fell to 3.9 percent in 2024."
    assert delivery.payload["update"]["note"] == "Quoted the claim as it was said."


def test_a_published_claim_is_not_changed_silently(editor_client, published, post):
    claim = published.claim
    response = post(editor_client, reverse("admin:claims_claim_change", args=[claim.pk]),
                    _claim_form(claim, text="Unemployment fell to 3.9 percent in 2024."))
    assert response.status_code == 200
    assert "say what changed in a public update note" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).text == "Unemployment fell to 4 percent in 2024."
    assert not WebhookDelivery.objects.filter(event="factcheck.updated").exists()


def test_evidence_of_a_published_claim_is_not_removed_silently(editor_client, published, post):
    claim = published.claim
    link = EvidenceLink.objects.get(claim=claim)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    refused = post(editor_client, url, _with_evidence_rows(_claim_form(claim), claim, delete=link))
    assert refused.status_code == 200
    assert "say what changed in a public update note" in refused.content.decode()
    assert EvidenceLink.objects.filter(pk=link.pk).exists()

    done = post(editor_client, url, _with_evidence_rows(
        _claim_form(claim, public_note="Removed a link to a withdrawn table.", note_kind="update"), claim, delete=link,
    ))
    assert done.status_code == 302, done.content.decode()[:3000]
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()
    assert "Removed a link to a withdrawn table." in _reader_page(published)
    assert WebhookDelivery.objects.filter(verdict=published, event="factcheck.updated").count() == 1


def test_the_body_of_a_published_verdict_is_not_edited_silently(editor_client, published, post):
    url = reverse("admin:claims_verdict_change", args=[published.pk])
    response = post(editor_client, url, _verdict_form(published, body="A quietly different explanation."))
    assert response.status_code == 200
    assert "say what changed in a public update note" in response.content.decode()
    assert Verdict.objects.get(pk=published.pk).body == published.body


def test_an_update_note_is_shown_dated_in_the_page_the_api_and_claimreview(editor_client, published, partner_client, post):
    url = reverse("admin:claims_verdict_change", args=[published.pk])
    response = post(editor_client, url, _verdict_form(
        published, body="The statistics office reported 5.1 percent in March.",
        public_note="Added the month of the release.", note_kind="update",
    ))
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Verdict.objects.get(pk=published.pk)
    page = _reader_page(saved)
    assert "reported 5.1 percent in March." in page
    assert "Added the month of the release." in page
    assert 'Updated <time datetime="' in page  # beside the publication date
    detail = partner_client.get(f"/api/v1/fact-checks/{saved.pk}/").json()
    assert [u["note"] for u in detail["updates"]] == ["Added the month of the release."]
    assert detail["revision"] == 2
    review = partner_client.get(f"/api/v1/fact-checks/{saved.pk}/claimreview/").json()
    assert review["dateModified"] > review["datePublished"]


def test_a_change_can_be_published_as_a_correction(editor_client, published, post):
    url = reverse("admin:claims_verdict_change", args=[published.pk])
    response = post(editor_client, url, _verdict_form(
        published, summary="Official figures show 5.2 percent.",
        public_note="We gave the rate as 5.1 percent; it is 5.2.", note_kind="correction",
    ))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Correction.objects.get(verdict=published).note == "We gave the rate as 5.1 percent; it is 5.2."
    assert WebhookDelivery.objects.filter(verdict=published, event="factcheck.corrected").count() == 1
    assert "We gave the rate as 5.1 percent; it is 5.2." in Client().get("/corrections/", secure=True).content.decode()


def test_merging_a_claim_into_a_published_one_refreshes_the_page_and_tells_partners(
    editor_client, published, partner_client, post, source
):
    from claims.models import Appearance

    dupe = services.claim_create(text="The jobless rate hit 4 percent in 2024.")
    Appearance.objects.create(claim=dupe, source=source, sentence=source.text, said_on=timezone.localdate())
    assert "Minister on jobs" not in _reader_page(published)  # now cached
    since = timezone.now()
    response = post(editor_client, reverse("admin:claims_claim_changelist"), {
        "action": "merge_claims", "_selected_action": [published.claim_id, dupe.pk], "confirm": "1",
        "keep": published.claim_id,
    })
    assert response.status_code in (200, 302)
    assert Claim.objects.get(pk=dupe.pk).duplicate_of_id == published.claim_id
    assert "Minister on jobs" in _reader_page(published)
    assert _synced(partner_client, since) == [published.pk]
    assert WebhookDelivery.objects.filter(verdict=published, event="factcheck.updated").count() == 1


def test_a_fact_checker_cannot_publish_an_update_note(checker_client, published, fact_checker):
    from django.core.exceptions import PermissionDenied

    claim = published.claim
    with pytest.raises(PermissionDenied):
        services.claim_update(
            claim=claim, user=fact_checker, expected_version=claim.version,
            text="Unemployment fell to 3.9 percent in 2024.", note="Fixed the quote.",
        )
    assert Claim.objects.get(pk=claim.pk).text == "Unemployment fell to 4 percent in 2024."


def test_evidence_added_to_a_published_claim_on_its_own_page_needs_a_note(editor_client, published, post):
    url = reverse("admin:claims_evidencelink_add")
    data = {"claim": published.claim_id, "verdict": "", "url": "https://stats.example/census", "title": "Census",
            "publisher": "", "stance": "context", "archived_url": "", "accessed_at": "", "note": ""}
    refused = post(editor_client, url, data)
    assert refused.status_code == 200
    assert "say what changed in a public update note" in refused.content.decode()
    done = post(editor_client, url, {**data, "public_note": "Added the census tables.", "note_kind": "update"})
    assert done.status_code == 302, done.content.decode()[:3000]
    assert "Added the census tables." in _reader_page(published)


def test_the_outbox_is_listed_for_staff(published, superuser, staff_client):
    staff_client.force_login(superuser)
    page = staff_client.get(reverse("admin:claims_publicationevent_changelist") + "?pending=no")
    assert page.status_code == 200
    assert "Unemployment did not fall to 4 percent" in page.content.decode()
