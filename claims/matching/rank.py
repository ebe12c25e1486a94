"""Judge a wording against candidate claims: semantic similarity plus the slot comparison (pure)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from claims.matching.decide import Outcome, Thresholds, decide
from claims.matching.slots import Comparison, compare_slots, extract_slots


@dataclass(frozen=True)
class Candidate:
    key: int  # a claim id (or an external fact-check id)
    text: str
    speaker: str
    vector: np.ndarray


@dataclass(frozen=True)
class Judged:
    key: int
    outcome: Outcome
    similarity: float
    comparison: Comparison

    @property
    def differences(self) -> list[str]:
        return list(self.comparison.conflicts) + list(self.comparison.gaps)


_ORDER = {Outcome.SAME: 0, Outcome.SUGGEST: 1, Outcome.NEW: 2}
# The same claims are candidates for many wordings (an ingest batch, a day's tips): their slots
# (immutable) are read once per process.
_candidate_slots = functools.lru_cache(maxsize=20_000)(extract_slots)


def judge(
    text: str, speaker: str, vector: np.ndarray, candidates: Sequence[Candidate], thresholds: Thresholds
) -> list[Judged]:
    """Every candidate's outcome, best first: `same` before `suggest` before `new`, each by
    similarity (ties: the lower key, i.e. the older claim)."""
    if not candidates:
        return []
    mine = extract_slots(text, speaker=speaker)
    sims = np.stack([c.vector for c in candidates]) @ vector
    out = []
    for candidate, sim in zip(candidates, sims.tolist(), strict=True):
        if sim < thresholds.suggest:
            # New whatever its slots say; reading them is most of the cost of a lookup.
            out.append(Judged(candidate.key, Outcome.NEW, float(sim), Comparison()))
            continue
        comparison = compare_slots(mine, _candidate_slots(candidate.text, speaker=candidate.speaker))
        out.append(Judged(candidate.key, decide(sim, comparison, thresholds), float(sim), comparison))
    out.sort(key=lambda j: (_ORDER[j.outcome], -j.similarity, j.key))
    return out


def closest_conflict(judged: Sequence[Judged], thresholds: Thresholds) -> Judged | None:
    """The most similar candidate ruled out only by a conflicting slot: shown as related."""
    ruled_out = [j for j in judged if j.comparison.conflicts and j.similarity >= thresholds.suggest]
    return max(ruled_out, key=lambda j: (j.similarity, -j.key)) if ruled_out else None
