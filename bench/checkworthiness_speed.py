"""Single-core throughput of the check-worthiness scorer (batched) on dev + dev-test: the
fast stage over every sentence, the MiniLM second stage over the candidates it re-scores, and
the two stages together.

Usage: python bench/checkworthiness_speed.py [--data ../shared/eval/checkworthiness]
Writes bench/results/checkworthiness.json.
"""

from __future__ import annotations

import os

# Pin BLAS/OpenMP to one thread before numpy is imported: the figure is per core.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sources.checkworthiness import model as model_module  # noqa: E402
from sources.checkworthiness import scoring, transformer  # noqa: E402
from sources.checkworthiness.train import load_splits, sentences_per_second  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/eval/checkworthiness")
    parser.add_argument("--out", type=Path, default=ROOT / "bench/results/checkworthiness.json")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    splits = load_splits(args.data)
    texts = splits["dev"].texts + splits["dev-test"].texts
    model = model_module.get_model()
    fast = scoring.ModelRuleScorer(model)
    two_stage = scoring.TwoStageScorer(fast=fast, second=transformer.get_transformer())
    rescore_from = two_stage.combination["rescore_from"]
    candidates = [t for t, r in zip(texts, fast.score(texts), strict=True)
                  if r.score >= rescore_from]
    result = {
        "measured_at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
        "sentences": len(texts),
        "scorer": sentences_per_second(fast.score, texts),
        "model_only": sentences_per_second(model.predict_proba, texts),
        "second_stage_candidates": sentences_per_second(two_stage.second.predict_proba,
                                                        candidates),
        "two_stage": sentences_per_second(two_stage.score, texts),
        "note": "cpu = sentences per CPU-second of this one-core process; wall = elapsed-time "
        "rate on the machine as it was (shared, see load_average)",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
