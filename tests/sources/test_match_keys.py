"""The wording index (MinHash band keys): near-duplicates share a key, edits are re-indexed."""

from __future__ import annotations

import random

import pytest

from claims.services import claim_create, claim_update
from sources.matching import BANDS, claim_find_match, match_keys, trigram_similarity
from sources.models import ClaimMatchKey

WORDS = [
    "minister", "budget", "deficit", "percent", "inflation", "exports", "wheat", "harbour",
    "railway", "council", "unemployment", "rose", "fell", "doubled", "record", "lowest",
    "highest", "since", "billion", "million", "tonnes", "voters", "election", "parliament",
    "reform", "pension", "hospital", "schools", "teachers", "nurses", "prices", "energy", "gas",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 16))]
    words.insert(rng.randrange(len(words)), str(rng.randint(2, 2025)))
    return " ".join(words).capitalize() + "."


def reworded(rng: random.Random, text: str) -> str:
    words = text.rstrip(".").split()
    for _ in range(rng.randint(0, 3)):
        k = rng.randrange(3)
        if k == 0:
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        elif k == 1 and len(words) > 4:
            del words[rng.randrange(len(words))]
        else:
            words.insert(rng.randrange(len(words) + 1), rng.choice(WORDS))
    return " ".join(words) + "."


def test_every_generated_pair_at_or_above_the_threshold_shares_a_band_key():
    rng = random.Random(3)
    pairs = []
    for _ in range(600):
        a = sentence(rng)
        pairs.append((a, reworded(rng, a)))
    above = [(a, b) for a, b in pairs if trigram_similarity(a, b) >= 0.6]
    assert len(above) > 300  # the set really exercises the threshold
    _grams, keys = match_keys([t for pair in above for t in pair])
    missed = [
        pair for n, pair in enumerate(above) if not set(keys[2 * n].tolist()) & set(keys[2 * n + 1].tolist())
    ]
    assert missed == []
    assert keys.shape == (2 * len(above), BANDS)


@pytest.mark.django_db
def test_new_claims_are_indexed_and_found_among_many():
    rng = random.Random(11)
    claims = [claim_create(text=sentence(rng)) for _ in range(150)]
    assert ClaimMatchKey.objects.count() == 150 * BANDS
    for text in [reworded(rng, claim.text) for claim in claims[::5]]:
        best = max(claims, key=lambda c: (trigram_similarity(c.text, text), -c.pk))
        if trigram_similarity(best.text, text) >= 0.6:
            assert claim_find_match(text) == best
        else:
            found = claim_find_match(text)
            assert found is None or trigram_similarity(found.text, text) >= 0.6


@pytest.mark.django_db
def test_an_edited_claim_is_matched_by_its_new_wording_not_the_old(fact_checker):
    claim = claim_create(text="Wheat exports doubled to 12 million tonnes in 2024.")
    claim.text = "The harbour railway will cost 3 billion euros by 2030."
    claim_update(claim=claim, user=fact_checker, expected_version=claim.version, text=claim.text)
    assert claim_find_match("The harbour railway will cost 3 billion euros by 2030!") == claim
    assert claim_find_match("Wheat exports doubled to 12 million tonnes in 2024.") is None
    assert ClaimMatchKey.objects.filter(claim=claim).count() == BANDS


@pytest.mark.django_db
def test_a_claim_is_found_among_many_built_from_the_same_template():
    # Claims that differ only in numbers and places share many keys; the newest is still found.
    places = ["Chile", "Kenya", "Peru", "Ghana", "Norway", "Poland", "Greece", "Canada", "Vietnam", "Ireland"]
    claims = [
        claim_create(text=f"Unemployment in {places[n % 10]} rose to {n // 10 + 2}.{n % 7} percent in {1990 + n % 30}.")
        for n in range(300)
    ]
    newest = claims[-1]
    text = newest.text[:-1] + ", officials said."
    assert trigram_similarity(newest.text, text) >= 0.6
    found = claim_find_match(text)
    assert found is not None and trigram_similarity(found.text, text) >= trigram_similarity(newest.text, text)
