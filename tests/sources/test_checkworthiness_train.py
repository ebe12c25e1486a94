"""Training helpers: reading the TSV, metrics, blocked folds, a tiny end-to-end fit."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sources.checkworthiness import train
from sources.checkworthiness.model import load_model

from .test_checkworthiness_model import CHECK_WORTHY, NOT_CHECK_WORTHY


def test_read_split_keeps_quotes_and_checks_rows(tmp_path: Path):
    path = tmp_path / "split.tsv"
    path.write_text(
        'Sentence_id\tText\tclass_label\n1\t"He said "no" twice.\tYes\n2\tThank you."\tNo\n'
    )
    split = train.read_split(path)
    assert split.texts == ['"He said "no" twice.', 'Thank you."']
    assert split.labels.tolist() == [1, 0]
    assert split.ids.tolist() == [1, 2]
    path.write_text("Sentence_id\tText\tclass_label\n1\tno label\n")
    with pytest.raises(ValueError, match="malformed"):
        train.read_split(path)


def test_evaluate_counts_the_positive_class():
    labels = np.array([1, 1, 0, 0, 1])
    proba = np.array([0.9, 0.2, 0.8, 0.1, 0.6])
    scores = train.evaluate(labels, proba, 0.5)
    assert scores["precision"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert scores["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert train.evaluate(labels, np.zeros(5), 0.5)["f1"] == 0.0


def test_blocked_folds_are_contiguous_id_ranges():
    ids = np.array([50, 10, 40, 20, 30, 60])
    folds = train.blocked_folds(ids, k=3)
    ranges = [sorted(ids[folds == f]) for f in range(3)]
    assert ranges == [[10, 20], [30, 40], [50, 60]]


def test_tiny_fit_is_deterministic_and_saves(tmp_path: Path):
    texts = (CHECK_WORTHY + NOT_CHECK_WORTHY) * 2
    labels = np.array(([1] * len(CHECK_WORTHY) + [0] * len(NOT_CHECK_WORTHY)) * 2)
    first = train._fit_model(texts, labels, seed=7, threshold=0.4)
    second = train._fit_model(texts, labels, seed=7, threshold=0.4)
    np.testing.assert_array_equal(first.coefs, second.coefs)
    proba = first.predict_proba(texts)
    assert train.evaluate(labels, proba, 0.5)["f1"] == 1.0
    first.save(tmp_path / "tiny.npz")
    assert load_model(tmp_path / "tiny.npz").threshold == 0.4


def test_choose_members_prefers_the_better_out_of_fold_scorer():
    labels = np.array([1, 0] * 50)
    good = np.where(labels == 1, 2.0, -2.0)
    noise = np.random.default_rng(0).normal(size=100)
    members, table = train.choose_members(labels, np.column_stack([good, noise]))
    assert members == (0,)
    assert table["lr"]["f1"] == 1.0
