"""Check-worthiness of the shipped (two-stage) scorer on the project's hand-labelled articles.

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
    scorer = scoring.get_scorer()
    threshold = scoring.default_threshold() if threshold is None else threshold
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


def precision_at_k(path: str | Path = DEFAULT_PATH, ks: tuple[int, ...] = (5, 10)) -> dict:
    """Per article: precision of the top k labelled sentences ranked by the shipped score.

    A curator reads the queue from the top, so this is what the first screen is worth.
    Articles with fewer labelled sentences than k are scored on all of them (``k_used``)."""
    rows = labelled_sentences(path)
    scores = [r.score for r in scoring.get_scorer().score([text for _, text, _ in rows])]
    by_article: dict[str, list[tuple[float, bool]]] = {}
    for (article, _text, label), score in zip(rows, scores, strict=True):
        by_article.setdefault(article, []).append((score, label))
    out: dict = {}
    for article, ranked in by_article.items():
        ranked.sort(key=lambda pair: -pair[0])
        out[article] = {"n": len(ranked), "checkworthy": sum(label for _, label in ranked)}
        for k in ks:
            top = ranked[:k]
            out[article][f"p@{k}"] = round(sum(label for _, label in top) / len(top), 3)
            out[article][f"k_used@{k}"] = len(top)
    return out


def article_candidates(text: str) -> tuple[int, int]:
    """(sentences at or above the shipped threshold, sentences) of one article's text."""
    sentences = [s.text for s in analyse(text).sentences]
    threshold = scoring.default_threshold()
    picked = sum(r.score >= threshold for r in scoring.get_scorer().score(sentences))
    return int(picked), len(sentences)
