"""Measure the matcher on labelled pairs (`manage.py evaluate_matching`).

The labelled set (`tests/matching_data/pairs.txt`, format in its README) is claims as stored,
each with paraphrases (the same checkable claim in another wording) and contrasts (nearly the
same wording, a different fact). The claims are written into the database among distractor
claims, every probe is looked up as ingestion and tips look it up, and the run is rolled back.
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from claims.matching import embedding
from claims.matching.decide import Outcome, Thresholds, decide
from claims.matching.lexical import forget_word_statistics, lexical_candidates
from claims.matching.lookup import claim_candidates, claim_match
from claims.matching.rank import judge
from claims.models import Claim, MatchSuggestion, Speaker


@dataclass(frozen=True)
class Probe:
    label: str  # "paraphrase" or "contrast"
    kind: str  # the paraphrase's style or the contrast's kind
    text: str
    speaker: str = ""


@dataclass
class Block:
    claim: str
    speaker: str = ""
    probes: list[Probe] = field(default_factory=list)


class DataError(ValueError):
    pass


def _speaker(columns: list[str]) -> tuple[list[str], str]:
    if columns and columns[-1].startswith("speaker="):
        return columns[:-1], columns[-1].removeprefix("speaker=").strip()
    return columns, ""


def read_pairs(path: Path) -> list[Block]:
    """Blocks of `pairs.txt`; a malformed line is an error naming the line."""
    blocks: list[Block] = []
    current: Block | None = None
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.rstrip("\n")
        if not line.strip():
            current = None
            continue
        if line.startswith("#"):
            continue
        columns, speaker = _speaker(line.split("\t"))
        tag = columns[0]
        if tag == "C" and len(columns) == 2:
            current = Block(columns[1].strip(), speaker)
            blocks.append(current)
        elif tag in ("P", "X") and len(columns) == 3 and current is not None:
            label = "paraphrase" if tag == "P" else "contrast"
            current.probes.append(Probe(label, columns[1].strip(), columns[2].strip(), speaker))
        else:
            raise DataError(f"{path}:{number}: expected 'C<TAB>text' or 'P|X<TAB>kind<TAB>text' after a C line")
    return blocks


def read_distractors(path: Path) -> list[str]:
    """Claim texts, one a line; for a tab-separated file with a `Text` column, that column."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and "\t" in lines[0] and "Text" in lines[0].split("\t"):
        col = lines[0].split("\t").index("Text")
        return [row.split("\t")[col].strip() for row in lines[1:] if len(row.split("\t")) > col and row.split("\t")[col].strip()]
    return [line.strip() for line in lines if line.strip()]


@dataclass
class Looked:
    block: int
    probe: Probe
    judged: list  # [(claim id, similarity, comparison)] of the candidates
    seconds: float


def _outcome(looked: Looked, thresholds: Thresholds) -> tuple[Outcome, int | None]:
    best: tuple[int, float, int] | None = None
    order = {Outcome.SAME: 0, Outcome.SUGGEST: 1}
    chosen = (Outcome.NEW, None)
    for key, sim, comparison in looked.judged:
        outcome = decide(sim, comparison, thresholds)
        if outcome == Outcome.NEW:
            continue
        rank = (order[outcome], -sim, key)
        if best is None or rank < best:
            best, chosen = rank, (outcome, key)
    return chosen


def metrics(looked: list[Looked], truth: dict[int, int], thresholds: Thresholds) -> dict:
    """Recall of paraphrases at same+suggest, false merges of contrasts at same, precision of
    suggest (and of same), by style and kind."""
    paraphrases = [lk for lk in looked if lk.probe.label == "paraphrase"]
    contrasts = [lk for lk in looked if lk.probe.label == "contrast"]
    found: Counter[Outcome] = Counter()
    by_style: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    suggested = [0, 0]  # right, all
    same = [0, 0]
    for lk in paraphrases:
        outcome, key = _outcome(lk, thresholds)
        right = key is not None and key == truth[lk.block]
        by_style[lk.probe.kind][1] += 1
        if outcome != Outcome.NEW and right:
            found[outcome] += 1
            by_style[lk.probe.kind][0] += 1
        if outcome == Outcome.SUGGEST:
            suggested[1] += 1
            suggested[0] += right
        if outcome == Outcome.SAME:
            same[1] += 1
            same[0] += right
    merged = 0
    by_kind: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0])
    for lk in contrasts:
        outcome, _key = _outcome(lk, thresholds)
        by_kind[lk.probe.kind][1] += 1
        if outcome == Outcome.SAME:
            merged += 1
            by_kind[lk.probe.kind][0] += 1
            same[1] += 1
        if outcome == Outcome.SUGGEST:
            suggested[1] += 1
    errors = []
    for lk in looked:
        outcome, key = _outcome(lk, thresholds)
        if lk.probe.label == "paraphrase" and (outcome == Outcome.NEW or key != truth[lk.block]):
            errors.append(f"missed paraphrase ({lk.probe.kind}, {outcome}): {lk.probe.text}")
        elif lk.probe.label == "contrast" and outcome == Outcome.SAME:
            errors.append(f"false merge ({lk.probe.kind}): {lk.probe.text}")
    return {
        "errors": errors,
        "thresholds": {"same": thresholds.same, "suggest": thresholds.suggest},
        "paraphrases": len(paraphrases),
        "paraphrase_recall": (found[Outcome.SAME] + found[Outcome.SUGGEST]) / max(len(paraphrases), 1),
        "paraphrase_same": found[Outcome.SAME] / max(len(paraphrases), 1),
        "recall_by_style": {k: v[0] / v[1] for k, v in sorted(by_style.items())},
        "contrasts": len(contrasts),
        "false_merge_rate": merged / max(len(contrasts), 1),
        "false_merges_by_kind": {k: f"{v[0]}/{v[1]}" for k, v in sorted(by_kind.items())},
        "suggest_precision": suggested[0] / suggested[1] if suggested[1] else None,
        "suggestions": suggested[1],
        "same_precision": same[0] / same[1] if same[1] else None,
    }


