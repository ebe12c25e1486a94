"""Feature extraction for the check-worthiness model.

Texts are hashed (no vocabulary to store) into word 1-3-gram and character 2-5-gram
(``char_wb``) counts. Training keeps only the hash buckets seen in at least ``min_df``
training sentences; the model stores those bucket ids with their IDF weights, so inference
needs no fitted scikit-learn object and the model file stays small and pickle-free.
A handful of dense rule flags (see :mod:`.rules`) are appended.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import HashingVectorizer

from . import rules

N_BUCKETS = 2**20

# Fixed hashing parameters: changing any of them invalidates a trained model file.
_WORD = HashingVectorizer(
    analyzer="word",
    ngram_range=(1, 3),
    n_features=N_BUCKETS,
    alternate_sign=False,
    norm=None,
    lowercase=True,
    dtype=np.float32,
)
_CHAR = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(2, 5),
    n_features=N_BUCKETS,
    alternate_sign=False,
    norm=None,
    lowercase=True,
    dtype=np.float32,
)

HAND_FEATURES: tuple[str, ...] = (*rules.REASON_CODES, "short", "long", "has_year")
_HAND_SCALE = 0.5  # keeps the flags on a scale comparable to one L2-normalised n-gram block


def hashed_counts(texts: Sequence[str]) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """Raw word and character n-gram counts in ``N_BUCKETS`` hash buckets each."""
    texts = list(texts)
    return _WORD.transform(texts).tocsr(), _CHAR.transform(texts).tocsr()


def hand_features(
    texts: Sequence[str], reasons: Sequence[Sequence[str]] | None = None
) -> sp.csr_matrix:
    """Rule flags plus length/date flags; pass ``reasons`` if already computed."""
    if reasons is None:
        reasons = [rules.rule_reasons(text) for text in texts]
    rows = np.zeros((len(texts), len(HAND_FEATURES)), dtype=np.float32)
    index = {code: i for i, code in enumerate(rules.REASON_CODES)}
    n_codes = len(rules.REASON_CODES)
    for r, (text, codes) in enumerate(zip(texts, reasons, strict=True)):
        for code in codes:
            rows[r, index[code]] = 1.0
        n_words = len(text.split())
        rows[r, n_codes] = float(n_words <= 5)
        rows[r, n_codes + 1] = float(n_words >= 25)
        rows[r, n_codes + 2] = float(rules.has_year(text))
    return sp.csr_matrix(rows * _HAND_SCALE)


def document_frequency(counts: sp.csr_matrix) -> np.ndarray:
    return np.bincount(counts.indices, minlength=counts.shape[1])


def select_buckets(counts: sp.csr_matrix, buckets: np.ndarray) -> sp.csr_matrix:
    """Keep only the columns listed in ``buckets`` (sorted ids), in that order."""
    return counts[:, buckets]


def tfidf_block(counts: sp.csr_matrix, idf: np.ndarray) -> sp.csr_matrix:
    """Sublinear tf times idf, then L2-normalised rows (as TfidfTransformer does)."""
    out = counts.astype(np.float32, copy=True)
    np.log(out.data, out=out.data)
    out.data += 1.0
    out = out @ sp.diags(idf.astype(np.float32))
    out = sp.csr_matrix(out)
    norms = np.sqrt(np.asarray(out.multiply(out).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms.astype(np.float32)) @ out)


def smooth_idf(df: np.ndarray, n_docs: int) -> np.ndarray:
    return (np.log((1.0 + n_docs) / (1.0 + df)) + 1.0).astype(np.float32)
