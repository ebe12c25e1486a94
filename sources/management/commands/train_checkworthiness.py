"""Train the check-worthiness scorer on CLEF CheckThat! 2024 Task 1 (English) and ship it.

``--stage fast`` (the default) trains the TF-IDF model (``data/model.npz``) with
scikit-learn. ``--stage transformer`` fine-tunes all-MiniLM-L6-v2 as the second stage and
writes ``data/minilm/`` (int8 ONNX, tokenizer, ``transformer.json``); it needs the optional
``transformer-train`` extra (PyTorch) and refuses base weights other than the pinned
upstream file. It uses the shipped fast model, so train that first when retraining both.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.checkworthiness import train
from sources.checkworthiness.model import DEFAULT_MODEL_PATH


class Command(BaseCommand):
    help = (
        "Train the check-worthiness model, compare it with baselines, write the model "
        "(and refresh MODEL_CARD.md scores when writing the shipped file). "
        "--stage transformer trains the MiniLM second stage."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--data", required=True, type=Path,
                            help="directory with the CT24_checkworthy_english_*.tsv files")
        parser.add_argument("--stage", choices=("fast", "transformer"), default="fast")
        parser.add_argument("--out", type=Path, default=None,
                            help="fast: model file to write (.npz; a .json sits beside it); "
                            "transformer: folder for the int8 model (default data/minilm)")
        parser.add_argument("--work", type=Path, default=Path("var/checkworthiness-transformer"),
                            help="transformer: folder for checkpoints and intermediate runs "
                            "(finished runs are reused, interrupted ones resume)")
        parser.add_argument("--epochs", type=float, default=2.0)
        parser.add_argument("--threads", type=int, default=1,
                            help="transformer: PyTorch threads")
        parser.add_argument("--ship", choices=("final", "fold"), default="final",
                            help="transformer: ship the model fitted on all of train (final) "
                            "or the held-out fold's model (fold: one run instead of two)")
        parser.add_argument("--seed", type=int, default=train.DEFAULT_SEED)

    def handle(self, *args, data: Path, stage: str, out: Path | None, work: Path,
               epochs: float, threads: int, ship: str, seed: int, **options) -> None:
        if stage == "transformer":
            self._transformer(data, out, work, epochs, threads, seed, ship)
            return
        results, path = train.run(data, out or DEFAULT_MODEL_PATH, seed=seed)
        self.stdout.write(train.format_table(results))
        self.stdout.write(f"model written to {path} ({path.stat().st_size / 1e6:.2f} MB)")

    def _transformer(self, data: Path, out: Path | None, work: Path, epochs: float,
                     threads: int, seed: int, ship: str) -> None:
        try:
            from sources.checkworthiness import transformer_train
        except ImportError as exc:
            raise CommandError(f"{exc}: install the extra: pip install -e '.[transformer-train]'") from None
        try:
            import torch  # noqa: F401
        except ImportError:
            raise CommandError(
                "PyTorch is not installed: pip install -e '.[transformer-train]'"
            ) from None
        recipe = transformer_train.Recipe(epochs=epochs, threads=threads, seed=seed)

        def log(message: str) -> None:
            self.stdout.write(f"{time.strftime('%H:%M:%S')} {message}")

        try:
            results = transformer_train.run(data, work, out_dir=out, recipe=recipe, ship=ship,
                                            log=log)
        except transformer_train.WeightsRefused as exc:
            raise CommandError(str(exc)) from None
        two = results["dev-test"]["two_stage"]
        fwd = results["forward_chaining"]["two_stage"]
        self.stdout.write(
            f"two-stage scorer: forward-chaining F1 {fwd['f1']:.3f}, dev-test F1 {two['f1']:.3f}"
        )
