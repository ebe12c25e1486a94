"""`manage.py evaluate_ingest --data ../shared/eval`: every ingestion figure in one table."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.evaluation.ingest import as_json, evaluate_ingest, format_table


class Command(BaseCommand):
    help = (
        "Measure check-worthiness (CheckThat! 2024 dev, dev-test), attribution (PolNeAR dev) "
        "and both on the hand-labelled set; print one table naming the data of each figure."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--data",
            required=True,
            type=Path,
            help="the shared evaluation folder (with checkworthiness/ and "
            "attribution/polnear/dev/)",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="only the first N sentences of dev and dev-test and the first "
            "N PolNeAR articles (a quick slice)",
        )
        parser.add_argument(
            "--json",
            type=Path,
            default=None,
            dest="json_path",
            help="also write the figures as JSON to this file",
        )
        parser.add_argument(
            "--baseline",
            choices=("card", "train"),
            default="card",
            help="TF-IDF baseline: read from the model's training provenance "
            "(card, default) or trained again in this run (train, ~1 min)",
        )

    def handle(
        self, *args, data: Path, limit: int | None, json_path: Path | None, baseline: str, **options
    ) -> None:
        if limit is not None and limit < 1:
            raise CommandError("--limit must be a positive number")
        try:
            result = evaluate_ingest(data, limit=limit, baseline=baseline)
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from None
        slice_note = f", first {limit} sentences/articles per split" if limit else ""
        self.stdout.write(f"Ingestion evaluation on {data}{slice_note}")
        self.stdout.write(f"TF-IDF baseline: {result['baseline']}\n")
        self.stdout.write(format_table(result))
        if json_path is not None:
            try:
                json_path.write_text(json.dumps(as_json(result), indent=2) + "\n")
            except OSError as exc:
                raise CommandError(f"{json_path}: cannot write ({exc.strerror})") from None
            self.stdout.write(f"figures written to {json_path}")
