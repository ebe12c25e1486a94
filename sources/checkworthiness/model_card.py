"""Keep the scores section of MODEL_CARD.md in step with the last training run."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from .train import format_table

CARD_PATH = Path(__file__).resolve().parent / "MODEL_CARD.md"
BEGIN = "<!-- scores:begin (written by train_checkworthiness) -->"
END = "<!-- scores:end -->"


def scores_section(results: dict, *, seed: int) -> str:
    speed = results["sentences_per_second"]
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{BEGIN}\n"
        f"Last training run: {when}, seed {seed}.\n\n"
        f"{format_table(results)}\n"
        "Forward-chaining validation on train (later blocks held out):\n"
        f"`{json.dumps(results['cv'])}`\n\n"
        f"Throughput of the shipped scorer on dev + dev-test ({speed['scorer']['n']} sentences, "
        f"batched, BLAS pinned to one thread): {speed['scorer']['cpu']} sentences per CPU-second; "
        f"{speed['scorer']['wall']} sentences/s wall-clock on the (shared) training machine.\n"
        f"{END}"
    )


def update_scores(results: dict, *, seed: int, path: Path = CARD_PATH) -> None:
    """Replace the text between the score markers (the rest of the card is hand-written)."""
    text = path.read_text()
    start, end = text.index(BEGIN), text.index(END) + len(END)
    path.write_text(text[:start] + scores_section(results, seed=seed) + text[end:])


TRANSFORMER_BEGIN = "<!-- transformer-scores:begin (written by train_checkworthiness --stage transformer) -->"
TRANSFORMER_END = "<!-- transformer-scores:end -->"


def _prf(scores: dict) -> str:
    return f"{scores['f1']:.3f} | {scores['precision']:.3f} | {scores['recall']:.3f}"


def transformer_section(card: dict) -> str:
    """The second stage's files, hashes, combination and scores, from ``transformer.json``."""
    scores = card["scores"]
    forward = scores["forward_chaining"]
    combination = card["combination"]
    files = "\n".join(
        f"| `data/minilm/{name}` | {meta['bytes']:,} | `{meta['sha256']}` |"
        for name, meta in sorted(card["files"].items())
    )
    rows = []
    for key, label in (("two_stage", "two-stage scorer (shipped)"),
                       ("fast", "fast stage alone"),
                       ("minilm_alone", "MiniLM alone")):
        rows.append(
            f"| {label} | {_prf(forward[key])} | {_prf(scores['dev'][key])} "
            f"| {_prf(scores['dev-test'][key])} |"
        )
    halves = "; ".join(
        f"{name}: F1 {v['f1']:.3f} (threshold {v['threshold']:.2f}, weight {v['fast_weight']})"
        for name, v in forward["halves"].items()
    )
    candidates = scores["candidates_per_second"]
    fast = scores["fast_sentences_per_second"]
    both = scores["two_stage_sentences_per_second"]
    return (
        f"{TRANSFORMER_BEGIN}\n"
        f"Written {card['written_at']} from `data/minilm/transformer.json`.\n\n"
        "| file | bytes | sha256 |\n|---|---|---|\n"
        f"{files}\n\n"
        f"Combination: MiniLM re-scores sentences whose fast score is at least "
        f"{combination['rescore_from']:.2f}; their score becomes "
        f"{combination['fast_weight']:.1f} x fast + {1 - combination['fast_weight']:.1f} x MiniLM; "
        f"candidate threshold {combination['threshold']:.2f}.\n\n"
        "| system | fwd-chain F1 | P | R | dev F1 | P | R | dev-test F1 | P | R |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\n"
        f"Forward-chaining rows: {forward['two_stage']['n']} sentences of later train debates "
        f"({forward['two_stage']['positives']} check-worthy). Choosing the combination on one "
        f"half and judging on the other: {halves}.\n\n"
        f"Speed (1 thread, CPU time): second stage {candidates['cpu']} candidates/s "
        f"({candidates['wall']} wall-clock on the shared machine, {candidates['n']} candidates of "
        f"dev + dev-test); fast stage {fast['cpu']} sentences/s; both stages over all "
        f"{both['n']} sentences {both['cpu']} sentences/s.\n"
        f"{TRANSFORMER_END}"
    )


def update_transformer_scores(card: dict, *, path: Path = CARD_PATH) -> None:
    text = path.read_text()
    start, end = text.index(TRANSFORMER_BEGIN), text.index(TRANSFORMER_END) + len(TRANSFORMER_END)
    path.write_text(text[:start] + transformer_section(card) + text[end:])
