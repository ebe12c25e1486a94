"""Every figure of the ingestion pipeline's evaluation in one table (issue 4).

Three sources of labelled data, each figure naming the file or folder it was read from:

- CLEF CheckThat! 2024 Task 1 English, dev and dev-test (``<data>/checkworthiness``): F1,
  precision and recall of the check-worthy class for the shipped (two-stage) scorer, the fast
  stage alone, the bare TF-IDF model, the TF-IDF + logistic-regression baseline and
  always-Yes; batched scoring speed of each stage. Beside them, never replaced by them, the
  forward-chaining validation on train (held-out later debates) that the training runs
  recorded: the better estimate of how the scorer does on debates it has never seen.
- PolNeAR dev (``<data>/attribution/polnear/dev``): recall of direct quotations, attribution
  accuracy for named and for pronoun/descriptive sources, precision of the quotations found.
- The project's own hand-labelled articles (``tests/sources/labelled/articles.json``):
  check-worthiness of the shipped scorer (and precision of each article's top 5 and 10),
  how many of the seed article's sentences reach the queue, and attribution accuracy.

The TF-IDF baseline is either read from the provenance the training run wrote beside the
model (``model.json``, always on the full splits) or trained again in this run on the train
split (``baseline="train"``); the table says which.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Literal

from sources.checkworthiness import model as model_module
from sources.checkworthiness.evaluate import evaluate_checkworthiness
from sources.checkworthiness.train import SPLITS, evaluate, load_splits, train_baseline

from .attribution import evaluate_attribution
from .labelled import DEFAULT_PATH as LABELLED_PATH
from .labelled import REPO, SPEAKERS_PATH, evaluate_labelled, evaluate_speaker_kinds
from .labelled_checkworthiness import (
    article_candidates,
    evaluate_labelled_checkworthiness,
    precision_at_k,
)

CHECKWORTHINESS_DIR = "checkworthiness"
SEED_ARTICLE = REPO / "seeds" / "000_0c3d13e8cedcbca7.txt"
FORWARD_AREA = "check-worthiness forward-chaining (train, later debates)"
FAST_SPEED = "fast stage sentences/s, 1 core (CPU time)"
SECOND_SPEED = "second stage candidates/s, 1 core (CPU time)"
POLNEAR_DEV_DIR = "attribution/polnear/dev"
BaselineSource = Literal["card", "train"]

# The targets: (area, figure) -> (comparison, value).
TARGETS: dict[tuple[str, str], float] = {
    ("check-worthiness dev-test", "shipped scorer F1"): 0.85,
    (FORWARD_AREA, "shipped scorer F1"): 0.72,
    ("check-worthiness speed", FAST_SPEED): 2000.0,
    ("check-worthiness speed", SECOND_SPEED): 300.0,
    ("attribution PolNeAR dev", "accuracy, named sources"): 0.95,
    ("attribution PolNeAR dev", "accuracy, pronoun/descriptive sources"): 0.92,
    ("attribution PolNeAR dev", "recall, all direct quotes"): 0.90,
    ("attribution PolNeAR dev", "precision of quotations found"): 0.85,
    ("attribution PolNeAR dev", "recall, indirect speech, named sources"): 0.80,
    ("attribution PolNeAR dev", "accuracy, indirect speech, named sources"): 0.80,
    ("attribution PolNeAR dev", "recall, indirect, named, speech cue"): 0.80,
    ("attribution PolNeAR dev", "accuracy, indirect, named, speech cue"): 0.80,
    ("hand-labelled speakers", "speaker kind accuracy"): 1.0,
}


@dataclass(frozen=True)
class Figure:
    area: str
    name: str
    value: float | None
    n: int | None  # sentences, quotations or attributions the figure is computed over
    data: str  # the file or folder the figure was read from
    target: float | None = None

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target


def _display(path: Path | str) -> str:
    """Paths inside the repository are shown relative to it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def _figure(area: str, name: str, value: float | None, n: int | None, data: str) -> Figure:
    return Figure(area, name, value, n, data, TARGETS.get((area, name)))


def _prf(area: str, label: str, scores: dict, data: str) -> list[Figure]:
    return [
        _figure(area, f"{label} F1", scores["f1"], scores["n"], data),
        _figure(area, f"{label} precision", scores["precision"], scores["n"], data),
        _figure(area, f"{label} recall", scores["recall"], scores["n"], data),
    ]


