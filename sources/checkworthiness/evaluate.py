"""Figures for the shipped check-worthiness scorer on the CheckThat! 2024 dev and dev-test
splits, and the forward-chaining validation on train recorded when each stage was trained."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import model as model_module
from . import scoring
from . import transformer as transformer_module
from .train import Split, evaluate, load_splits, sentences_per_second, single_core


def forward_chaining_figures() -> dict:
    """Held-out later-debate figures of train, as recorded by the training runs.

    ``fast``: the fast stage (model + rules) over the last 4 of 10 chronological blocks, each
    predicted by a model fitted on all earlier blocks (``data/model.json``). ``two_stage``:
    the shipped two-stage scorer on the same rows, MiniLM fitted on blocks 0-5 only
    (``data/minilm/transformer.json``). Recomputing them means retraining, so they are read."""
    model = model_module.get_model()
    card = transformer_module.read_card()
    forward = card["scores"]["forward_chaining"]
    return {
        "fast": model.meta["cv"]["scorer"],
        "two_stage": forward["two_stage"],
        "minilm_alone": forward["minilm_alone"],
        "halves": forward.get("halves", {}),
        "fast_data": str(model_module.DEFAULT_MODEL_PATH.with_suffix(".json")),
        "two_stage_data": str(transformer_module.MODEL_DIR / transformer_module.CARD_NAME),
    }


def evaluate_checkworthiness(
    data_dir: Path | str,
    model_path: Path | str = model_module.DEFAULT_MODEL_PATH,
    *,
    limit: int | None = None,
) -> dict:
    """F1/precision/recall (positive class) on dev and dev-test, and speed.

    ``scorer`` is what the pipeline uses (the two-stage scorer at ``default_threshold()``);
    ``fast`` is the first stage alone (model + rule nudges at its own threshold); ``model``
    is the bare TF-IDF probability at the CV threshold chosen for it; ``always_yes`` is the
    trivial reference. Speed is batched scoring of dev + dev-test on one core: the fast stage
    in sentences/s, the second stage in candidates/s (the sentences it re-scores), and the
    two stages together in sentences/s. ``limit`` keeps the first N sentences of each split
    (a quick slice).
    """
    single_core()
    model = model_module.get_model(model_path)
    fast = scoring.ModelRuleScorer(model)
    second = transformer_module.get_transformer()
    two_stage = scoring.TwoStageScorer(fast=fast, second=second)
    model_threshold = float(model.meta.get("model_threshold", model.threshold))
    splits = load_splits(data_dir)
    figures: dict = {
        "threshold": two_stage.threshold,
        "fast_threshold": model.threshold,
        "model_threshold": model_threshold,
        "combination": dict(two_stage.combination),
    }
    for name in ("dev", "dev-test"):
        split = splits[name]
        if limit is not None:
            split = Split(split.ids[:limit], split.texts[:limit], split.labels[:limit])
            splits[name] = split
        figures[name] = {
            "scorer": evaluate(split.labels, _scores(two_stage, split.texts),
                               two_stage.threshold),
            "fast": evaluate(split.labels, _scores(fast, split.texts), model.threshold),
            "model": evaluate(split.labels, model.predict_proba(split.texts), model_threshold),
            "always_yes": evaluate(split.labels, np.ones(len(split.labels)), 0.5),
        }
    texts = splits["dev"].texts + splits["dev-test"].texts
    rescore_from = two_stage.combination["rescore_from"]
    candidates = [t for t, s in zip(texts, _scores(fast, texts), strict=True) if s >= rescore_from]
    figures["sentences_per_second"] = sentences_per_second(fast.score, texts)
    figures["candidates_per_second"] = sentences_per_second(second.predict_proba, candidates)
    figures["two_stage_sentences_per_second"] = sentences_per_second(two_stage.score, texts)
    figures["forward_chaining"] = forward_chaining_figures()
    return figures


def _scores(scorer: scoring.Scorer, texts: list[str]) -> np.ndarray:
    return np.array([r.score for r in scorer.score(texts)])
