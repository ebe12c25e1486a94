import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims.matching.evaluation import (
    DataError,
    decisions_as_pairs,
    evaluate,
    read_distractors,
    read_pairs,
)


class Command(BaseCommand):
    help = (
        "Measure claim matching on labelled pairs: paraphrase recall at same+suggest, false merges "
        "of contrasts at same, precision of suggest, and lookup latency with --claims stored claims. "
        "Everything written is rolled back."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data", help="Folder with pairs.txt (tests/matching_data).")
        parser.add_argument(
            "--claims", type=int, default=10_000,
            help="Fill the database with distractor claims up to this many (default 10,000).",
        )
        parser.add_argument(
            "--distractors", action="append", default=[],
            help="Real claim texts to use as distractors first (one a line, or a TSV with a Text column).",
        )
        parser.add_argument("--sweep", action="store_true", help="Also report a grid of thresholds.")
        parser.add_argument("--errors", action="store_true", help="List the missed paraphrases and false merges.")
        parser.add_argument("--json", dest="json_file", help="Write the figures as JSON to this file.")
        parser.add_argument(
            "--export-decisions", metavar="FILE",
            help="Write curators' confirmed/rejected matches as pairs.txt and stop.",
        )

    def handle(self, *args, data, claims, distractors, sweep, errors, json_file, export_decisions, verbosity, **options):
        if export_decisions:
            Path(export_decisions).write_text(decisions_as_pairs(), encoding="utf-8")
            self.stdout.write(f"Decisions written to {export_decisions}")
            return
        if not data:
            raise CommandError("Give --data DIR (a folder with pairs.txt), or --export-decisions FILE.")
        pairs = Path(data) / "pairs.txt"
        if not pairs.exists():
            raise CommandError(f"{pairs}: no such file")
        try:
            blocks = read_pairs(pairs)
        except DataError as exc:
            raise CommandError(str(exc)) from exc
        texts: list[str] = []
        for path in distractors:
            if not Path(path).exists():
                raise CommandError(f"{path}: no such file")
            texts += read_distractors(Path(path))
        log = self.stdout.write if verbosity > 1 else (lambda _m: None)
        result = evaluate(blocks, claims=claims, distractors=texts, sweep=sweep, log=log)
        self._report(result)
        if errors:
            for line in result["errors"]:
                self.stdout.write("  " + line)
        if json_file:
            Path(json_file).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    def _report(self, r: dict) -> None:
        pct = lambda x: "n/a" if x is None else f"{100 * x:.1f}%"  # noqa: E731
        w = self.stdout.write
        w(f"Claims stored: {r['claims_stored']:,}; thresholds same {r['thresholds']['same']}, "
          f"suggest {r['thresholds']['suggest']}")
        w(f"Paraphrase recall (same+suggest): {pct(r['paraphrase_recall'])} of {r['paraphrases']} "
          f"(same alone {pct(r['paraphrase_same'])}); by style: "
          + ", ".join(f"{k} {pct(v)}" for k, v in r["recall_by_style"].items()))
        w(f"False merges (contrasts at same): {pct(r['false_merge_rate'])} of {r['contrasts']}; by kind: "
          + ", ".join(f"{k} {v}" for k, v in r["false_merges_by_kind"].items()))
        w(f"Precision of suggest: {pct(r['suggest_precision'])} of {r['suggestions']} suggestions; "
          f"precision of same: {pct(r['same_precision'])}")
        w(f"Lookup latency: p50 {r['latency_ms']['p50']} ms, p95 {r['latency_ms']['p95']} ms "
          f"({r['latency_ms']['lookups']} lookups)")
        for row in r.get("sweep", []):
            w(f"  same {row['thresholds']['same']:.2f} suggest {row['thresholds']['suggest']:.2f}: "
              f"recall {pct(row['paraphrase_recall'])} (same {pct(row['paraphrase_same'])}), "
              f"false merges {pct(row['false_merge_rate'])}, suggest precision {pct(row['suggest_precision'])}")
