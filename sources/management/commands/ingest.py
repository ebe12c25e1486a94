"""`manage.py ingest PATH...`: articles from files and folders into sources and candidate claims."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from sources.readers import ReadError, parse_published_at
from sources.services import files_total, paths_ingest

PROGRESS_FROM = 20  # files; smaller batches finish before a bar would help


class Command(BaseCommand):
    help = "Ingest .txt, .html, .json and .jsonl articles (files or folders) into candidate claims."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to ingest.")
        parser.add_argument("--title", default="", help="Title for .txt files without a sidecar .json.")
        parser.add_argument("--publisher", default="", help="Publisher for .txt files.")
        parser.add_argument("--url", default="", help="URL for a .txt file.")
        parser.add_argument("--published-at", default="", help="ISO date or datetime for .txt files.")
        parser.add_argument(
            "--threshold", type=float, default=None, help="Candidate score threshold (default: settings/model)."
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def handle(self, *args, **options):
        try:
            published_at = parse_published_at(options["published_at"], "--published-at")
        except ReadError as exc:
            raise CommandError(str(exc)) from None
        defaults = {
            "title": options["title"],
            "publisher": options["publisher"],
            "url": options["url"],
            "published_at": published_at,
        }
        total = files_total(options["paths"])
        bar = None
        if total >= PROGRESS_FROM and not options["no_progress"]:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="file", file=self.stderr._out, disable=None)
        try:
            batch = paths_ingest(
                options["paths"],
                defaults=defaults,
                threshold=options["threshold"],
                progress=bar.update if bar is not None else None,
            )
        finally:
            if bar is not None:
                bar.close()
        for error in batch.errors:
            self.stderr.write(f"error: {error}")
        if batch.interrupted:
            self.stderr.write(f"The database went away during the run ({batch.interrupted}); not ingested:")
            for origin in batch.not_ingested:
                self.stderr.write(f"not ingested: {origin}")
        summary = (
            f"{batch.files_read} files read, {batch.sources_created} sources created, "
            f"{batch.sources_unchanged} unchanged, {batch.candidates_created} candidate claims created, "
            f"{batch.appearances_added} appearances added to existing claims, "
            f"{batch.speakers_created} speakers created, {len(batch.errors)} errors"
        )
        self.stdout.write(summary + (f", {len(batch.not_ingested)} not ingested" if batch.interrupted else ""))
        if batch.interrupted:
            raise CommandError(
                f"The database went away: {len(batch.not_ingested)} article(s) not ingested. Run the same "
                "command again once it is back; articles already ingested are recognised and skipped.",
                returncode=1,
            )
        if batch.errors:
            raise CommandError(f"{len(batch.errors)} file(s) or record(s) could not be ingested.", returncode=1)
