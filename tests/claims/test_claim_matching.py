"""Finding the stored claim a wording states, on both databases: words, vectors and slots."""

from __future__ import annotations

import pytest

from claims.matching.decide import Outcome
from claims.matching.lookup import Wording, claim_match, claims_match
from claims.models import Claim, MatchSuggestion
from claims.services import claim_create, claims_merge, match_suggestion_decide, speaker_create
from claims.workflow import TransitionError
from sources.services import article_ingest, tip_submit

pytestmark = pytest.mark.django_db

MCCAIN = "Says John McCain has done nothing to help the vets."


def test_the_same_wording_is_same_a_paraphrase_is_suggested_and_an_unrelated_claim_is_new():
    claim = claim_create(text="Crime in Chicago rose by 20 percent in 2016.")
    assert claim_match("Crime in Chicago rose by 20 percent in 2016!").outcome == Outcome.SAME
    paraphrase = claim_match("crime up 20% in chicago in 2016 - true?")
    assert (paraphrase.outcome, paraphrase.claim) == (Outcome.SUGGEST, claim)
    assert claim_match("Wheat exports doubled to 12 million tonnes.").outcome == Outcome.NEW


def test_a_paraphrase_sharing_few_words_is_found_through_the_semantic_stage():
    claim = claim_create(text=MCCAIN, speaker=speaker_create(name="Donald Trump"))
    claim_create(text="Says John Kerry has done a lot for farmers in Iowa.")
    found = claim_match("Donald Trump says John McCain hasn't lifted a finger for veterans")
    assert found.claim == claim
    assert found.outcome in (Outcome.SAME, Outcome.SUGGEST)


def test_a_contrast_is_new_and_names_the_related_claim_and_what_differs():
    claim = claim_create(text="Crime in Chicago rose by 20 percent in 2016.")
    contrast = claim_match("Crime in Chicago rose by 20 percent in 2019.")
    assert contrast.outcome == Outcome.NEW
    assert contrast.related == claim
    assert contrast.related_differences == ["year: 2019 vs 2016"]


def test_a_duplicate_resolves_to_the_claim_it_duplicates(fact_checker):
    kept = claim_create(text="Exports rose 7 percent in 2024 to a record high.")
    other = claim_create(text="Exports rose 7 percent in 2024 to a record high!")
    claims_merge(keep=kept, others=[other], user=fact_checker)
    assert [m.claim for m in claims_match([Wording("Exports rose 7 percent in 2024 to a record high!")])] == [kept]


def test_several_wordings_cost_a_bounded_number_of_queries(django_assert_max_num_queries):
    for n in range(5):
        claim_create(text=f"Unemployment in region {n} fell to {n + 3} percent in 2024.")
    wordings = [Wording(f"Unemployment in region {n} fell to {n + 3} percent in 2024!") for n in range(5)]
    # Per wording: one word-index query for claims and one for other publishers' fact-checks;
    # then one each for candidate texts, vectors, the matched claims and the fact-checks; on
    # PostgreSQL at most two more, for the word statistics and the lexemes of words not met yet.
    with django_assert_max_num_queries(2 * len(wordings) + 6):
        found = claims_match(wordings)
    assert [m.outcome for m in found] == [Outcome.SAME] * 5
    assert len({m.claim.pk for m in found}) == 5


def test_an_ingested_sentence_that_may_be_a_tracked_claim_is_stored_with_a_suggestion():
    claim = claim_create(text="Says the Affordable Care Act will cut 800,000 jobs.")
    result = article_ingest(text="Obamacare will cut 800,000 jobs, the senator said.", threshold=0.0)
    (new,) = result.claims
    suggestion = MatchSuggestion.objects.get(claim=new)
    assert (suggestion.match, suggestion.decision) == (claim, MatchSuggestion.Decision.PENDING)


def test_a_tip_that_may_be_a_tracked_claim_is_a_new_candidate_with_a_suggestion():
    claim = claim_create(text="Says the Affordable Care Act will cut 800,000 jobs.")
    tip = tip_submit(text="Is it true Obamacare cuts 800,000 jobs?")
    assert tip.matched is False
    assert tip.suggested == claim
    assert MatchSuggestion.objects.filter(claim=tip.claim, match=claim).exists()


def test_confirming_a_suggestion_merges_and_rejecting_keeps_both_and_both_are_recorded(fact_checker):
    claim = claim_create(text="Says the Affordable Care Act will cut 800,000 jobs.")
    tip_a = tip_submit(text="Is it true Obamacare cuts 800,000 jobs?").claim
    tip_b = tip_submit(text="Obamacare cuts 800,000 jobs in 2025, a post says").claim
    yes = MatchSuggestion.objects.get(claim=tip_a)
    no = MatchSuggestion.objects.get(claim=tip_b)

    match_suggestion_decide(suggestion=yes, same=True, user=fact_checker)
    match_suggestion_decide(suggestion=no, same=False, user=fact_checker)

    tip_a.refresh_from_db()
    tip_b.refresh_from_db()
    assert (tip_a.status, tip_a.duplicate_of) == (Claim.Status.DUPLICATE, claim)
    assert tip_b.status == Claim.Status.CANDIDATE
    assert sorted(MatchSuggestion.objects.values_list("decision", "decided_by__username")) == [
        ("confirmed", "fiona"),
        ("rejected", "fiona"),
    ]
    with pytest.raises(TransitionError, match="already answered"):
        match_suggestion_decide(suggestion=no, same=True, user=fact_checker)
