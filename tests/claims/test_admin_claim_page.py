"""The claim page: the sentence in its paragraph, the inlines, the speaker widget, and edits
that land in the audit history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services
from claims.admin.context import sentence_in_paragraph
from claims.models import Claim, EvidenceLink

ARTICLE = (
    "The Kremlin celebrated the overhaul of U.S. foreign policy.\n"
    "Kremlin press secretary Dmitry Peskov spoke on Sunday. “This largely coincides with our "
    "vision,” Peskov added. He said there is a long way to go.\n"
    "ADVERTISEMENT\n"
)


def _change(claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_sentence_is_split_out_of_its_paragraph_only():
    sentence = "“This largely coincides with our vision,” Peskov added."
    start = ARTICLE.index(sentence)
    ctx = sentence_in_paragraph(ARTICLE, sentence, start, start + len(sentence))
    assert ctx.before == "Kremlin press secretary Dmitry Peskov spoke on Sunday. "
    assert ctx.sentence == sentence
    assert ctx.after == " He said there is a long way to go."


def test_stale_offsets_fall_back_to_finding_the_sentence():
    ctx = sentence_in_paragraph(ARTICLE, "He said there is a long way to go.", 0, 5)
    assert ctx.located and ctx.after == "" and ctx.before.endswith("Peskov added. ")
    missing = sentence_in_paragraph(ARTICLE, "Never said.", None, None)
    assert not missing.located and missing.sentence == "Never said." and missing.before == ""


def test_long_paragraphs_are_trimmed_around_the_sentence():
    text = "a" * 2000 + " Target sentence. " + "b" * 2000
    ctx = sentence_in_paragraph(text, "Target sentence.", None, None, context=100)
    assert ctx.before.startswith("…") and len(ctx.before) <= 102
    assert ctx.after.endswith("…") and len(ctx.after) <= 102


@pytest.mark.django_db
def test_claim_page_highlights_the_sentence_in_its_paragraph_with_a_source_link(
    checker_client, speaker, make_source, appear
):
    source = make_source(ARTICLE, title="Kremlin praises", publisher="The Hill", url="https://thehill.example/k")
    sentence = "“This largely coincides with our vision,” Peskov added."
    claim = services.claim_create(text=sentence, speaker=speaker, score=0.7)
    appear(claim, source, sentence)

    page = checker_client.get(_change(claim)).content.decode()

    assert (
        "Kremlin press secretary Dmitry Peskov spoke on Sunday. <mark>“This largely coincides with "
        "our vision,” Peskov added.</mark> He said there is a long way to go."
    ) in page
    assert "The Kremlin celebrated" not in page.split("<mark>")[0].rsplit("<blockquote>", 1)[-1]
    assert 'href="https://thehill.example/k"' in page


@pytest.mark.django_db
def test_article_text_is_escaped_on_the_claim_page(checker_client, make_source, appear):
    hostile = "<script>alert(1)</script> said the <b>minister</b>."
    source = make_source(f"Intro line.\n{hostile}\n", title="<img src=x onerror=alert(2)>")
    claim = services.claim_create(text=hostile)
    appear(claim, source, hostile)

    page = checker_client.get(_change(claim)).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x onerror=alert(2)>" not in page


@pytest.mark.django_db
def test_claim_page_has_appearance_evidence_and_verdict_inlines(checker_client, claim, source, appear, fact_checker):
    appear(claim, source, source.text)
    services.evidence_add(claim=claim, url="https://stats.example/jobs", user=fact_checker, stance="refutes")
    services.claims_apply(claims=[claim], action="accept", user=fact_checker)  # drafting needs an accepted claim
    services.verdict_create(claim=claim, headline="Jobless rate was 5.1 percent", user=fact_checker)

    page = checker_client.get(_change(claim)).content.decode()

    assert 'id="appearances-group"' in page and "Minister on jobs" in page
    assert 'id="evidence_links-group"' in page and "https://stats.example/jobs" in page
    assert 'value="refutes" selected' in page
    assert 'id="verdicts-group"' in page and "Jobless rate was 5.1 percent" in page


@pytest.mark.django_db
def test_speaker_is_chosen_with_autocomplete_and_can_be_added_in_place(checker_client, claim):
    page = checker_client.get(_change(claim)).content.decode()
    assert 'class="admin-autocomplete' in page and 'name="speaker"' in page
    assert reverse("admin:claims_speaker_add") + "?_to_field=id&amp;_popup=1" in page


@pytest.mark.django_db
def test_speaker_autocomplete_matches_aliases(checker_client, speaker):
    response = checker_client.get(
        reverse("admin:autocomplete"),
        {"term": "kremlin press", "app_label": "claims", "model_name": "claim", "field_name": "speaker"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == []  # the alias is not known yet …
    services.speaker_add_alias(speaker=speaker, name="Kremlin press secretary Dmitry Peskov")
    response = checker_client.get(
        reverse("admin:autocomplete"),
        {"term": "kremlin press", "app_label": "claims", "model_name": "claim", "field_name": "speaker"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Dmitry Peskov"]


def _claim_form(claim, **changes) -> dict:
    data = {
        "text": claim.text,
        "speaker": claim.speaker_id or "",
        "made_on": "",
        "language": claim.language,
        "internal_note": claim.internal_note,
        "version": claim.version,
        "appearances-TOTAL_FORMS": "0",
        "appearances-INITIAL_FORMS": "0",
        "evidence_links-TOTAL_FORMS": "0",
        "evidence_links-INITIAL_FORMS": "0",
        "verdicts-TOTAL_FORMS": "0",
        "verdicts-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_evidence_added_on_the_claim_page_goes_through_the_service(checker_client, claim, fact_checker):
    data = _claim_form(
        claim,
        **{
            "evidence_links-TOTAL_FORMS": "1",
            "evidence_links-0-url": "https://stats.example/q1",
            "evidence_links-0-title": "Quarterly labour report",
            "evidence_links-0-stance": "refutes",
        },
    )
    response = checker_client.post(_change(claim), data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    link = EvidenceLink.objects.get()
    assert (link.claim_id, link.stance, link.added_by) == (claim.pk, "refutes", fact_checker)
    assert link.accessed_at is not None


@pytest.mark.django_db
def test_the_same_evidence_url_twice_is_a_form_error(checker_client, claim, fact_checker):
    services.evidence_add(claim=claim, url="https://stats.example/q1", user=fact_checker)
    data = _claim_form(
        claim, **{"evidence_links-TOTAL_FORMS": "1", "evidence_links-0-url": "https://stats.example/q1",
                  "evidence_links-0-stance": "context"}
    )
    response = checker_client.post(_change(claim), data)
    assert response.status_code == 200
    assert EvidenceLink.objects.count() == 1


@pytest.mark.django_db
def test_status_cannot_be_changed_by_editing_the_form(checker_client, claim):
    checker_client.post(_change(claim), _claim_form(claim, status="published", text="Edited text."))
    edited = Claim.objects.get(pk=claim.pk)
    assert edited.text == "Edited text." and edited.status == "candidate"


@pytest.mark.django_db
def test_staff_add_a_claim_by_hand(checker_client, speaker):
    response = checker_client.post(
        reverse("admin:claims_claim_add"),
        {"text": "  The bridge cost 2 billion.  ", "speaker": speaker.pk, "language": "en", "internal_note": "tip by phone"},
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.text, claim.origin, claim.status, claim.internal_note) == (
        "The bridge cost 2 billion.", "manual", "candidate", "tip by phone"
    )


@pytest.mark.django_db
def test_history_shows_who_changed_what(checker_client, claim, fact_checker):
    checker_client.post(_change(claim), _claim_form(claim, text="Unemployment fell to 4.1 percent in 2024."))
    checker_client.post(reverse("admin:claims_claim_workflow", args=[claim.pk]), {"action": "accept"})

    page = checker_client.get(reverse("admin:claims_claim_history", args=[claim.pk])).content.decode()

    assert "fiona" in page
    assert "Unemployment fell to 4.1 percent in 2024." in page
    assert "candidate" in page and "accepted" in page  # the status diff
    assert Claim.history.filter(id=claim.pk, history_user=fact_checker).count() == 2


@pytest.mark.django_db
def test_old_versions_cannot_be_restored_around_the_workflow(checker_client, claim, fact_checker):
    services.claim_apply(claim=claim, action="reject", user=fact_checker, reason="Not checkable.")
    first = Claim.history.filter(id=claim.pk).earliest("history_date")
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, first.history_id])
    assert checker_client.get(url).status_code == 200
    assert checker_client.post(url, _claim_form(claim)).status_code == 403
    assert Claim.objects.get(pk=claim.pk).status == "rejected"


@pytest.mark.django_db
def test_a_javascript_source_url_never_becomes_a_link(checker_client, make_source, appear):
    source = make_source("He said it twice.", url="javascript:alert(document.cookie)", title="Trap")
    claim = services.claim_create(text="He said it twice.")
    appear(claim, source, "He said it twice.")
    page = checker_client.get(_change(claim)).content.decode()
    assert 'href="javascript:' not in page
    assert "Trap" in page
