"""Audit history from each object's page: who, when and which fields changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.models import EvidenceLink, Verdict


@pytest.mark.django_db
def test_verdict_history_shows_the_editor_and_the_changed_summary(editor_client, claim, fact_checker):
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    verdict = services.verdict_create(claim=claim, headline="Draft headline", user=fact_checker)
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    data = {"headline": "Draft headline", "rating": "", "summary": "Figures say 5.1 percent.", "body": "",
            "version": 1, "evidence_links-TOTAL_FORMS": "0", "evidence_links-INITIAL_FORMS": "0"}
    assert editor_client.post(url, data).status_code == 302

    page = editor_client.get(reverse("admin:claims_verdict_history", args=[verdict.pk])).content.decode()

    assert "edgar" in page and "fiona" in page
    assert "<strong>Summary:</strong>" in page and "Figures say 5.1 percent." in page
    assert Verdict.history.filter(id=verdict.pk).first().history_user.username == "edgar"


@pytest.mark.django_db
def test_evidence_link_added_in_its_own_admin_is_audited(checker_client, claim, fact_checker):
    response = checker_client.post(
        reverse("admin:claims_evidencelink_add"),
        {"claim": claim.pk, "url": "https://stats.example/report", "title": "Labour report",
         "publisher": "Stats office", "stance": "refutes", "archived_url": "", "accessed_at": "", "note": ""},
    )
    assert response.status_code == 302
    link = EvidenceLink.objects.get()
    assert link.added_by == fact_checker and link.accessed_at is not None

    checker_client.post(
        reverse("admin:claims_evidencelink_change", args=[link.pk]),
        {"url": link.url, "title": "Labour force survey", "publisher": "Stats office", "stance": "context",
         "archived_url": "", "accessed_at": link.accessed_at.isoformat(), "note": "", "verdict": ""},
    )
    page = checker_client.get(reverse("admin:claims_evidencelink_history", args=[link.pk])).content.decode()
    assert "fiona" in page and "Labour force survey" in page and "<strong>Stance:</strong>" in page


@pytest.mark.django_db
def test_speaker_history_records_a_merge(checker_client, speaker):
    services.speaker_create(name="D. Peskov")
    url = reverse("admin:claims_speaker_change", args=[speaker.pk])
    aliases = list(speaker.aliases.order_by("pk"))
    data = {"name": speaker.name, "kind": "person", "role": "Spokesman", "affiliation": "", "country": "", "wikidata_id": "Q1",
            "aliases-TOTAL_FORMS": str(len(aliases)), "aliases-INITIAL_FORMS": str(len(aliases))}
    for i, alias in enumerate(aliases):
        data.update({f"aliases-{i}-id": alias.pk, f"aliases-{i}-speaker": speaker.pk, f"aliases-{i}-name": alias.name})
    assert checker_client.post(url, data).status_code == 302
    page = checker_client.get(reverse("admin:claims_speaker_history", args=[speaker.pk])).content.decode()
    assert "fiona" in page and "<strong>Role:</strong>" in page and "Spokesman" in page
