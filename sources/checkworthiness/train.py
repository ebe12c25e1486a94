"""Train, cross-validate and evaluate the check-worthiness model (CLEF CheckThat! 2024 1A).

Hyperparameters and the decision threshold come from *blocked* cross-validation on the
training split: sentence ids are chronological, so each fold holds out a contiguous range
of debates. Random folds would leak near-identical sentences from the same debate into
validation (the dev split shows that effect: it is sampled from train's range and scores far
higher than the later dev-test debates) and would pick an over-confident threshold.
"""

from __future__ import annotations

import csv
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from . import features, scoring
from .model import CheckworthinessModel

SPLITS = {
    "train": "CT24_checkworthy_english_train.tsv",
    "dev": "CT24_checkworthy_english_dev.tsv",
    "dev-test": "CT24_checkworthy_english_dev-test.tsv",
}
DEFAULT_SEED = 20240
MIN_DF = 2  # hash buckets seen in a single training sentence are dropped: noise and bytes
LR_C = 3.0  # chosen by blocked 5-fold CV on train among 1, 3, 10
NB_C = 1.0
CV_FOLDS = 5
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.01), 2)


@dataclass(frozen=True)
class Split:
    ids: np.ndarray
    texts: list[str]
    labels: np.ndarray  # 1 = check-worthy ("Yes")


def read_split(path: Path | str) -> Split:
    """Read one CheckThat! TSV. Quoting is disabled: texts contain unbalanced double quotes."""
    ids: list[int] = []
    texts: list[str] = []
    labels: list[int] = []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if header[:3] != ["Sentence_id", "Text", "class_label"]:
            raise ValueError(f"{path}: unexpected header {header!r}")
        for line_no, row in enumerate(reader, start=2):
            if len(row) != 3 or row[2] not in ("Yes", "No"):
                raise ValueError(f"{path}:{line_no}: malformed row {row!r}")
            ids.append(int(row[0]))
            texts.append(row[1])
            labels.append(int(row[2] == "Yes"))
    return Split(np.array(ids, dtype=np.int64), texts, np.array(labels, dtype=np.int8))


def load_split(path: Path | str) -> tuple[list[str], np.ndarray]:
    split = read_split(path)
    return split.texts, split.labels


def load_splits(data_dir: Path | str) -> dict[str, Split]:
    data_dir = Path(data_dir)
    return {name: read_split(data_dir / filename) for name, filename in SPLITS.items()}


# --- metrics -------------------------------------------------------------------------------


def evaluate(labels: Sequence[int] | np.ndarray, proba: np.ndarray, threshold: float) -> dict:
    """F1/precision/recall of the positive class when predicting ``proba >= threshold``."""
    y = np.asarray(labels).astype(bool)
    pred = np.asarray(proba) >= threshold
    tp = int(np.sum(pred & y))
    fp = int(np.sum(pred & ~y))
    fn = int(np.sum(~pred & y))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0
    return {
        "f1": round(f1, 4),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "threshold": round(float(threshold), 4),
        "n": int(len(y)),
        "positives": int(y.sum()),
    }


def best_threshold(labels: np.ndarray, proba: np.ndarray) -> float:
    """The grid threshold with the highest F1; ties go to the lower threshold."""
    scores = [evaluate(labels, proba, t)["f1"] for t in THRESHOLD_GRID]
    return float(THRESHOLD_GRID[int(np.argmax(scores))])


def sentences_per_second(score: Callable[[list[str]], Any], texts: Sequence[str]) -> float:
    """Throughput of batched scoring (best of three runs, one warm-up first)."""
    texts = list(texts)
    score(texts[:64])
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        score(texts)
        best = min(best, time.perf_counter() - start)
    return round(len(texts) / best, 1)


# --- the model -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Vocab:
    word_buckets: np.ndarray
    char_buckets: np.ndarray
    word_idf: np.ndarray
    char_idf: np.ndarray


