"""What one chunk of ingested articles will write, decided without a database.

`plan_chunk` takes the picked sentences of each article (with their sentence vectors) and what
matching found for each among the stored claims, and says, for every sentence: an appearance
of an existing claim, an appearance of a claim this chunk creates (the same sentence twice in
an article, or a later article repeating an earlier one), or a new claim — plus the possible
matches to put before a curator. `sources.services.chunk_write` applies the plan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from claims.matching.decide import Outcome, Thresholds
from claims.matching.lookup import Match
from claims.matching.rank import Candidate, judge
from claims.models import Claim, ExternalFactCheck
from sources.pipeline import Attribution, Sentence
from sources.pipeline.normalise import normalise

# Earlier claims of the chunk a sentence is compared with, most similar first.
MAX_EARLIER = 50


@dataclass(frozen=True)
class Picked:
    """A check-worthy sentence of an article."""

    sentence: Sentence
    score: float
    reasons: tuple[str, ...]
    attribution: Attribution | None
    vector: np.ndarray

    @property
    def speaker(self) -> str:
        return self.attribution.speaker if self.attribution and self.attribution.speaker else ""


@dataclass(frozen=True)
class NewClaim:
    article: int
    picked: Picked


@dataclass(frozen=True)
class PlannedAppearance:
    article: int
    picked: Picked
    existing: Claim | None = None  # an appearance of a stored claim ...
    new: int | None = None  # ... or of plan.new_claims[new]
    repeat: bool = False  # counts as an appearance added to a claim that existed before the article


@dataclass(frozen=True)
class PlannedSuggestion:
    new: int  # plan.new_claims[new] may be ...
    similarity: float
    existing: Claim | None = None  # ... this stored claim,
    earlier: int | None = None  # ... a claim an earlier article of the chunk creates,
    external: ExternalFactCheck | None = None  # ... or another publisher's fact-check
    differences: tuple[str, ...] = ()


@dataclass
class ChunkPlan:
    new_claims: list[NewClaim] = field(default_factory=list)
    appearances: list[PlannedAppearance] = field(default_factory=list)
    suggestions: list[PlannedSuggestion] = field(default_factory=list)


def plan_chunk(
    analysed: Sequence[Sequence[Picked]], matches: Sequence[Sequence[Match]], threshold: Thresholds
) -> ChunkPlan:
    """Plan a chunk as if its articles were written one after another: a sentence of a later
    article matches the claims an earlier one creates, under the same rules (`threshold`) as
    stored claims."""
    plan = ChunkPlan()
    # The vectors of the chunk's new claims, one row each in creation order, filled as they are
    # planned: each article reads the rows of earlier articles' claims without copying them
    # (a chunk creates thousands of claims).
    vectors = [p.vector for picked in analysed for p in picked]
    matrix = np.empty((len(vectors), vectors[0].shape[0] if vectors else 0), dtype=np.float32)
    earlier: list[Candidate] = []
    for a, (picked, found) in enumerate(zip(analysed, matches, strict=True)):
        for j in range(len(earlier), len(plan.new_claims)):
            new = plan.new_claims[j]
            earlier.append(Candidate(j, new.picked.sentence.text, new.picked.speaker, new.picked.vector))
            matrix[j] = new.picked.vector
        # Each sentence is judged only against the earlier claims similar enough to be suggested.
        earlier_vectors = matrix[: len(earlier)] if earlier else None
        seen: dict[str, int] = {}
        for p, match in zip(picked, found, strict=True):
            if match.outcome == Outcome.SAME and match.claim is not None:
                plan.appearances.append(PlannedAppearance(a, p, existing=match.claim, repeat=True))
                continue
            key = normalise(p.sentence.text).casefold()
            if key in seen:  # the same sentence twice in one article: one claim
                plan.appearances.append(PlannedAppearance(a, p, new=seen[key]))
                continue
            ranked = []
            if earlier_vectors is not None:
                sims = earlier_vectors @ p.vector
                close = np.flatnonzero(sims >= threshold.suggest)
                close = close[np.argsort(-sims[close], kind="stable")][:MAX_EARLIER]
                if len(close):
                    ranked = judge(p.sentence.text, p.speaker, p.vector, [earlier[i] for i in close], threshold)
            if ranked and ranked[0].outcome == Outcome.SAME:
                plan.appearances.append(PlannedAppearance(a, p, new=ranked[0].key, repeat=True))
                continue
            j = len(plan.new_claims)
            plan.new_claims.append(NewClaim(a, p))
            seen[key] = j
            plan.appearances.append(PlannedAppearance(a, p, new=j))
            if match.outcome == Outcome.SUGGEST and match.claim is not None:
                plan.suggestions.append(
                    PlannedSuggestion(j, match.similarity, existing=match.claim, differences=tuple(match.differences))
                )
            elif ranked and ranked[0].outcome == Outcome.SUGGEST:
                plan.suggestions.append(
                    PlannedSuggestion(j, ranked[0].similarity, earlier=ranked[0].key, differences=tuple(ranked[0].differences))
                )
            for hit in match.externals:
                plan.suggestions.append(
                    PlannedSuggestion(j, hit.similarity, external=hit.fact_check, differences=tuple(hit.differences))
                )
    return plan