def evaluate(
    blocks: list[Block],
    *,
    claims: int,
    distractors: Iterable[str] = (),
    seed: int = 20261201,
    sweep: bool = False,
    log: Callable[[str], None] = lambda _m: None,
) -> dict:
    """Write the labelled claims among distractors until the database holds `claims` claims,
    look every probe up, and roll everything back."""
    from bench.synthetic import claim_sentence
    from claims.services import ClaimDraft, claims_create_bulk, speaker_create

    result: dict = {}
    with transaction.atomic():
        speakers: dict[str, Speaker] = {}

        def speaker(name: str) -> Speaker | None:
            if not name:
                return None
            if name not in speakers:
                speakers[name] = Speaker.objects.filter(name=name).first() or speaker_create(name=name)
            return speakers[name]

        stored = claims_create_bulk(
            drafts=[ClaimDraft(text=b.claim, speaker=speaker(b.speaker)) for b in blocks], change_reason="evaluation"
        )
        truth = {i: c.pk for i, c in enumerate(stored)}
        missing = max(0, claims - Claim.objects.count())
        rng = random.Random(seed)
        pool = iter(list(distractors))
        added = 0
        while added < missing:
            batch = []
            for _ in range(min(5000, missing - added)):
                text = next(pool, None) or claim_sentence(rng)
                batch.append(ClaimDraft(text=text))
            claims_create_bulk(drafts=batch, change_reason="evaluation distractor")
            added += len(batch)
            log(f"{added:,} of {missing:,} distractor claims written")
        result["claims_stored"] = Claim.objects.count()
        if connection.vendor == "postgresql":
            # As autovacuum would after such a load: lexical retrieval reads the word statistics.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE claims_claimwords")
        forget_word_statistics()
        thresholds = Thresholds.from_settings()
        limit = settings.FACTCHECK_MATCH_CANDIDATES
        looked: list[Looked] = []
        probes = [(i, p) for i, b in enumerate(blocks) for p in b.probes]
        claim_match("warm-up lookup")  # loads the embedding model outside the timings
        for i, probe in probes:
            start = time.perf_counter()
            claim_match(probe.text, speaker=probe.speaker)
            seconds = time.perf_counter() - start
            ids = lexical_candidates(probe.text, limit=limit)
            candidates = claim_candidates(set(ids))
            vector = embedding.embed([probe.text])[0]
            judged = judge(probe.text, probe.speaker, vector, [candidates[k] for k in ids if k in candidates], thresholds)
            looked.append(Looked(i, probe, [(j.key, j.similarity, j.comparison) for j in judged], seconds))
        latencies = sorted(lk.seconds * 1000 for lk in looked)
        result.update(metrics(looked, truth, thresholds))
        result["latency_ms"] = {
            "p50": round(statistics.median(latencies), 1),
            "p95": round(latencies[int(0.95 * (len(latencies) - 1))], 1),
            "lookups": len(latencies),
        }
        if sweep:
            grid = []
            for same in (0.70, 0.75, 0.80, 0.85, 0.90):
                for suggest in (0.30, 0.35, 0.40, 0.45, 0.50, 0.55, 0.60):
                    m = metrics(looked, truth, Thresholds(same, suggest))
                    grid.append({k: m[k] for k in ("thresholds", "paraphrase_recall", "paraphrase_same",
                                                    "false_merge_rate", "suggest_precision")})
            result["sweep"] = grid
        transaction.set_rollback(True)
    return result


def decisions_as_pairs() -> str:
    """Curators' answers to possible matches, in `pairs.txt` form: a confirmed pair is a
    paraphrase (style `decided`), a rejected one a contrast (kind `decided`)."""
    out = ["# Curators' decisions on possible matches (evaluate_matching --export-decisions)."]
    rows = (
        MatchSuggestion.objects.exclude(decision=MatchSuggestion.Decision.PENDING)
        .filter(match__isnull=False)
        .select_related("claim", "match")
        .order_by("match_id", "id")
    )
    for s in rows:
        if s.match is None:  # excluded by the query; narrows the type
            continue
        tag = "P" if s.decision == MatchSuggestion.Decision.CONFIRMED else "X"
        flat = lambda t: " ".join(t.split())  # noqa: E731
        out += ["", f"C\t{flat(s.match.text)}", f"{tag}\tdecided\t{flat(s.claim.text)}"]
    return "\n".join(out) + "\n"
