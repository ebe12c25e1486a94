"""Check-worthiness of the shipped scorer on the project's hand-labelled articles.

Every sentence in `tests/sources/labelled/articles.json` carries a `checkworthy` label. The
sentence is located in the pipeline's own split of the article (exactly, or by prefix when
the article says `"match": "prefix"`), so the scorer sees the text ingestion would give it,
and is predicted check-worthy when its score reaches the shipped threshold.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from sources.checkworthiness import scoring
from sources.checkworthiness.train import evaluate
from sources.pipeline import analyse, normalise

from .labelled import DEFAULT_PATH, REPO


def labelled_sentences(path: str | Path = DEFAULT_PATH) -> list[tuple[str, str, bool]]:
    """(article id, sentence as the pipeline split it, check-worthy label) for each labelled
    sentence that the pipeline splits out (the others are reported by `evaluate_labelled`)."""
    articles = json.loads(Path(path).read_text(encoding="utf-8"))["articles"]
    out: list[tuple[str, str, bool]] = []
    for article in articles:
        if "text_file" in article:
            raw = (REPO / article["text_file"]).read_text(encoding="utf-8")
        else:
            raw = article["text"]
        sentences = [s.text for s in analyse(raw).sentences]
        prefix = article.get("match") == "prefix"
        for label in article["sentences"]:
            if "checkworthy" not in label:
                continue
            wanted = normalise(label["text"])
            found = next(
                (s for s in sentences if (s.startswith(wanted) if prefix else s == wanted)), None
            )
            if found is not None:
                out.append((article["id"], found, bool(label["checkworthy"])))
    return out


def evaluate_labelled_checkworthiness(
    path: str | Path = DEFAULT_PATH, *, threshold: float | None = None
) -> dict:
    """F1/precision/recall (check-worthy class) of the shipped scorer on the labelled set.

    ``threshold`` defaults to the scorer's shipped one (what ingestion uses unless
    ``FACTCHECK_CANDIDATE_THRESHOLD`` says otherwise). ``errors`` lists the disagreements.
    """
    rows = labelled_sentences(path)
    scorer = scoring.ModelRuleScorer()
    threshold = scorer.threshold if threshold is None else threshold
    results = scorer.score([text for _, text, _ in rows])
    scores = np.array([r.score for r in results])
    labels = np.array([label for _, _, label in rows], dtype=np.int8)
    figures = evaluate(labels, scores, threshold)
    figures["data"] = str(path)
    figures["errors"] = [
        {"article": article, "sentence": text[:80], "label": label, "score": round(s, 3)}
        for (article, text, label), s in zip(rows, scores, strict=True)
        if (s >= threshold) != label
    ]
    return figures