def _baseline(data_dir: Path, source: BaselineSource, limit: int | None) -> tuple[dict, str]:
    """Baseline scores per split and where they come from."""
    if source == "train":
        splits = load_splits(data_dir)
        pipeline = train_baseline(splits["train"].texts, splits["train"].labels)
        scores = {}
        for name in ("dev", "dev-test"):
            split = splits[name]
            texts, labels = split.texts[:limit], split.labels[:limit]
            scores[name] = evaluate(labels, pipeline.predict_proba(texts)[:, 1], 0.5)
        origin = f"trained in this run on {_display(data_dir / SPLITS['train'])}"
        return scores, origin
    model = model_module.get_model()
    baseline = model.meta.get("results", {}).get("scores", {}).get("baseline")
    if not baseline:
        raise ValueError("the shipped model.json records no baseline scores; use baseline='train'")
    origin = f"{_display(model_module.DEFAULT_MODEL_PATH.with_suffix('.json'))} (training run)"
    return baseline, origin


def evaluate_ingest(
    data_dir: Path | str,
    *,
    limit: int | None = None,
    baseline: BaselineSource = "card",
    labelled_path: Path | str = LABELLED_PATH,
) -> dict:
    """All figures, as ``{"figures": [Figure...], "details": {...}}``.

    ``limit`` keeps the first N sentences of dev and dev-test and the first N PolNeAR
    articles (a quick slice for CI); the hand-labelled set is always used whole.
    Raises FileNotFoundError naming the missing folder.
    """
    data_dir = Path(data_dir)
    cw_dir = data_dir / CHECKWORTHINESS_DIR
    polnear_dir = data_dir / POLNEAR_DEV_DIR
    for folder in (cw_dir, polnear_dir):
        if not folder.is_dir():
            raise FileNotFoundError(f"{folder}: not found (expected the shared evaluation data)")
    for filename in SPLITS.values():
        if not (cw_dir / filename).is_file():
            raise FileNotFoundError(f"{cw_dir / filename}: not found")

    figures: list[Figure] = []
    cw = evaluate_checkworthiness(cw_dir, limit=limit)
    forward = cw["forward_chaining"]
    figures += _prf(FORWARD_AREA, "shipped scorer", forward["two_stage"],
                    f"{_display(forward['two_stage_data'])} (training run)")
    figures += _prf(FORWARD_AREA, "fast stage alone", forward["fast"],
                    f"{_display(forward['fast_data'])} (training run)")
    figures.append(_figure(FORWARD_AREA, "MiniLM alone F1", forward["minilm_alone"]["f1"],
                           forward["minilm_alone"]["n"],
                           f"{_display(forward['two_stage_data'])} (training run)"))
    base_scores, base_origin = _baseline(cw_dir, baseline, limit)
    for split in ("dev", "dev-test"):
        area = f"check-worthiness {split}"
        data = _display(cw_dir / SPLITS[split])
        figures += _prf(area, "shipped scorer", cw[split]["scorer"], data)
        figures += _prf(area, "fast stage alone", cw[split]["fast"], data)
        figures += _prf(area, "model alone", cw[split]["model"], data)
        base_data = data if baseline == "train" else base_origin
        figures += _prf(area, "TF-IDF + LR baseline (t=0.5)", base_scores[split], base_data)
        figures.append(
            _figure(
                area,
                "always-Yes F1",
                cw[split]["always_yes"]["f1"],
                cw[split]["always_yes"]["n"],
                data,
            )
        )
    speed_data = f"{_display(cw_dir / SPLITS['dev'])} + {SPLITS['dev-test']}"
    for name, key, unit in (
        ("fast stage", "sentences_per_second", "sentences/s"),
        ("second stage", "candidates_per_second", "candidates/s"),
        ("both stages", "two_stage_sentences_per_second", "sentences/s"),
    ):
        speed = cw[key]
        figures.append(_figure("check-worthiness speed", f"{name} {unit}, 1 core (CPU time)",
                               speed["cpu"], speed["n"], speed_data))
        figures.append(_figure("check-worthiness speed",
                               f"{name} {unit}, wall clock (shared machine)",
                               speed["wall"], speed["n"], speed_data))

    attribution = evaluate_attribution(polnear_dir, limit=limit)
    area, data = "attribution PolNeAR dev", _display(polnear_dir)
    both = attribution["direct_quotes"]
    named = attribution["named_sources"]
    other = attribution["pronoun_or_descriptive_sources"]
    figures += [
        _figure(area, "recall, all direct quotes", both["recall"], both["quotes"], data),
        _figure(area, "accuracy, all direct quotes", both["accuracy"], both["quotes"], data),
        _figure(area, "recall, named sources", named["recall"], named["quotes"], data),
        _figure(area, "accuracy, named sources", named["accuracy"], named["quotes"], data),
        _figure(
            area, "recall, pronoun/descriptive sources", other["recall"], other["quotes"], data
        ),
        _figure(
            area, "accuracy, pronoun/descriptive sources", other["accuracy"], other["quotes"], data
        ),
        _figure(
            area,
            "precision of quotations found",
            attribution["precision"],
            attribution["attributed_quotes"],
            data,
        ),
        _figure(
            area,
            "precision, quotation opens an annotated content",
            attribution["precision_opening"],
            attribution["attributed_quotes"],
            data,
        ),
    ]
    indirect = attribution["indirect_named_sources"]
    figures += [
        _figure(area, "recall, indirect speech, named sources", indirect["recall"], indirect["quotes"], data),
        _figure(area, "accuracy, indirect speech, named sources", indirect["accuracy"], indirect["quotes"], data),
    ]
    # The same, over the attributions whose annotated cue is a verb of speech.
    speech = attribution["indirect_speech_named_sources"]
    figures += [
        _figure(area, "recall, indirect, named, speech cue", speech["recall"], speech["quotes"], data),
        _figure(area, "accuracy, indirect, named, speech cue", speech["accuracy"], speech["quotes"], data),
    ]
    kinds = evaluate_speaker_kinds()
    area, kinds_data = "hand-labelled speakers", _display(SPEAKERS_PATH)
    figures += [
        _figure(area, "speaker kind accuracy", kinds["speaker_kind_accuracy"], kinds["sentences"], kinds_data),
        _figure(area, "role accuracy", kinds["role_accuracy"], kinds["roles"], kinds_data),
    ]

    labelled_cw = evaluate_labelled_checkworthiness(labelled_path)
    labelled = evaluate_labelled(labelled_path)
    area, data = "hand-labelled set", _display(labelled_path)
    figures += _prf(area, "check-worthiness (shipped scorer)", labelled_cw, data)
    at_k = precision_at_k(labelled_path)
    for article, row in at_k.items():
        for k in (5, 10):
            figures.append(_figure(area, f"precision at top {k}: {article}", row[f"p@{k}"],
                                   row[f"k_used@{k}"], data))
    picked, sentences = article_candidates(SEED_ARTICLE.read_text(encoding="utf-8"))
    figures.append(_figure(area, f"seed article sentences in the queue (of {sentences})",
                           float(picked), sentences, _display(SEED_ARTICLE)))
    figures += [
        _figure(
            area,
            "sentence split accuracy",
            labelled["sentence_split_accuracy"],
            labelled["sentences"],
            data,
        ),
        _figure(
            area,
            "named speaker accuracy",
            labelled["named_speaker_accuracy"],
            labelled["named_speaker_sentences"],
            data,
        ),
        _figure(area, "unnamed source found", labelled["unnamed_source_found"], None, data),
        _figure(
            area,
            "narration left without speaker",
            labelled["narration_without_speaker"],
            None,
            data,
        ),
    ]
    return {
        "data": str(data_dir),
        "limit": limit,
        "baseline": base_origin,
        "figures": figures,
        "details": {
            "checkworthiness": cw,
            "attribution": {k: v for k, v in attribution.items() if k != "errors"},
            "labelled_checkworthiness": {k: v for k, v in labelled_cw.items() if k != "errors"},
            "labelled_precision_at_k": at_k,
            "labelled_attribution": {k: v for k, v in labelled.items() if k != "misses"},
        },
    }


