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
