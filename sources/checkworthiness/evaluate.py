"""Figures for the shipped check-worthiness model on the CheckThat! 2024 dev and dev-test splits."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from . import model as model_module
from . import scoring
from .train import Split, evaluate, load_splits, sentences_per_second, single_core


def evaluate_checkworthiness(
    data_dir: Path | str,
    model_path: Path | str = model_module.DEFAULT_MODEL_PATH,
    *,
    limit: int | None = None,
) -> dict:
    """F1/precision/recall (positive class) on dev and dev-test, and sentences/s.

    ``scorer`` is what the pipeline uses (model + rule nudges, at ``default_threshold()``);
    ``model`` is the bare probability at the CV threshold chosen for it; ``always_yes`` is the
    trivial reference. Speed is batched scoring of dev + dev-test on one core. ``limit``
    keeps the first N sentences of each split (a quick slice).
    """
    single_core()
    model = model_module.get_model(model_path)
    scorer = scoring.ModelRuleScorer(model)
    model_threshold = float(model.meta.get("model_threshold", model.threshold))
    splits = load_splits(data_dir)
    figures: dict = {"threshold": model.threshold, "model_threshold": model_threshold}
    for name in ("dev", "dev-test"):
        split = splits[name]
        if limit is not None:
            split = Split(split.ids[:limit], split.texts[:limit], split.labels[:limit])
            splits[name] = split
        results = scorer.score(split.texts)
        figures[name] = {
            "scorer": evaluate(split.labels, np.array([r.score for r in results]),
                               model.threshold),
            "model": evaluate(split.labels, model.predict_proba(split.texts), model_threshold),
            "always_yes": evaluate(split.labels, np.ones(len(split.labels)), 0.5),
        }
    figures["sentences_per_second"] = sentences_per_second(
        scorer.score, splits["dev"].texts + splits["dev-test"].texts
    )
    return figures
