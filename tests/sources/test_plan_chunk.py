"""A chunk's plan, decided without a database: which sentence is which claim."""

from __future__ import annotations

import numpy as np

from claims.matching.decide import Outcome, Thresholds
from claims.matching.lookup import Match
from claims.models import Claim
from sources.pipeline import Sentence
from sources.plan import Picked, plan_chunk

T = Thresholds(same=0.8, suggest=0.5)


def picked(text: str, vector=(1.0, 0.0), start: int = 0) -> Picked:
    v = np.asarray(vector, dtype=np.float32)
    return Picked(Sentence(start, start + len(text), text, 0), 0.9, ("number",), None, v / np.linalg.norm(v))


NEW = Match(Outcome.NEW)


def test_a_sentence_matching_a_stored_claim_is_an_appearance_of_it():
    stored = Claim(pk=7, text="Exports doubled in 2024.")
    plan = plan_chunk([[picked("Exports doubled in 2024!")]], [[Match(Outcome.SAME, stored, 0.97)]], T)
    assert plan.new_claims == []
    assert [(a.existing, a.repeat) for a in plan.appearances] == [(stored, True)]


def test_the_same_sentence_twice_in_an_article_is_one_new_claim():
    text = "Exports doubled in 2024."
    plan = plan_chunk([[picked(text), picked(text, start=40)]], [[NEW, NEW]], T)
    assert len(plan.new_claims) == 1
    assert [(a.new, a.repeat) for a in plan.appearances] == [(0, False), (0, False)]


def test_a_later_article_repeating_an_earlier_one_appears_on_its_new_claim():
    plan = plan_chunk(
        [[picked("Exports doubled in 2024.")], [picked("Exports doubled in 2024!", (1.0, 0.05))]], [[NEW], [NEW]], T
    )
    assert len(plan.new_claims) == 1
    assert [(a.article, a.new, a.repeat) for a in plan.appearances] == [(0, 0, False), (1, 0, True)]


def test_a_later_article_with_other_figures_gets_its_own_claim():
    plan = plan_chunk(
        [
            [picked("Maria Lopez said unemployment in region 30 has fallen by 18 percent since 2015.")],
            [picked("Sven Olsen said unemployment in region 72 has fallen by 12 percent since 2015.", (1.0, 0.02))],
        ],
        [[NEW], [NEW]],
        T,
    )
    assert [n.article for n in plan.new_claims] == [0, 1]
    assert plan.suggestions == []


def test_a_possible_match_becomes_a_new_claim_with_a_suggestion():
    stored = Claim(pk=3, text="Zelensky had a four percent approval rating.")
    match = Match(Outcome.SUGGEST, stored, 0.62, ["name: trump in one wording only"])
    plan = plan_chunk([[picked("Trump says Zelensky has a 4% approval rating.")]], [[match]], T)
    assert len(plan.new_claims) == 1
    (suggestion,) = plan.suggestions
    assert (suggestion.new, suggestion.existing, suggestion.similarity) == (0, stored, 0.62)
    assert suggestion.differences == ("name: trump in one wording only",)
