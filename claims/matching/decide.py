"""The matcher's verdict on one pair, from its similarity and its slot comparison (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from claims.matching.slots import Comparison


class Outcome(StrEnum):
    SAME = "same"  # attach as an appearance of the existing claim
    SUGGEST = "suggest"  # ask a curator: possible match
    NEW = "new"  # a claim of its own


@dataclass(frozen=True)
class Thresholds:
    same: float  # similarity at or above which a pair with every slot equal is the same claim
    suggest: float  # similarity at or above which a pair without conflicts is suggested

    @classmethod
    def from_settings(cls) -> Thresholds:
        from django.conf import settings

        return cls(same=settings.FACTCHECK_MATCH_SAME, suggest=settings.FACTCHECK_MATCH_SUGGEST)


def decide(similarity: float, comparison: Comparison, thresholds: Thresholds) -> Outcome:
    """`same` needs high similarity and every slot equal; a conflicting slot (another number,
    name, year, a negation, the opposite direction, another speaker) rules the pair out however
    similar the wording, since that is exactly what a contrast looks like."""
    if comparison.conflicts:
        return Outcome.NEW
    if similarity >= thresholds.same and not comparison.gaps:
        return Outcome.SAME
    if similarity >= thresholds.suggest:
        return Outcome.SUGGEST
    return Outcome.NEW
