"""The MiniLM second stage: the shipped int8 file, its card, and how the scorer uses it."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from sources.checkworthiness import model_card, scoring, transformer, transformer_train
from sources.checkworthiness.model import get_model

from .test_checkworthiness_model import CHECK_WORTHY, NOT_CHECK_WORTHY, _auc


@pytest.fixture(scope="module")
def second() -> transformer.TransformerModel:
    return transformer.get_transformer()


class Recording:
    """The real second stage, noting which sentences it was asked to score."""

    def __init__(self, inner: transformer.TransformerModel) -> None:
        self.inner = inner
        self.card = inner.card
        self.seen: list[str] = []

    def predict_proba(self, texts):
        self.seen += list(texts)
        return self.inner.predict_proba(texts)


def test_shipped_file_is_int8_sized_and_matches_its_card(second):
    card = transformer.read_card()
    onnx = transformer.MODEL_DIR / transformer.ONNX_NAME
    assert 15_000_000 < onnx.stat().st_size < 30_000_000  # int8 MiniLM, not the fp32 90 MB
    assert card["files"][transformer.ONNX_NAME]["sha256"] == transformer.sha256_of(onnx)
    assert card["base"]["sha256"] == transformer_train.UPSTREAM_SHA256
    assert card["base"]["licence"] == "Apache-2.0"


def test_second_stage_ranks_claims_above_chatter(second):
    positives = second.predict_proba(CHECK_WORTHY)
    negatives = second.predict_proba(NOT_CHECK_WORTHY)
    assert _auc(positives, negatives) >= 0.95
    assert np.median(positives) > 0.5 > np.median(negatives)


def test_scores_come_back_in_the_callers_order(second):
    """Batches are sorted by length inside; the scores go back in the caller's order. Dynamic
    int8 quantisation scales activations per batch, so a sentence's probability moves a
    little with its batch-mates (on dev-test: median 0.002, at most 0.14): the same input
    gives identical scores, and a clear claim or clear chatter stays on its side."""
    sentences = CHECK_WORTHY[:5] + NOT_CHECK_WORTHY[:5]
    together = second.predict_proba(sentences)
    np.testing.assert_array_equal(together, second.predict_proba(sentences))
    alone = np.array([second.predict_proba([s])[0] for s in sentences])
    assert np.allclose(together, alone, atol=0.02)
    assert np.allclose(second.predict_proba(sentences[::-1]), together[::-1], atol=0.02)
    assert np.all(together[:5] > 0.9) and np.all(together[5:] < 0.1)
    assert second.predict_proba([]).shape == (0,)


def test_two_stage_scores_are_in_0_1_with_the_fast_reasons(second):
    sentences = CHECK_WORTHY + NOT_CHECK_WORTHY + ["", "a", "x" * 5000]
    fast = scoring.ModelRuleScorer().score(sentences)
    both = scoring.TwoStageScorer(second=second).score(sentences)
    assert all(0.0 <= s.score <= 1.0 for s in both)
    assert [s.reasons for s in both] == [s.reasons for s in fast]


def test_only_sentences_that_could_be_candidates_reach_the_second_stage(second):
    recording = Recording(second)
    scorer = scoring.TwoStageScorer(second=recording)
    sentences = CHECK_WORTHY + NOT_CHECK_WORTHY
    fast = scoring.ModelRuleScorer().score(sentences)
    results = scorer.score(sentences)
    rescore_from = scorer.combination["rescore_from"]
    expected = [s for s, f in zip(sentences, fast, strict=True) if f.score >= rescore_from]
    assert recording.seen == expected and 0 < len(expected) < len(sentences)
    for sentence, first, final in zip(sentences, fast, results, strict=True):
        if sentence not in expected:
            assert final.score == first.score < scorer.threshold  # can never reach the queue


def test_default_threshold_is_the_two_stage_one_and_filters_the_seed(seed_text):
    from sources.evaluation.labelled_checkworthiness import article_candidates

    card = transformer.read_card()
    assert scoring.default_threshold() == card["combination"]["threshold"]
    assert card["combination"]["threshold"] >= card["combination"]["rescore_from"]
    picked, sentences = article_candidates(seed_text)
    assert 0 < picked < sentences - 2  # the queue filters: not 16 of 17 any more


def test_a_model_file_whose_hash_differs_from_the_card_is_refused(tmp_path):
    shutil.copytree(transformer.MODEL_DIR, tmp_path / "minilm")
    onnx = tmp_path / "minilm" / transformer.ONNX_NAME
    with open(onnx, "r+b") as handle:  # one flipped byte deep inside the weights
        handle.seek(onnx.stat().st_size // 2)
        byte = handle.read(1)
        handle.seek(-1, 1)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(transformer.ModelFileRefused, match="differs from the model card"):
        transformer.load_transformer(tmp_path / "minilm")


def test_a_swapped_tokenizer_or_missing_card_is_refused(tmp_path):
    shutil.copytree(transformer.MODEL_DIR, tmp_path / "minilm")
    tokenizer = tmp_path / "minilm" / transformer.TOKENIZER_NAME
    tokenizer.write_text(tokenizer.read_text().replace('"[UNK]"', '"[UNKNOWN]"', 1))
    with pytest.raises(transformer.ModelFileRefused, match="tokenizer.json"):
        transformer.load_transformer(tmp_path / "minilm")
    (tmp_path / "minilm" / transformer.CARD_NAME).unlink()
    with pytest.raises(transformer.ModelFileRefused, match="no model card"):
        transformer.load_transformer(tmp_path / "minilm")


def test_model_card_quotes_the_shipped_hashes_and_the_upstream_weights():
    card = transformer.read_card()
    text = model_card.CARD_PATH.read_text()
    for meta in card["files"].values():
        assert meta["sha256"] in text
    assert transformer_train.UPSTREAM_SHA256 in text
    assert transformer_train.UPSTREAM_REVISION in text
    assert "sentence-transformers/all-MiniLM-L6-v2" in text and "Apache-2.0" in text
    assert model_card.transformer_section(card) in text  # the figures are the card's own


def test_training_refuses_base_weights_that_are_not_the_upstream_file(tmp_path, monkeypatch):
    fake = tmp_path / "model"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"\x00" * 1024)
    with pytest.raises(transformer_train.WeightsRefused, match="refusing to train"):
        transformer_train.verify_weights(fake / "model.safetensors")
    with pytest.raises(transformer_train.WeightsRefused, match="no such file"):
        transformer_train.verify_weights(fake / "missing.safetensors")
    # The whole command refuses before any training starts.
    monkeypatch.setattr(transformer_train, "base_model_dir", lambda: fake)
    with pytest.raises(transformer_train.WeightsRefused):
        transformer_train.run(tmp_path / "data", tmp_path / "work", out_dir=tmp_path / "out")
    assert not (tmp_path / "work").exists()


def test_combination_choice_never_lets_unseen_sentences_through():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 2, 400)
    fast = np.clip(labels * 0.3 + rng.random(400) * 0.6, 0, 1)
    second = np.clip(labels * 0.6 + rng.random(400) * 0.4, 0, 1)
    chosen = transformer_train.choose_combination(labels, fast, second)
    assert chosen["threshold"] >= chosen["rescore_from"]
    scores = transformer_train.two_stage_scores(fast, second, chosen["rescore_from"],
                                                chosen["fast_weight"])
    assert not np.any((fast < chosen["rescore_from"]) & (scores >= chosen["threshold"]))
    # The better second stage earns most of the weight.
    assert chosen["fast_weight"] <= 0.5


def test_fast_stage_is_unchanged_by_the_second():
    """The first stage still ranks every sentence with its own model and threshold."""
    assert scoring.TwoStageScorer().fast.threshold == get_model().threshold


@pytest.mark.django_db
def test_ingestion_queues_sentences_by_their_two_stage_score(seed_text):
    from claims.models import Claim
    from sources.pipeline import analyse
    from sources.services import article_ingest

    sentences = [s.text for s in analyse(seed_text).sentences]
    fast = {s: r.score for s, r in zip(sentences, scoring.ModelRuleScorer().score(sentences),
                                       strict=True)}
    both = {s: r.score for s, r in zip(sentences, scoring.get_scorer().score(sentences),
                                       strict=True)}
    result = article_ingest(text=seed_text, title="Kremlin hails Trump")
    queued = dict(Claim.objects.values_list("text", "score"))
    threshold = scoring.default_threshold()
    assert result.candidates_created == len(queued) == sum(v >= threshold for v in both.values())
    for text, score in queued.items():
        assert score == pytest.approx(both[text], abs=1e-6)
    # The queue is not what the fast stage alone would have made it.
    assert any(both[text] != fast[text] for text in queued)
