"""Load archive-scale synthetic data for the benchmarks (PostgreSQL only); see bench/synthetic.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from bench import claim_shapes, synthetic
from claims.matching.lexical import forget_word_statistics
from claims.publication import speaker_rating_counts_rebuild


class Command(BaseCommand):
    help = (
        "Load synthetic benchmark data with COPY (claims through claims.services.claims_load): at --scale 1.0, 1,000,000 claims, 2,000,000 "
        "appearances, 50,000 sources, 10,000 speakers, 100,000 published verdicts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 is the full archive; 0.001 a smoke test.")
        parser.add_argument("--seed", type=int, default=20261124)
        parser.add_argument(
            "--database-url",
            help="Load into this PostgreSQL database (migrated first) instead of DATABASE_URL.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Truncate claims, sources and verdicts already there first."
        )
        parser.add_argument("--results-file", help="Also write the counts and timings as JSON to this file.")
        parser.add_argument(
            "--claim-shapes",
            help=(
                "CheckThat!-style TSV whose check-worthy sentences become claim templates "
                "(default: ../shared/eval/checkworthiness/CT24_checkworthy_english_train.tsv when present; "
                "'none' for word lists only)."
            ),
        )

    def handle(self, *args, scale, seed, database_url, reset, results_file, claim_shapes, verbosity, **options):
        if scale <= 0:
            raise CommandError("--scale must be positive.")
        shapes = self._claim_shapes(claim_shapes)

        def log(message: str) -> None:
            if verbosity:
                self.stdout.write(message)

        if database_url:
            if not database_url.startswith(("postgres://", "postgresql://")):
                raise CommandError("--database-url must be a postgres:// URL.")
            # Claims are written through claims.services, on Django's connection: load in a
            # process whose DATABASE_URL is that database (migrated first).
            self._manage(database_url, "migrate", verbosity, "--noinput")
            forwarded = [f"--scale={scale}", f"--seed={seed}", *(["--reset"] if reset else [])]
            forwarded += [f"--claim-shapes={shapes or 'none'}"]
            forwarded += [f"--results-file={results_file}"] if results_file else []
            self._manage(database_url, "bench_load", verbosity, *forwarded)
            return
        if connection.vendor != "postgresql":
            raise CommandError("bench_load needs PostgreSQL: set DATABASE_URL or pass --database-url.")
        try:
            with transaction.atomic():
                connection.ensure_connection()
                result = synthetic.load(
                    connection.connection, scale=scale, seed=seed, reset=reset, log=log, claim_shapes=shapes
                )
                # The loader writes verdicts around the services: count the scorecards once.
                speaker_rating_counts_rebuild()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        # The load analyzed the word index: lexical retrieval reads those statistics afresh.
        forget_word_statistics()
        if not connection.in_atomic_block:
            # COPY through the service cannot FREEZE (it runs in a savepoint): mark the claims'
            # pages all-visible now, so index-only scans work from the first benchmark on.
            started = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM claims_claim, claims_claimembedding, claims_claimwords")
            result["seconds"]["vacuum"] = round(time.monotonic() - started, 2)
            log(f"vacuum: {result['seconds']['vacuum']:.1f}s")
        log(json.dumps(result, indent=2))
        if results_file:
            Path(results_file).parent.mkdir(parents=True, exist_ok=True)
            Path(results_file).write_text(json.dumps(result, indent=2) + "\n")

    def _claim_shapes(self, option: str | None) -> Path | None:
        if option == "none":
            return None
        if option:
            path = Path(option)
            if not path.is_file():
                raise CommandError(f"--claim-shapes: no such file: {path}")
            return path
        default = claim_shapes.default_path(Path(settings.BASE_DIR))
        return default if default.is_file() else None

    def _manage(self, database_url: str, command: str, verbosity: int, *args: str) -> None:
        manage = Path(settings.BASE_DIR) / "manage.py"
        env = {**os.environ, "DATABASE_URL": database_url}
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py, no shell
            [sys.executable, str(manage), command, *args, f"-v{min(verbosity, 1)}"], env=env, check=True
        )
