"""Find the existing claim a wording states, in three outcomes (`same`, `suggest`, `new`).

Two stages: lexical retrieval (`claims.matching.lexical`) picks the claims sharing informative
words with the wording, then each is judged by the cosine of sentence vectors (stored in
`ClaimEmbedding`, computed here for a claim that has none) and by comparing checkable slots
(`claims.matching.slots`). Other publishers' fact-checks are searched the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from django.conf import settings
from django.db.models import OuterRef, Subquery

from claims.matching import embedding
from claims.matching.decide import Outcome, Thresholds
from claims.matching.lexical import lexical_candidates_many
from claims.matching.rank import Candidate, Judged, closest_conflict, judge
from claims.models import Claim, ClaimEmbedding, ClaimStatus, ExternalFactCheck

EXTERNALS_SHOWN = 3


@dataclass(frozen=True)
class Wording:
    text: str
    speaker: str = ""  # who the wording is attributed to, when known


@dataclass
class ExternalHit:
    fact_check: ExternalFactCheck
    similarity: float
    differences: list[str]


@dataclass
class Match:
    outcome: Outcome
    claim: Claim | None = None  # the existing claim, for `same` and `suggest`
    similarity: float = 0.0
    differences: list[str] = field(default_factory=list)
    related: Claim | None = None  # the closest claim a conflicting slot ruled out
    related_differences: list[str] = field(default_factory=list)
    externals: list[ExternalHit] = field(default_factory=list)


def claim_match(text: str, *, speaker: str = "", thresholds: Thresholds | None = None) -> Match:
    """`claims_match` for one wording."""
    return claims_match([Wording(text, speaker)], thresholds=thresholds)[0]


def claims_match(
    wordings: Sequence[Wording],
    *,
    thresholds: Thresholds | None = None,
    vectors: np.ndarray | None = None,
    externals: bool = True,
) -> list[Match]:
    """The best existing claim for each wording. `vectors` are the wordings' own, when the
    caller already computed them."""
    if not wordings:
        return []
    thresholds = thresholds or Thresholds.from_settings()
    if vectors is None:
        vectors = embedding.embed([w.text for w in wordings])
    limit = settings.FACTCHECK_MATCH_CANDIDATES
    ids_of = lexical_candidates_many([w.text for w in wordings], limit=limit)
    candidates = claim_candidates({pk for ids in ids_of for pk in ids})
    judged = [
        judge(w.text, w.speaker, v, [candidates[pk] for pk in ids if pk in candidates], thresholds)
        for w, v, ids in zip(wordings, vectors, ids_of, strict=True)
    ]
    wanted = set()
    for rows in judged:
        if rows:
            wanted.add(rows[0].key)
        conflict = closest_conflict(rows, thresholds)
        if conflict:
            wanted.add(conflict.key)
    claims = _resolved(wanted)
    matches = []
    for rows in judged:
        match = Match(Outcome.NEW)
        if rows and rows[0].outcome != Outcome.NEW:
            best = rows[0]
            match = Match(best.outcome, claims.get(best.key), best.similarity, best.differences)
            if match.claim is None:
                match = Match(Outcome.NEW)
        conflict = closest_conflict(rows, thresholds)
        if conflict and match.outcome == Outcome.NEW:
            match.related = claims.get(conflict.key)
            match.related_differences = conflict.differences
        matches.append(match)
    if externals:
        for match, hits in zip(matches, external_matches(wordings, vectors, thresholds), strict=True):
            match.externals = hits
    return matches


def claim_candidates(ids: set[int]) -> dict[int, Candidate]:
    """Text, speaker and vector of each claim (a vector written by another model, or none, is
    computed now)."""
    if not ids:
        return {}
    # One query: the claims with their vectors (none for a claim not indexed yet).
    rows: list[tuple[int, str, str | None]] = []
    stored: dict[int, bytes] = {}
    for pk, text, speaker, vector in (
        Claim.objects.filter(pk__in=ids)
        .annotate(vector=Subquery(
            ClaimEmbedding.objects.filter(claim_id=OuterRef("pk"), model=embedding.MODEL_NAME).values("vector")[:1]
        ))
        .values_list("pk", "text", "speaker__name", "vector")
    ):
        rows.append((pk, text, speaker))
        if vector is not None:
            stored[pk] = vector
    missing = [(pk, text) for pk, text, _s in rows if pk not in stored]
    computed = dict(zip([pk for pk, _t in missing], embedding.embed([t for _pk, t in missing]), strict=True))
    return {
        pk: Candidate(pk, text, speaker or "", computed[pk] if pk in computed else embedding.from_bytes(stored[pk]))
        for pk, text, speaker in rows
    }


def _resolved(ids: set[int]) -> dict[int, Claim]:
    """Claims by id; a duplicate stands for the claim it duplicates."""
    if not ids:
        return {}
    found = Claim.objects.select_related("duplicate_of", "speaker").in_bulk(ids)
    return {
        pk: (claim.duplicate_of if claim.status == ClaimStatus.DUPLICATE and claim.duplicate_of is not None else claim)
        for pk, claim in found.items()
    }


def external_matches(
    wordings: Sequence[Wording], vectors: np.ndarray, thresholds: Thresholds
) -> list[list[ExternalHit]]:
    """Other publishers' fact-checks of each wording (same or suggest), most similar first."""
    if len(wordings) > 1 and not ExternalFactCheck.objects.exists():
        # An ingest chunk asks for hundreds of wordings; most newsrooms import none.
        return [[] for _ in wordings]
    limit = settings.FACTCHECK_MATCH_CANDIDATES
    ids_of = lexical_candidates_many([w.text for w in wordings], limit=limit, table="external")
    wanted = {pk for ids in ids_of for pk in ids}
    if not wanted:
        return [[] for _ in wordings]
    checks = ExternalFactCheck.objects.in_bulk(wanted)
    missing = [c for c in checks.values() if not c.vector]
    for check, vector in zip(missing, embedding.embed([c.claim_text for c in missing]), strict=True):
        check.vector = embedding.to_bytes(vector)
    candidates = {
        pk: Candidate(pk, c.claim_text, c.claimant, embedding.from_bytes(c.vector)) for pk, c in checks.items()
    }
    out = []
    for w, v, ids in zip(wordings, vectors, ids_of, strict=True):
        rows: list[Judged] = judge(w.text, w.speaker, v, [candidates[pk] for pk in ids if pk in candidates], thresholds)
        out.append(
            [ExternalHit(checks[j.key], j.similarity, j.differences) for j in rows if j.outcome != Outcome.NEW][
                :EXTERNALS_SHOWN
            ]
        )
    return out
