"""The shipped check-worthiness model and the scorer the ingestion pipeline calls."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from sources.checkworthiness import model as model_module
from sources.checkworthiness import rules, scoring, transformer
from sources.checkworthiness.train import evaluate, read_split

# Written for this test in news/debate style; not taken from any data set.
CHECK_WORTHY = [
    "Unemployment has fallen to 4.2 percent, the lowest level in a decade.",
    "My opponent voted to raise taxes on the middle class 94 times.",
    "We lost 800,000 manufacturing jobs in the last four years.",
    "The federal deficit tripled under this administration.",
    "Forty million Americans have no health insurance today.",
    "The governor cut $2 billion from public schools in 2011.",
    "Crime in our largest cities went up 12 percent last year.",
    "China now holds more than a trillion dollars of our debt.",
    "He signed a law in 1996 that ended welfare as we knew it.",
    "Our military spending is larger than the next seven countries combined.",
    "Half of all new jobs created last year went to immigrants.",
    "The average family pays $1,500 more for health care than in 2008.",
    "She supported the trade deal that sent 60,000 factories overseas.",
    "Gas prices have doubled since the president took office.",
    "The senator has missed 70 percent of the votes in the Senate this year.",
]
NOT_CHECK_WORTHY = [
    "Thank you very much.",
    "I think that's a great question.",
    "Let me finish, please.",
    "We have to come together as a nation.",
    "What would you do about it?",
    "I love this country and I love its people.",
    "Good evening, everyone.",
    "That's not what I said, and you know it.",
    "Well, we'll see.",
    "I want to talk about the future.",
    "Believe me, we are going to win.",
    "It's so nice to be here tonight.",
    "People are tired of politicians.",
    "Let's move on to the next topic.",
    "Excuse me, I'm talking.",
]


@pytest.fixture(scope="module")
def model() -> model_module.CheckworthinessModel:
    return model_module.get_model()


def _auc(positives: np.ndarray, negatives: np.ndarray) -> float:
    wins = (positives[:, None] > negatives[None, :]).sum()
    ties = (positives[:, None] == negatives[None, :]).sum()
    return float((wins + 0.5 * ties) / (len(positives) * len(negatives)))


def test_model_file_is_small_and_pickle_free():
    assert model_module.DEFAULT_MODEL_PATH.stat().st_size < 5_000_000
    with np.load(model_module.DEFAULT_MODEL_PATH, allow_pickle=False) as arrays:
        assert {"coefs", "intercepts", "word_buckets", "char_buckets"} <= set(arrays.files)


def test_thresholds_come_from_the_model_files(model):
    assert 0.0 < model_module.default_threshold() < 1.0
    assert scoring.ModelRuleScorer().threshold == model.threshold
    # The queue's threshold is the two-stage scorer's, chosen with the second stage.
    assert scoring.default_threshold() == transformer.read_card()["combination"]["threshold"]
    assert "seed" in model.meta and "cv" in model.meta


def test_hand_written_sentences_are_ranked_sensibly():
    proba = model_module.predict_proba(CHECK_WORTHY + NOT_CHECK_WORTHY)
    pos, neg = proba[: len(CHECK_WORTHY)], proba[len(CHECK_WORTHY) :]
    assert _auc(pos, neg) >= 0.9
    scores = [s.score for s in scoring.get_scorer().score(CHECK_WORTHY + NOT_CHECK_WORTHY)]
    assert _auc(np.array(scores[: len(CHECK_WORTHY)]), np.array(scores[len(CHECK_WORTHY) :])) >= 0.9


def test_predict_proba_is_deterministic_batched_and_bounded(model):
    texts = CHECK_WORTHY + NOT_CHECK_WORTHY
    batch = model.predict_proba(texts)
    assert batch.shape == (len(texts),)
    assert np.all((batch >= 0.0) & (batch <= 1.0))
    np.testing.assert_array_equal(batch, model.predict_proba(texts))
    one_by_one = np.array([model.predict_proba([t])[0] for t in texts])
    np.testing.assert_allclose(batch, one_by_one, rtol=1e-6, atol=1e-9)
    assert model.predict_proba([]).shape == (0,)


def test_fast_scorer_returns_clipped_scores_with_rule_reasons(model):
    sentences = ["Thank you.", "Unemployment fell to 4 percent in 2019, the lowest ever.", ""]
    results = scoring.ModelRuleScorer().score(sentences)
    assert len(results) == 3
    proba = model.predict_proba(sentences)
    for sentence, result, p in zip(sentences, results, proba, strict=True):
        assert isinstance(result, scoring.SentenceScore)
        assert 0.0 <= result.score <= 1.0
        assert result.reasons == tuple(rules.rule_reasons(sentence))
        assert result.score == pytest.approx(scoring.combine(float(p), result.reasons))
    assert rules.FRAGMENT in results[0].reasons and results[0].score <= proba[0]
    assert rules.STATISTIC in results[1].reasons


def test_combine_is_modest_and_clipped():
    assert scoring.combine(0.5, []) == 0.5
    assert scoring.combine(0.98, [rules.STATISTIC, rules.COMPARISON]) == 1.0
    assert scoring.combine(0.05, [rules.FRAGMENT, rules.QUESTION]) == 0.0
    assert all(abs(v) <= 0.1 for v in scoring.RULE_ADJUSTMENTS.values())


def test_save_and_load_round_trip(model, tmp_path: Path):
    path = tmp_path / "copy.npz"
    model.save(path)
    copy = model_module.load_model(path)
    assert copy.threshold == model.threshold
    np.testing.assert_array_equal(copy.predict_proba(CHECK_WORTHY), model.predict_proba(CHECK_WORTHY))


# Floor stated in MODEL_CARD.md: F1 of the shipped scorer on the first 100 dev-test rows.
DEV_TEST_SLICE_F1_FLOOR = 0.70
# Default: shared/eval beside the repository checkout (as ../shared/eval from its root).
_REPO_ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = (
    Path(os.environ.get("FACTCHECK_EVAL_DIR", _REPO_ROOT.parent / "shared" / "eval"))
    / "checkworthiness"
)


@pytest.mark.skipif(
    not (EVAL_DIR / "CT24_checkworthy_english_dev-test.tsv").exists(),
    reason=f"CheckThat! 2024 data not found in {EVAL_DIR} (set FACTCHECK_EVAL_DIR)",
)
def test_dev_test_slice_f1_floor():
    split = read_split(EVAL_DIR / "CT24_checkworthy_english_dev-test.tsv")
    texts, labels = split.texts[:100], split.labels[:100]
    scores = np.array([s.score for s in scoring.get_scorer().score(texts)])
    assert evaluate(labels, scores, scoring.default_threshold())["f1"] >= DEV_TEST_SLICE_F1_FLOOR
