"""The three outcomes from similarity and slots (pure)."""

from __future__ import annotations

import numpy as np

from claims.matching.decide import Outcome, Thresholds, decide
from claims.matching.rank import Candidate, judge
from claims.matching.slots import Comparison

T = Thresholds(same=0.8, suggest=0.5)


def test_same_needs_high_similarity_and_every_slot_equal():
    assert decide(0.95, Comparison(), T) == Outcome.SAME
    assert decide(0.95, Comparison(gaps=("year: 2016 in one wording only",)), T) == Outcome.SUGGEST
    assert decide(0.6, Comparison(), T) == Outcome.SUGGEST
    assert decide(0.4, Comparison(), T) == Outcome.NEW


def test_a_conflicting_slot_is_never_merged_or_suggested_however_similar():
    assert decide(0.999, Comparison(conflicts=("number: 18% vs 12%",)), T) == Outcome.NEW


def test_thresholds_come_from_the_settings(settings):
    settings.FACTCHECK_MATCH_SAME = 0.9
    settings.FACTCHECK_MATCH_SUGGEST = 0.3
    assert Thresholds.from_settings() == Thresholds(same=0.9, suggest=0.3)


def _unit(*xs: float) -> np.ndarray:
    v = np.asarray(xs, dtype=np.float32)
    return v / np.linalg.norm(v)


def test_judge_prefers_a_same_over_a_more_similar_contrast():
    query = _unit(1, 0, 0)
    candidates = [
        Candidate(1, "Crime in Chicago rose by 12 percent in 2016.", "", _unit(1, 0.01, 0)),
        Candidate(2, "Crime in Chicago rose by 20 percent in 2016!", "", _unit(1, 0.2, 0)),
    ]
    ranked = judge("Crime in Chicago rose by 20 percent in 2016.", "", query, candidates, T)
    assert [(j.key, j.outcome) for j in ranked] == [(2, Outcome.SAME), (1, Outcome.NEW)]
    assert ranked[1].differences == ["number: 20% vs 12%"]
