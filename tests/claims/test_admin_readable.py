"""Issue 18: what got in a new fact-checker's way in the admin, each pinned by a test."""

from __future__ import annotations

import re
import warnings

import pytest
from django.urls import reverse
from django.utils.html import escape

from claims import services
from claims.models import Appearance, Claim, Rating, Verdict

QUEUE = reverse("admin:claims_reviewqueueclaim_changelist")
LONG = (
    "Trump has, in recent weeks, has spouted a series of Kremlin-aligned lies about Zelensky, "
    "falsely claiming the Ukrainian leader had a four percent approval rating."
)


@pytest.mark.django_db
def test_queue_shows_the_whole_claim_text(checker_client):
    services.claim_create(text=LONG, score=0.9)
    services.claim_create(text=LONG.replace("four", "forty"), score=0.8)
    page = checker_client.get(QUEUE).content.decode()
    # Two claims differing only near the end stay distinguishable.
    assert escape(LONG) in page and escape(LONG.replace("four", "forty")) in page


@pytest.mark.django_db
def test_queue_score_is_rounded(checker_client):
    services.claim_create(text="Exports fell by half.", score=0.9816906184543405)
    page = checker_client.get(QUEUE).content.decode()
    assert "0.98" in page and "0.9816906184543405" not in page


@pytest.mark.django_db
def test_queue_footer_counts_claims(checker_client):
    for n in range(3):
        services.claim_create(text=f"Claim number {n} is checkable.")
    page = checker_client.get(QUEUE).content.decode()
    assert "3 claims in the review queue" in page
    assert not re.search(r"\b3 review queue\b", page)


@pytest.mark.django_db
def test_claim_page_score_is_rounded_and_dates_are_one_format(checker_client, claim, source):
    Claim.objects.filter(pk=claim.pk).update(score=0.9816906184543405)
    Appearance.objects.create(claim=claim, source=source, sentence=source.text, start=0, end=len(source.text))
    page = checker_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert "0.9816906184543405" not in page and "0.98" in page
    # Dates read as 2026-12-01 (13:05), never "Dec. 1, 2026, 1:05 p.m.".
    assert not re.search(r"\b[A-Z][a-z]{2}\. \d{1,2}, \d{4}", page)
    assert re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", page)


@pytest.mark.django_db
def test_inline_rows_are_labelled_meaningfully(checker_client, claim, source):
    appearance = Appearance.objects.create(
        claim=claim, source=source, sentence=source.text, start=0, end=len(source.text)
    )
    assert str(appearance) == f"Claim #{claim.pk} in source #{source.pk}"
    page = checker_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()
    assert f">{claim.pk} in {source.pk}<" not in page and f"{claim.pk} in {source.pk}\n" not in page


@pytest.mark.django_db
def test_candidate_is_edited_into_its_checkable_form_with_the_sentence_one_click_away(checker_client, claim, source, fact_checker):
    Appearance.objects.create(claim=claim, source=source, sentence=source.text, start=0, end=len(source.text))
    Claim.objects.filter(pk=claim.pk).update(text=source.text)
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    page = checker_client.get(url).content.decode()
    assert "checkable form" in page  # the help text says what the field is for
    form = {
        "text": "Unemployment in 2024 was 4 percent.", "speaker": claim.speaker_id, "made_on": "",
        "language": "en", "internal_note": "", "version": Claim.objects.get(pk=claim.pk).version,
        "appearances-TOTAL_FORMS": "1", "appearances-INITIAL_FORMS": "1",
        "appearances-0-id": Appearance.objects.get(claim=claim).pk, "appearances-0-claim": claim.pk,
        "evidence_links-TOTAL_FORMS": "0", "evidence_links-INITIAL_FORMS": "0",
        "verdicts-TOTAL_FORMS": "0", "verdicts-INITIAL_FORMS": "0",
        "_continue": "1",
    }
    response = checker_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Claim.objects.get(pk=claim.pk).text == "Unemployment in 2024 was 4 percent."
    assert Appearance.objects.get(claim=claim).sentence == source.text  # the appearance stays
    page = checker_client.get(url).content.decode()
    assert escape(source.text) in page.split('class="original-sentence"', 1)[1][:400]
    assert 'value="use_sentence"' in page
    checker_client.post(reverse("admin:claims_claim_workflow", args=[claim.pk]), {"action": "use_sentence"})
    assert Claim.objects.get(pk=claim.pk).text == source.text
    assert Claim.history.filter(id=claim.pk, text="Unemployment in 2024 was 4 percent.").exists()


@pytest.mark.django_db
def test_dashboard_published_this_week_link_is_timezone_aware(checker_client):
    index = checker_client.get(reverse("admin:index")).content.decode()
    link = re.search(r'<a href="([^"]+)">published this week', index).group(1).replace("&amp;", "&")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        assert checker_client.get(link).status_code == 200


@pytest.mark.django_db
def test_admin_pages_name_the_site_icon(checker_client):
    page = checker_client.get(QUEUE).content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', page)


@pytest.mark.django_db
def test_api_docs_carry_no_inline_style(client, fact_checker):
    client.force_login(fact_checker)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<style" not in html and "<script>" not in html
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_verdict_text_saved_from_a_browser_reaches_the_api_with_plain_newlines(checker_client, claim, fact_checker):
    services.claim_apply(claim=claim, action="accept", user=fact_checker)
    verdict = services.verdict_create(
        claim=claim, headline="Not 4 percent", user=fact_checker, summary="One.\r\nTwo.", body="A\r\n\r\nB\rC"
    )
    assert (verdict.summary, verdict.body) == ("One.\nTwo.", "A\n\nB\nC")
    url = reverse("admin:claims_verdict_change", args=[verdict.pk])
    form = {
        "headline": "Not 4 percent", "rating": Rating.objects.first().pk, "summary": "Line one\r\nline two",
        "body": "Para one\r\n\r\nPara two", "version": verdict.version,
        "evidence_links-TOTAL_FORMS": "0", "evidence_links-INITIAL_FORMS": "0",
    }
    response = checker_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    saved = Verdict.objects.get(pk=verdict.pk)
    assert (saved.summary, saved.body) == ("Line one\nline two", "Para one\n\nPara two")