def _fit_vocab(words: sp.csr_matrix, chars: sp.csr_matrix) -> _Vocab:
    n_docs = words.shape[0]
    word_df = features.document_frequency(words)
    char_df = features.document_frequency(chars)
    word_buckets = np.flatnonzero(word_df >= MIN_DF).astype(np.int32)
    char_buckets = np.flatnonzero(char_df >= MIN_DF).astype(np.int32)
    return _Vocab(
        word_buckets,
        char_buckets,
        features.smooth_idf(word_df[word_buckets], n_docs),
        features.smooth_idf(char_df[char_buckets], n_docs),
    )


def _design(vocab: _Vocab, words: sp.csr_matrix, chars: sp.csr_matrix, hand: sp.csr_matrix):
    return sp.hstack(
        [
            features.tfidf_block(features.select_buckets(words, vocab.word_buckets), vocab.word_idf),
            features.tfidf_block(features.select_buckets(chars, vocab.char_buckets), vocab.char_idf),
            hand,
        ],
        format="csr",
    )


def _log_count_ratio(x: sp.csr_matrix, y: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """NB-SVM style log-count ratio of each feature's presence in positives vs negatives."""
    present = (x > 0).astype(np.float32)
    pos = alpha + np.asarray(present[y == 1].sum(axis=0)).ravel()
    neg = alpha + np.asarray(present[y == 0].sum(axis=0)).ravel()
    return np.log((pos / pos.sum()) / (neg / neg.sum())).astype(np.float32)


def _fit_members(x: sp.csr_matrix, y: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Two linear scorers on the same features: plain LR and NB-weighted LR.

    NB-LR fits weights ``w`` on ``x * r`` (r = log-count ratios); its log-odds equal
    ``x @ (r * w)``, so it ships as an ordinary weight vector.
    """
    plain = LogisticRegression(C=LR_C, max_iter=5000, random_state=seed).fit(x, y)
    ratio = _log_count_ratio(x, y)
    nb = LogisticRegression(C=NB_C, max_iter=5000, random_state=seed).fit(x @ sp.diags(ratio), y)
    coefs = np.vstack([plain.coef_[0], nb.coef_[0] * ratio]).astype(np.float32)
    intercepts = np.array([plain.intercept_[0], nb.intercept_[0]], dtype=np.float64)
    return coefs, intercepts


def _fit_model(texts: list[str], y: np.ndarray, seed: int, threshold: float = 0.5):
    words, chars = features.hashed_counts(texts)
    vocab = _fit_vocab(words, chars)
    x = _design(vocab, words, chars, features.hand_features(texts))
    coefs, intercepts = _fit_members(x, y, seed)
    return CheckworthinessModel(
        word_buckets=vocab.word_buckets,
        char_buckets=vocab.char_buckets,
        word_idf=vocab.word_idf,
        char_idf=vocab.char_idf,
        coefs=coefs,
        intercepts=intercepts,
        threshold=threshold,
    )


def blocked_folds(ids: np.ndarray, k: int = CV_FOLDS) -> np.ndarray:
    """Fold number of each row: k contiguous ranges of (chronological) sentence ids."""
    order = np.argsort(ids, kind="stable")
    folds = np.empty(len(ids), dtype=np.int64)
    for fold, rows in enumerate(np.array_split(order, k)):
        folds[rows] = fold
    return folds


def cross_validated_proba(split: Split, seed: int, k: int = CV_FOLDS) -> np.ndarray:
    folds = blocked_folds(split.ids, k)
    oof = np.zeros(len(split.texts))
    for fold in range(k):
        fit_rows = np.flatnonzero(folds != fold)
        held_out = np.flatnonzero(folds == fold)
        model = _fit_model([split.texts[i] for i in fit_rows], split.labels[fit_rows], seed)
        oof[held_out] = model.predict_proba([split.texts[i] for i in held_out])
    return oof


@dataclass
class TrainedModel:
    model: CheckworthinessModel
    cv_threshold: float
    cv_scores: dict
    seed: int
    train_seconds: float
    info: dict[str, Any] = field(default_factory=dict)


def train(data_dir: Path | str, *, seed: int = DEFAULT_SEED) -> TrainedModel:
    """Blocked-CV threshold on train, then the final model fitted on all of train."""
    start = time.perf_counter()
    train_split = load_splits(data_dir)["train"]
    oof = cross_validated_proba(train_split, seed)
    # The shipped threshold applies to the score curators see (model + rule nudges).
    combined = scoring.combined_scores(oof, train_split.texts)
    threshold = best_threshold(train_split.labels, combined)
    model_threshold = best_threshold(train_split.labels, oof)
    model = _fit_model(train_split.texts, train_split.labels, seed, threshold)
    return TrainedModel(
        model=model,
        cv_threshold=threshold,
        cv_scores={
            "scorer": evaluate(train_split.labels, combined, threshold),
            "model": evaluate(train_split.labels, oof, model_threshold),
        },
        seed=seed,
        train_seconds=round(time.perf_counter() - start, 1),
        info={"model_threshold": model_threshold},
    )


# --- the reference baseline ----------------------------------------------------------------


def train_baseline(texts: list[str], labels: np.ndarray, seed: int = DEFAULT_SEED) -> Pipeline:
    """Plain TF-IDF (word 1-2-grams + char_wb 2-5-grams) + logistic regression, threshold 0.5."""
    union = FeatureUnion(
        [
            ("word", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
            ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                     min_df=2)),
        ]
    )
    pipeline = Pipeline([("tfidf", union), ("lr", LogisticRegression(max_iter=3000,
                                                                      random_state=seed))])
    return pipeline.fit(texts, labels)


# --- the full run --------------------------------------------------------------------------


def single_core() -> None:
    """Pin BLAS to one thread so the speed figure is a one-core figure."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def report(trained: TrainedModel, data_dir: Path | str, *, with_baseline: bool = True) -> dict:
    """Scores of the model, the TF-IDF baseline and always-Yes on dev and dev-test, plus speed."""
    splits = load_splits(data_dir)
    model = trained.model
    model_threshold = trained.info.get("model_threshold", model.threshold)
    scorer = scoring.ModelRuleScorer(model)
    rows: dict[str, dict[str, dict]] = {"scorer": {}, "model": {}, "baseline": {},
                                        "always_yes": {}}
    for name in ("dev", "dev-test"):
        split = splits[name]
        proba = model.predict_proba(split.texts)
        rows["scorer"][name] = evaluate(split.labels, scoring.combined_scores(proba, split.texts),
                                        model.threshold)
        rows["model"][name] = evaluate(split.labels, proba, model_threshold)
        rows["always_yes"][name] = evaluate(split.labels, np.ones(len(split.labels)), 0.5)
    speed_texts = splits["dev"].texts + splits["dev-test"].texts
    speeds = {
        "scorer": sentences_per_second(scorer.score, speed_texts),
        "model": sentences_per_second(model.predict_proba, speed_texts),
    }
    if with_baseline:
        baseline = train_baseline(splits["train"].texts, splits["train"].labels, trained.seed)
        for name in ("dev", "dev-test"):
            split = splits[name]
            proba = baseline.predict_proba(split.texts)[:, 1]
            rows["baseline"][name] = evaluate(split.labels, proba, 0.5)
        speeds["baseline"] = sentences_per_second(
            lambda t: baseline.predict_proba(t)[:, 1], speed_texts
        )
    else:
        del rows["baseline"]
    return {"scores": rows, "sentences_per_second": speeds, "cv": trained.cv_scores}


def save(trained: TrainedModel, path: Path | str, results: dict | None = None) -> Path:
    """Write the model (``.npz`` + ``.json`` with threshold, seed and scores)."""
    path = Path(path)
    meta = {
        "seed": trained.seed,
        "threshold_applies_to": "scoring.SentenceScore.score (model probability + rule nudges)",
        **trained.info,
        "trained_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "train_seconds": trained.train_seconds,
        "data": "CLEF CheckThat! 2024 Task 1 English (train split)",
        "cv": {"folds": CV_FOLDS, "scheme": "blocked by sentence id", **trained.cv_scores},
        "hyperparameters": {"min_df": MIN_DF, "lr_C": LR_C, "nb_lr_C": NB_C,
                            "word_ngrams": [1, 3], "char_wb_ngrams": [2, 5],
                            "n_buckets": features.N_BUCKETS},
    }
    if results is not None:
        meta["results"] = results
    replace(trained.model, meta=meta).save(path)
    return path
