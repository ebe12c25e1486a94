"""`manage.py evaluate_attribution --data ../shared/eval/attribution/polnear/dev`."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from sources.evaluation.attribution import evaluate_attribution


class Command(BaseCommand):
    help = "Measure attribution against a PolNeAR split: direct quotations and named indirect speech."

    def add_arguments(self, parser):
        parser.add_argument("--data", required=True, help="A PolNeAR split folder (with text/ and attributions/).")
        parser.add_argument("--limit", type=int, default=None, help="Only the first N articles (a quick slice).")
        parser.add_argument("--errors", type=int, default=0, help="Also print up to N misattributions.")
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args, **options):
        try:
            result = evaluate_attribution(options["data"], limit=options["limit"], keep_errors=options["errors"])
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from None
        errors = result.pop("errors")
        if options["json"]:
            self.stdout.write(json.dumps(result, indent=2))
        else:
            self.stdout.write(f"PolNeAR attribution, {result['articles']} articles from {result['data']}")
            for label, key in (
                ("all direct quotes", "direct_quotes"),
                ("named sources", "named_sources"),
                ("pronoun/descriptive sources", "pronoun_or_descriptive_sources"),
                ("indirect, named sources", "indirect_named_sources"),
                ("  with a speech cue", "indirect_speech_named_sources"),
            ):
                figures = result[key]
                self.stdout.write(
                    f"  {label:<28} n={figures['quotes']:<5} recall={figures['recall']:.3f}  "
                    f"accuracy={figures['accuracy']:.3f}"
                )
            self.stdout.write(
                f"  precision of attributed quotations: {result['precision']:.3f} "
                f"({result['attributed_quotes']} attributed; inside an annotated content)"
            )
            self.stdout.write(
                f"  precision, opening an annotated content only: {result['precision_opening']:.3f}"
            )
        for error in errors:
            self.stdout.write(f"  miss: {error}")
