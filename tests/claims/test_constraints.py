"""Each rule of the data model is enforced by the database itself, whatever writes the row."""

from __future__ import annotations

import hashlib

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Appearance, Claim, EvidenceLink, Rating, Speaker, Verdict
from sources.models import Source


def _rejected(make_row) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make_row()


def _source(text: str = "Some text.", url: str = "") -> Source:
    return Source.objects.create(
        url=url, text=text, fingerprint=hashlib.sha256(text.encode()).hexdigest()
    )


@pytest.mark.django_db
def test_claim_status_must_be_a_known_value(claim):
    _rejected(lambda: Claim.objects.filter(pk=claim.pk).update(status="approved-ish"))


@pytest.mark.django_db
def test_claim_score_must_be_between_0_and_1():
    _rejected(lambda: Claim.objects.create(text="x", score=1.5))
    _rejected(lambda: Claim.objects.create(text="x", score=-0.1))


@pytest.mark.django_db
def test_duplicate_claim_must_point_at_another_claim(claim):
    other = Claim.objects.create(text="Another claim")
    _rejected(lambda: Claim.objects.filter(pk=other.pk).update(status="duplicate"))
    _rejected(lambda: Claim.objects.filter(pk=other.pk).update(duplicate_of=claim))
    _rejected(lambda: Claim.objects.filter(pk=other.pk).update(status="duplicate", duplicate_of=other))
    Claim.objects.filter(pk=other.pk).update(status="duplicate", duplicate_of=claim)
    assert Claim.objects.get(pk=other.pk).duplicate_of == claim


@pytest.mark.django_db
def test_speaker_slug_is_unique(speaker):
    _rejected(lambda: Speaker.objects.create(name="Someone else", slug=speaker.slug))


@pytest.mark.django_db
def test_speaker_wikidata_id_must_look_like_a_q_number():
    _rejected(lambda: Speaker.objects.create(name="A", slug="a", wikidata_id="wikidata:42"))
    assert Speaker.objects.create(name="B", slug="b", wikidata_id="Q42").wikidata_id == "Q42"


@pytest.mark.django_db
def test_source_fingerprint_and_url_are_unique():
    _source("First text.", url="https://example.org/a")
    _rejected(lambda: _source("First text."))
    _rejected(lambda: _source("Other text.", url="https://example.org/a"))
    # Sources without a URL (pasted text) do not collide with each other.
    _source("Pasted one.")
    _source("Pasted two.")
    assert Source.objects.filter(url="").count() == 2


@pytest.mark.django_db
def test_source_fingerprint_must_be_a_sha256():
    _rejected(lambda: Source.objects.create(text="x", fingerprint="not-a-hash"))


@pytest.mark.django_db
def test_appearance_offsets_must_describe_the_sentence(claim):
    src = _source("Alpha said this. Beta said that.")
    _rejected(lambda: Appearance.objects.create(claim=claim, source=src, sentence="Alpha said this.", start=5, end=3))
    _rejected(lambda: Appearance.objects.create(claim=claim, source=src, sentence="Alpha said this.", start=0, end=40))
    _rejected(lambda: Appearance.objects.create(claim=claim, source=src, sentence="Alpha said this.", start=0))
    ok = Appearance.objects.create(claim=claim, source=src, sentence="Alpha said this.", start=0, end=16)
    assert src.text[ok.start : ok.end] == ok.sentence


@pytest.mark.django_db
def test_one_sentence_of_a_source_belongs_to_one_claim(claim):
    src = _source("Alpha said this.")
    other = Claim.objects.create(text="Alpha said this")
    Appearance.objects.create(claim=claim, source=src, sentence="Alpha said this.", start=0, end=16)
    _rejected(lambda: Appearance.objects.create(claim=other, source=src, sentence="Alpha said this.", start=0, end=16))


@pytest.mark.django_db
def test_rating_colour_must_be_hex_and_slug_unique():
    _rejected(lambda: Rating.objects.create(label="Odd", slug="odd", colour="red", description="d"))
    _rejected(lambda: Rating.objects.create(label="Other", slug="false", colour="#000000", description="d"))


def _verdict(claim, **fields) -> Verdict:
    defaults = {"headline": "A headline", "slug": f"v-{Verdict.objects.count()}"}
    return Verdict.objects.create(claim=claim, **{**defaults, **fields})


@pytest.mark.django_db
def test_at_most_one_published_verdict_per_claim(claim):
    rating = Rating.objects.get(slug="false")
    now = timezone.now()
    _verdict(claim, status="published", rating=rating, published_at=now)
    _verdict(claim, status="draft")  # drafts alongside are fine
    _rejected(lambda: _verdict(claim, status="published", rating=rating, published_at=now))


@pytest.mark.django_db
def test_published_verdict_needs_a_date_and_rating(claim):
    _rejected(lambda: _verdict(claim, status="published", published_at=timezone.now()))
    _rejected(lambda: _verdict(claim, status="published", rating=Rating.objects.first()))


@pytest.mark.django_db
def test_verdict_status_and_slug_rules(claim):
    _rejected(lambda: _verdict(claim, status="maybe"))
    _verdict(claim, slug="same")
    _rejected(lambda: _verdict(claim, slug="same"))
    _rejected(lambda: _verdict(claim, status="retracted", rating=Rating.objects.first(), published_at=timezone.now()))


@pytest.mark.django_db
def test_evidence_stance_is_known_and_url_once_per_claim(claim):
    EvidenceLink.objects.create(claim=claim, url="https://a.example", stance="refutes")
    _rejected(lambda: EvidenceLink.objects.create(claim=claim, url="https://b.example", stance="meh"))
    _rejected(lambda: EvidenceLink.objects.create(claim=claim, url="https://a.example", stance="supports"))
