"""The one interface the ingestion pipeline calls to rank sentences for curators.

``get_scorer().score(sentences)`` returns one :class:`SentenceScore` per sentence:

* ``score`` = the learned model's probability (see :mod:`.model`), nudged by the rules:
  ``clip(p + sum(RULE_ADJUSTMENTS[r] for r in reasons), 0, 1)``. The nudges are small
  (at most ±0.10) because the model already sees the rule flags as features; they make the
  queue order agree with the reasons curators read (a fragment or a question sinks, a
  statistic rises) without overriding the model.
* ``reasons`` = the rule reason codes from :func:`.rules.rule_reasons`, always included.

A sentence is a candidate when ``score >= threshold``. The ingestion code reads the Django
setting ``FACTCHECK_CANDIDATE_THRESHOLD``; its default is :func:`default_threshold`, chosen
at training time by forward-chaining validation on this combined score. This module never
imports Django settings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from . import model as model_module
from . import rules

RULE_ADJUSTMENTS: Mapping[str, float] = {
    rules.STATISTIC: 0.05,
    rules.COMPARISON: 0.02,
    rules.PAST_EVENT: 0.02,
    rules.ATTRIBUTED: 0.0,
    rules.OPINION: -0.03,
    rules.QUESTION: -0.05,
    rules.FRAGMENT: -0.10,
}


@dataclass(frozen=True)
class SentenceScore:
    score: float  # 0..1 shown to curators
    reasons: tuple[str, ...]  # readable reason codes, e.g. ("statistic", "attributed assertion")


class Scorer(Protocol):
    def score(self, sentences: Sequence[str]) -> list[SentenceScore]: ...


def combine(probability: float, reasons: Sequence[str]) -> float:
    """Model probability adjusted by the rule reasons, clipped to [0, 1]."""
    adjusted = probability + sum(RULE_ADJUSTMENTS.get(reason, 0.0) for reason in reasons)
    return float(min(1.0, max(0.0, adjusted)))


def combined_scores(probabilities: Sequence[float] | np.ndarray,
                    sentences: Sequence[str]) -> np.ndarray:
    """``combine`` over a batch; used by training to pick the threshold on the final score."""
    return np.array(
        [combine(float(p), rules.rule_reasons(s)) for p, s in zip(probabilities, sentences,
                                                                   strict=True)]
    )


class ModelRuleScorer:
    """Learned model combined with the readable rules (the default scorer)."""

    def __init__(self, model: model_module.CheckworthinessModel | None = None) -> None:
        self._model = model

    @property
    def model(self) -> model_module.CheckworthinessModel:
        return self._model if self._model is not None else model_module.get_model()

    @property
    def threshold(self) -> float:
        return self.model.threshold

    def score(self, sentences: Sequence[str]) -> list[SentenceScore]:
        sentences = list(sentences)
        reasons = [tuple(rules.rule_reasons(sentence)) for sentence in sentences]
        probabilities = self.model.predict_proba(sentences, reasons)
        return [
            SentenceScore(combine(float(p), codes), codes)
            for p, codes in zip(probabilities, reasons, strict=True)
        ]


class RuleOnlyScorer:
    """Rules alone, for comparison or when the model file is unavailable: 0.5 + adjustments."""

    def score(self, sentences: Sequence[str]) -> list[SentenceScore]:
        out = []
        for sentence in sentences:
            reasons = tuple(rules.rule_reasons(sentence))
            out.append(SentenceScore(combine(0.5, reasons), reasons))
        return out


def get_scorer() -> Scorer:
    """The default scorer: the shipped model combined with the rules."""
    return ModelRuleScorer()


def default_threshold() -> float:
    """Candidate threshold on ``SentenceScore.score`` chosen at training time."""
    return model_module.default_threshold()
