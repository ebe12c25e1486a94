"""`manage.py evaluate_ingest`: one table of every ingestion figure, each naming its data."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sources.evaluation.labelled import evaluate_labelled
from sources.evaluation.labelled_checkworthiness import evaluate_labelled_checkworthiness

_REPO_ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = Path(os.environ.get("FACTCHECK_EVAL_DIR", _REPO_ROOT.parent / "shared" / "eval"))
needs_eval_data = pytest.mark.skipif(
    not (EVAL_DIR / "checkworthiness").is_dir()
    or not (EVAL_DIR / "attribution" / "polnear" / "dev").is_dir(),
    reason=f"shared evaluation data not found in {EVAL_DIR} (set FACTCHECK_EVAL_DIR)",
)

# The hand-labelled set's figures as stated in README.md ("Finding claims: evaluation").
README_LABELLED = {
    "check-worthiness (shipped scorer) F1": 0.85,
    "check-worthiness (shipped scorer) recall": 1.0,
    "named speaker accuracy": 1.0,
}


@needs_eval_data
def test_evaluate_ingest_prints_every_figure_with_its_data(tmp_path, capsys):
    out = tmp_path / "figures.json"
    call_command("evaluate_ingest", "--data", str(EVAL_DIR), "--limit", "3", "--json", str(out))
    printed = capsys.readouterr().out

    figures = json.loads(out.read_text())["figures"]
    by_name = {(f["area"], f["name"]): f for f in figures}
    for area in ("check-worthiness dev", "check-worthiness dev-test"):
        for system in ("shipped scorer", "TF-IDF + LR baseline (t=0.5)"):
            for metric in ("F1", "precision", "recall"):
                assert 0.0 <= by_name[(area, f"{system} {metric}")]["value"] <= 1.0
        assert by_name[(area, "always-Yes F1")]["n"] == 3
    speed = "check-worthiness speed"
    assert by_name[(speed, "fast stage sentences/s, 1 core (CPU time)")]["value"] > 0
    assert by_name[(speed, "second stage candidates/s, 1 core (CPU time)")]["value"] > 0
    # Never dev-test alone: the held-out later debates of train are reported beside it.
    forward = "check-worthiness forward-chaining (train, later debates)"
    for system in ("shipped scorer", "fast stage alone"):
        assert 0.0 < by_name[(forward, f"{system} F1")]["value"] < 1.0
        assert by_name[(forward, f"{system} F1")]["n"] == 9000
    assert "training run" in by_name[(forward, "shipped scorer F1")]["data"]
    assert ("hand-labelled set", "precision at top 5: seed-kremlin-starmer") in by_name
    for name in (
        "recall, all direct quotes",
        "accuracy, named sources",
        "accuracy, pronoun/descriptive sources",
        "precision of quotations found",
    ):
        assert ("attribution PolNeAR dev", name) in by_name
    assert "CT24_checkworthy_english_dev-test.tsv" in printed
    assert "attribution/polnear/dev" in printed
    assert "tests/sources/labelled/articles.json" in printed
    # A slice is never presented as meeting or missing a target.
    assert all(f["met"] is None for f in figures)
    assert "not judged on a slice" in printed
    labelled = {f["name"]: f["value"] for f in figures if f["area"] == "hand-labelled set"}
    for name, floor in README_LABELLED.items():
        assert labelled[name] >= floor, name


def test_labelled_set_checkworthiness_does_not_fall_below_the_readme():
    result = evaluate_labelled_checkworthiness()
    assert result["n"] == evaluate_labelled()["sentences"]  # every labelled sentence scored
    assert result["f1"] >= README_LABELLED["check-worthiness (shipped scorer) F1"], result["errors"]
    assert result["recall"] >= README_LABELLED["check-worthiness (shipped scorer) recall"], result[
        "errors"
    ]


def test_evaluate_ingest_names_a_missing_data_folder(tmp_path):
    with pytest.raises(CommandError, match="checkworthiness: not found"):
        call_command("evaluate_ingest", "--data", str(tmp_path))
