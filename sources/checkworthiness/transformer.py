"""The accurate second stage: fine-tuned all-MiniLM-L6-v2, int8 ONNX, run with onnxruntime.

No PyTorch at run time. The shipped files are in ``data/minilm/``:

* ``model.int8.onnx``: the fine-tuned encoder + mean pooling + linear head, inputs
  ``input_ids`` and ``attention_mask`` (batch x tokens), output one logit per sentence;
* ``tokenizer.json``: the upstream WordPiece tokenizer (lower-casing, 30,522 tokens);
* ``transformer.json``: the machine-readable half of the model card: the sha256 of both files,
  the maximum length, how the two stages combine, the threshold and the training scores.

A file whose sha256 differs from ``transformer.json`` is refused (:class:`ModelFileRefused`):
a model that was swapped, truncated or retrained without updating the card must not quietly
rank the queue. MODEL_CARD.md quotes the same hashes (a test keeps them in step).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

MODEL_DIR = Path(__file__).resolve().parent / "data" / "minilm"
ONNX_NAME = "model.int8.onnx"
TOKENIZER_NAME = "tokenizer.json"
CARD_NAME = "transformer.json"
FORMAT_VERSION = 1
BATCH_SIZE = 32


class ModelFileRefused(ValueError):
    """A second-stage file is missing or is not the one its card describes."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_card(directory: Path = MODEL_DIR) -> dict[str, Any]:
    path = Path(directory) / CARD_NAME
    try:
        card = json.loads(path.read_text())
    except FileNotFoundError:
        raise ModelFileRefused(f"{path}: no model card") from None
    if card.get("format_version") != FORMAT_VERSION:
        raise ModelFileRefused(f"{path}: unsupported format {card.get('format_version')!r}")
    return card


def _verified(directory: Path, name: str, expected: str) -> Path:
    path = directory / name
    if not path.is_file():
        raise ModelFileRefused(f"{path}: missing")
    actual = sha256_of(path)
    if actual != expected:
        raise ModelFileRefused(
            f"{path}: sha256 {actual} differs from the model card ({expected}); refusing to load it"
        )
    return path


@dataclass(eq=False)
class TransformerModel:
    """Scores sentences with the int8 ONNX model; safe to share between threads (an
    onnxruntime session is, and the tokenizer is only read)."""

    session: Any
    tokenizer: Any
    max_len: int
    card: dict[str, Any] = field(default_factory=dict)

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        out = np.zeros(len(texts), dtype=np.float64)
        if not texts:
            return out
        # Length-sorted batches pad little; the scores go back in the caller's order.
        encoded = self.tokenizer.encode_batch(texts)
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i].ids))
        for start in range(0, len(order), BATCH_SIZE):
            rows = order[start : start + BATCH_SIZE]
            width = max(len(encoded[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                tokens = encoded[i].ids
                ids[r, : len(tokens)] = tokens
                mask[r, : len(tokens)] = 1
            (batch_logits,) = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            out[rows] = batch_logits.reshape(-1)
        return out

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        """Probability that each text is check-worthy."""
        return 1.0 / (1.0 + np.exp(-self.logits(texts)))


def load_transformer(directory: Path | str = MODEL_DIR, *, threads: int = 1) -> TransformerModel:
    """Load the second stage after checking both files against the card.

    One intra-op thread by default: the scorer runs inside web and worker processes that
    already run one request or task per core."""
    import onnxruntime
    from tokenizers import Tokenizer

    directory = Path(directory)
    card = read_card(directory)
    files = card["files"]
    onnx_path = _verified(directory, ONNX_NAME, files[ONNX_NAME]["sha256"])
    tokenizer_path = _verified(directory, TOKENIZER_NAME, files[TOKENIZER_NAME]["sha256"])
    tokenizer = Tokenizer.from_file(str(tokenizer_path))
    tokenizer.no_padding()
    tokenizer.enable_truncation(max_length=int(card["max_len"]))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(
        str(onnx_path), options, providers=["CPUExecutionProvider"]
    )
    return TransformerModel(session, tokenizer, int(card["max_len"]), card)


_cache: dict[Path, TransformerModel] = {}
_lock = threading.Lock()


def get_transformer(directory: Path | str = MODEL_DIR) -> TransformerModel:
    """The second stage at ``directory``, loaded (and verified) once per process."""
    key = Path(directory).resolve()
    with _lock:
        if key not in _cache:
            _cache[key] = load_transformer(key)
        return _cache[key]
