"""Ingesting one article: candidates with scores, speakers and located appearances."""

from __future__ import annotations

import pytest

from claims.models import Appearance, Claim, Speaker
from sources.models import Source
from sources.services import article_ingest, candidate_threshold

pytestmark = pytest.mark.django_db


def claim_starting(start: str) -> Claim | None:
    return Claim.objects.filter(text__startswith=start).select_related("speaker").first()


def test_seed_candidates_are_the_factual_assertions(seed_text):
    result = article_ingest(text=seed_text, title="Kremlin hails Trump", publisher="The Hill")
    assert result.created
    texts = list(Claim.objects.values_list("text", flat=True))
    assert result.candidates_created == len(texts) > 0
    assert any("two votes at the United Nations" in t for t in texts)
    assert any("four percent approval rating" in t for t in texts)
    assert any("in 2022 ordered a full-scale invasion" in t for t in texts)
    assert not any(t == "ADVERTISEMENT" or "ADVERTISEMENT" in t for t in texts)
    assert claim_starting("When asked by a reporter on Sunday") is None
    for claim in Claim.objects.all():
        assert claim.origin == Claim.Origin.INGESTION
        assert claim.status == Claim.Status.CANDIDATE
        assert claim.score >= candidate_threshold()
        assert claim.score_reasons == list(claim.score_reasons)


def test_appearances_carry_the_sentence_and_its_offsets_into_the_stored_text(seed_text):
    result = article_ingest(text=seed_text)
    source = Source.objects.get(pk=result.source.pk)
    assert "ADVERTISEMENT" not in source.text
    appearances = list(Appearance.objects.filter(source=source))
    assert len(appearances) == result.candidates_created
    for appearance in appearances:
        assert source.text[appearance.start : appearance.end] == appearance.sentence
        assert appearance.sentence == appearance.claim.text


def test_every_quotation_gets_its_speaker_and_title_when_all_sentences_are_candidates(seed_text):
    article_ingest(text=seed_text, threshold=0.0)
    for start in ('"This was truly impossible', '"The new administration', '"But if the political will'):
        claim = claim_starting(start)
        assert claim.speaker.name == "Dmitry Peskov"
        assert claim.appearances.get().speaker_role == "Kremlin press secretary"
    for start in ('"We\'ve now agreed', '"I\'m not going to be diverted'):
        claim = claim_starting(start)
        assert claim.speaker.name == "Keir Starmer"
        appearance = claim.appearances.get()
        assert (appearance.speaker_mention, appearance.speaker_role) == ("he", "U.K. Prime Minister")
    assert claim_starting("Russia under Putin").speaker is None


def test_unknown_speakers_become_unreviewed_speakers_with_their_surname_as_alias(seed_text):
    article_ingest(text=seed_text, threshold=0.0)
    starmer = Speaker.objects.get(name="Keir Starmer")
    assert not starmer.reviewed
    assert starmer.role == "U.K. Prime Minister"
    assert set(starmer.aliases.values_list("name", flat=True)) == {"Keir Starmer", "Starmer"}


def test_known_speaker_is_matched_through_an_alias_not_duplicated(seed_text, speaker):
    article_ingest(text=seed_text, threshold=0.0)
    assert Speaker.objects.filter(name="Dmitry Peskov").count() == 1
    assert claim_starting('"This was truly impossible').speaker == speaker


def test_reingesting_the_same_text_changes_nothing_in_one_query(seed_text, django_assert_num_queries):
    first = article_ingest(text=seed_text)
    counts = (Source.objects.count(), Claim.objects.count(), Appearance.objects.count(), Speaker.objects.count())
    with django_assert_num_queries(1):
        again = article_ingest(text=seed_text)
    assert not again.created
    assert again.source.pk == first.source.pk
    assert (again.candidates_created, again.appearances_added) == (0, 0)
    assert counts == (Source.objects.count(), Claim.objects.count(), Appearance.objects.count(), Speaker.objects.count())


def test_the_same_article_in_another_source_adds_appearances_not_claims(seed_text):
    first = article_ingest(text=seed_text, url="https://thehill.example/kremlin")
    claims = Claim.objects.count()
    second = article_ingest(
        text=seed_text + "\nThis story was updated to add the Kremlin's reaction.",
        url="https://syndicated.example/kremlin",
        publisher="Syndicated",
    )
    assert second.created and second.candidates_created == 0
    assert second.appearances_added == first.candidates_created
    assert Claim.objects.count() == claims
    repeated = Claim.objects.get(text__contains="four percent approval rating")
    assert repeated.appearances.count() == 2


def test_nearly_the_same_wording_matches_the_existing_claim():
    article_ingest(text="Unemployment in Spain fell to 10.6 percent in the first quarter of 2025.", threshold=0.0)
    result = article_ingest(
        text="Unemployment in Spain fell to 10.6 percent in the first quarter of 2025, official data showed.",
        threshold=0.0,
    )
    assert (result.candidates_created, result.appearances_added) == (0, 1)
    assert Claim.objects.count() == 1


def test_a_different_text_from_an_already_ingested_url_is_refused():
    from django.core.exceptions import ValidationError

    article_ingest(text="Prices rose 3 percent in May.", url="https://news.example/prices", threshold=0.0)
    with pytest.raises(ValidationError, match="already ingested"):
        article_ingest(text="Prices rose 4 percent in June.", url="https://news.example/prices", threshold=0.0)


def test_text_that_is_only_boilerplate_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        article_ingest(text="ADVERTISEMENT\nShare this article\n")
    assert not Source.objects.exists()
