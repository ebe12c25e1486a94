"""Train the check-worthiness model on CLEF CheckThat! 2024 Task 1 (English) and ship it."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from sources.checkworthiness import train
from sources.checkworthiness.model import DEFAULT_MODEL_PATH


class Command(BaseCommand):
    help = (
        "Train the check-worthiness model, compare it with baselines, write the model "
        "(and refresh MODEL_CARD.md scores when writing the shipped file)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data", required=True, type=Path,
                            help="directory with the CT24_checkworthy_english_*.tsv files")
        parser.add_argument("--out", type=Path, default=DEFAULT_MODEL_PATH,
                            help="model file to write (.npz; a .json sits beside it)")
        parser.add_argument("--seed", type=int, default=train.DEFAULT_SEED)

    def handle(self, *args, data: Path, out: Path, seed: int, **options) -> None:
        results, path = train.run(data, out, seed=seed)
        self.stdout.write(train.format_table(results))
        self.stdout.write(f"model written to {path} ({path.stat().st_size / 1e6:.2f} MB)")
