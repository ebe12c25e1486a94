"""Tips from readers and partners: one intake, a candidate claim or the claim it matches."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from claims.models import Appearance, Claim
from sources.models import Source
from sources.services import tip_submit

pytestmark = pytest.mark.django_db


def test_a_new_tip_becomes_a_candidate_claim_with_its_page_as_source():
    result = tip_submit(
        text="  The mayor said   crime fell 40 percent last year. ",
        url="https://social.example/post/1",
        submitted_by="reader@example.org",
    )
    assert not result.matched
    claim = Claim.objects.get()
    assert result.claim == claim
    assert (claim.text, claim.origin, claim.status) == (
        "The mayor said crime fell 40 percent last year.",
        Claim.Origin.TIP,
        Claim.Status.CANDIDATE,
    )
    assert "tip" in claim.score_reasons
    assert "reader@example.org" in claim.internal_note
    source = Source.objects.get()
    assert (source.kind, source.url) == ("tip", "https://social.example/post/1")
    appearance = Appearance.objects.get()
    assert (appearance.claim, appearance.source, appearance.start) == (claim, source, None)


def test_a_tip_matching_an_existing_claim_attaches_to_it(claim):
    result = tip_submit(text="Unemployment fell to 4 percent in 2024!", url="https://x.example/2")
    assert result.matched
    assert result.claim == claim
    assert Claim.objects.count() == 1
    assert claim.appearances.get().source.url == "https://x.example/2"
    claim.refresh_from_db()
    assert "https://x.example/2" in claim.internal_note


def test_the_same_tip_twice_from_the_same_page_adds_nothing():
    first = tip_submit(text="Bread costs twice what it did in 2020.", url="https://x.example/3")
    second = tip_submit(text="Bread costs twice what it did in 2020.", url="https://x.example/3")
    assert second.matched and second.claim == first.claim
    assert (Claim.objects.count(), Source.objects.count(), Appearance.objects.count()) == (1, 1, 1)


def test_speaker_name_resolves_to_a_known_speaker(speaker):
    result = tip_submit(text="The Kremlin says sanctions cost Europe 250 billion euros.", speaker_name="Peskov")
    assert result.claim.speaker == speaker


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"text": "   "}, "Tell us the claim"),
        ({"text": "x" * 2001}, "at most 2000 characters"),
        ({"text": "Prices rose.", "url": "javascript:alert(1)"}, r"not a valid http\(s\) URL"),
    ],
)
def test_bad_tips_are_refused_with_a_message_and_nothing_saved(kwargs, message):
    with pytest.raises(ValidationError, match=message):
        tip_submit(**kwargs)
    assert not Claim.objects.exists() and not Source.objects.exists()