def _value(figure: Figure) -> str:
    if figure.value is None:
        return "-"
    if figure.value > 1.0:
        return f"{figure.value:,.0f}"
    return f"{figure.value:.3f}"


def _target(figure: Figure, sliced: bool) -> str:
    if figure.target is None:
        return ""
    target = f"{figure.target:,.0f}" if figure.target > 1 else f"{figure.target:.2f}"
    if sliced:
        return f">= {target} (not judged on a slice)"
    if figure.met:
        return f">= {target}: met"
    gap = figure.target - (figure.value or 0.0)
    gap_text = f"{gap:,.0f}" if figure.target > 1 else f"{gap:.3f}"
    return f">= {target}: NOT met (short by {gap_text})"


def format_table(result: dict) -> str:
    """Markdown table of every figure, with the data each was read from."""
    lines = [
        "| area | figure | value | n | target | data |",
        "|---|---|---|---|---|---|",
    ]
    sliced = result["limit"] is not None
    for figure in result["figures"]:
        n = "" if figure.n is None else str(figure.n)
        lines.append(
            f"| {figure.area} | {figure.name} | {_value(figure)} | {n} | {_target(figure, sliced)} "
            f"| {figure.data} |"
        )
    return "\n".join(lines) + "\n"


def as_json(result: dict) -> dict:
    """The result with figures as plain dicts (``met`` included; None on a slice)."""
    sliced = result["limit"] is not None
    return {
        **result,
        "figures": [{**asdict(f), "met": None if sliced else f.met} for f in result["figures"]],
    }
