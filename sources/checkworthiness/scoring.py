"""The one interface the ingestion pipeline calls to rank sentences for curators.

``get_scorer().score(sentences)`` returns one :class:`SentenceScore` per sentence. The
default scorer has two stages:

1. **fast** (:class:`ModelRuleScorer`, every sentence, thousands per second): the TF-IDF
   model's probability (see :mod:`.model`) nudged by the rules,
   ``clip(p + sum(RULE_ADJUSTMENTS[r] for r in reasons), 0, 1)``. The nudges are small
   (at most ±0.10) because the model already sees the rule flags as features; they make the
   queue order agree with the reasons curators read (a fragment or a question sinks, a
   statistic rises) without overriding the model.
2. **second** (:class:`TwoStageScorer`, only sentences whose fast score reaches
   ``rescore_from``): the fine-tuned MiniLM of :mod:`.transformer`; the score becomes
   ``fast_weight * fast + (1 - fast_weight) * minilm``. Sentences below ``rescore_from`` keep
   their fast score, which is below the threshold, so they never reach the queue.

``reasons`` = the rule reason codes from :func:`.rules.rule_reasons`, the same for both
stages. A sentence is a candidate when ``score >= threshold``. The ingestion code reads the
Django setting ``FACTCHECK_CANDIDATE_THRESHOLD``; its default is :func:`default_threshold`,
chosen with ``rescore_from`` and ``fast_weight`` at training time on held-out later debates
of the training split (``data/minilm/transformer.json``). This module never imports Django
settings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from . import model as model_module
from . import rules
from . import transformer as transformer_module

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


def two_stage(fast: float, second: float, fast_weight: float) -> float:
    """The score of a re-scored sentence: a weighted mean of both stages, in [0, 1]."""
    return float(min(1.0, max(0.0, fast_weight * fast + (1.0 - fast_weight) * second)))


class TwoStageScorer:
    """The fast scorer ranks every sentence; MiniLM re-scores those that could be candidates."""

    def __init__(
        self,
        fast: ModelRuleScorer | None = None,
        second: transformer_module.TransformerModel | None = None,
    ) -> None:
        self.fast = fast if fast is not None else ModelRuleScorer()
        self._second = second

    @property
    def second(self) -> transformer_module.TransformerModel:
        return self._second if self._second is not None else transformer_module.get_transformer()

    @property
    def combination(self) -> Mapping[str, float]:
        return self.second.card["combination"]

    @property
    def threshold(self) -> float:
        return float(self.combination["threshold"])

    def score(self, sentences: Sequence[str]) -> list[SentenceScore]:
        sentences = list(sentences)
        first = self.fast.score(sentences)
        combination = self.combination
        rows = [i for i, s in enumerate(first) if s.score >= combination["rescore_from"]]
        probabilities = self.second.predict_proba([sentences[i] for i in rows])
        out = list(first)
        for i, p in zip(rows, probabilities, strict=True):
            score = two_stage(first[i].score, float(p), float(combination["fast_weight"]))
            out[i] = SentenceScore(score, first[i].reasons)
        return out


def get_scorer() -> Scorer:
    """The default scorer: the fast model with the rules, then MiniLM on the candidates."""
    return TwoStageScorer()


def default_threshold() -> float:
    """Candidate threshold on the two-stage ``SentenceScore.score``, chosen at training time."""
    return float(transformer_module.read_card()["combination"]["threshold"])
