"""Sentence vectors for recognising paraphrases: WordLlama's static token embeddings
(`l2_supercat`, 256 dimensions, MIT licence), mean-pooled and L2-normalised, on CPU.

The weights and the tokenizer ship inside the `wordllama` wheel. Its own loader looks for the
tokenizer under a folder name the wheel does not use and then downloads from a model hub, so
both files are opened here from the package's own folder and nothing is ever fetched: a missing
file is an error, not a download.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_NAME = "wordllama-l2_supercat-256"
DIMENSIONS = 256
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _model():
    import wordllama
    from safetensors import safe_open
    from tokenizers import Tokenizer
    from wordllama.inference import WordLlamaInference

    root = Path(wordllama.__file__).parent
    weights = root / "weights" / "l2_supercat_256.safetensors"
    tokenizer = root / "tokenizers" / "l2_supercat_tokenizer_config.json"
    for path in (weights, tokenizer):
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: reinstall the wordllama package (no download is attempted).")
    with safe_open(str(weights), framework="np", device="cpu") as f:
        table = f.get_tensor("embedding.weight")
    return WordLlamaInference(table, Tokenizer.from_file(str(tokenizer)))


def embed(texts: list[str]) -> np.ndarray:
    """One unit-length float32 row of DIMENSIONS per text (cosine = dot product)."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    model = _model()
    with _LOCK:  # the tokenizer's batch settings are shared state
        vectors = model.embed(list(texts), norm=True)
    return np.ascontiguousarray(vectors, dtype=np.float32)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<f4")
