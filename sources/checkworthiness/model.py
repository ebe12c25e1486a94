"""The shipped check-worthiness model: load once, score sentences in batches.

The model is an average of a few logistic-regression scorers over one shared feature
space (hashed TF-IDF n-grams + rule flags, see :mod:`.features`). Every member is just a
weight vector, so the file is plain arrays (``.npz``, loaded with ``allow_pickle=False``)
plus a JSON file with the threshold and provenance.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse as sp

from . import features

MODEL_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_MODEL_PATH = MODEL_DIR / "model.npz"
FORMAT_VERSION = 1


@dataclass(frozen=True, eq=False)
class CheckworthinessModel:
    word_buckets: np.ndarray  # sorted hash-bucket ids kept at training time
    char_buckets: np.ndarray
    word_idf: np.ndarray
    char_idf: np.ndarray
    coefs: np.ndarray  # (members, features)
    intercepts: np.ndarray  # (members,)
    threshold: float
    meta: dict[str, Any] = field(default_factory=dict)

    def features(
        self, texts: Sequence[str], reasons: Sequence[Sequence[str]] | None = None
    ) -> sp.csr_matrix:
        words, chars = features.hashed_counts(texts)
        blocks = [
            features.tfidf_block(features.select_buckets(words, self.word_buckets), self.word_idf),
            features.tfidf_block(features.select_buckets(chars, self.char_buckets), self.char_idf),
            features.hand_features(texts, reasons),
        ]
        return sp.hstack(blocks, format="csr")

    def decision_function(
        self, texts: Sequence[str], reasons: Sequence[Sequence[str]] | None = None
    ) -> np.ndarray:
        """Log-odds of each member, shape (len(texts), members)."""
        if len(texts) == 0:
            return np.zeros((0, len(self.intercepts)), dtype=np.float64)
        x = self.features(texts, reasons)
        return np.asarray(x @ self.coefs.T, dtype=np.float64) + self.intercepts

    def predict_proba(
        self, texts: Sequence[str], reasons: Sequence[Sequence[str]] | None = None
    ) -> np.ndarray:
        """Probability that each text is check-worthy: the mean of the members' sigmoids.

        ``reasons`` (from :func:`.rules.rule_reasons`) may be passed to avoid recomputing them.
        """
        texts = list(texts)
        logits = self.decision_function(texts, reasons)
        return (1.0 / (1.0 + np.exp(-logits))).mean(axis=1) if logits.size else np.zeros(0)

    def save(self, path: Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            path,
            word_buckets=self.word_buckets.astype(np.int32),
            char_buckets=self.char_buckets.astype(np.int32),
            word_idf=self.word_idf.astype(np.float32),
            char_idf=self.char_idf.astype(np.float32),
            coefs=self.coefs.astype(np.float32),
            intercepts=self.intercepts.astype(np.float64),
        )
        params = {"format_version": FORMAT_VERSION, "threshold": self.threshold, **self.meta}
        path.with_suffix(".json").write_text(json.dumps(params, indent=2, sort_keys=True) + "\n")


def load_model(path: Path | str = DEFAULT_MODEL_PATH) -> CheckworthinessModel:
    path = Path(path)
    params = json.loads(path.with_suffix(".json").read_text())
    if params.get("format_version") != FORMAT_VERSION:
        raise ValueError(f"{path}: unsupported model format {params.get('format_version')!r}")
    with np.load(path, allow_pickle=False) as arrays:
        loaded = {name: arrays[name] for name in arrays.files}
    threshold = float(params.pop("threshold"))
    params.pop("format_version")
    return CheckworthinessModel(
        word_buckets=loaded["word_buckets"],
        char_buckets=loaded["char_buckets"],
        word_idf=loaded["word_idf"],
        char_idf=loaded["char_idf"],
        coefs=loaded["coefs"],
        intercepts=loaded["intercepts"],
        threshold=threshold,
        meta=params,
    )


_cache: dict[Path, CheckworthinessModel] = {}
_lock = threading.Lock()


def get_model(path: Path | str = DEFAULT_MODEL_PATH) -> CheckworthinessModel:
    """The model at ``path``, read from disk once per process."""
    key = Path(path).resolve()
    with _lock:
        if key not in _cache:
            _cache[key] = load_model(key)
        return _cache[key]


def predict_proba(texts: Sequence[str]) -> np.ndarray:
    """Check-worthiness probabilities of ``texts`` under the shipped model (batched)."""
    return get_model().predict_proba(list(texts))


def default_threshold() -> float:
    """The decision threshold chosen by cross-validation when the shipped model was trained."""
    return get_model().threshold
