"""python manage.py export PATH — write every editorial row to a portable JSON archive."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.jsonarchive import ArchiveError, archive_export, open_for_writing


class Command(BaseCommand):
    help = (
        "Export sources, speakers, claims, appearances, ratings, verdicts, evidence, corrections "
        "and their history to a versioned JSON Lines archive (PATH ending in .gz is gzipped; "
        "- writes to stdout). Users are included by id and username only."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path: str, **options):
        try:
            if path == "-":
                counts = archive_export(sys.stdout)
                return
            target = Path(path)
            if target.is_dir():
                raise CommandError(f"{path} is a directory; give a file name such as {path}/factcheck.jsonl")
            # Write beside the target and rename: a failed export never leaves a half archive
            # under the real name.
            partial = target.with_name(target.name + ".partial")
            try:
                with open_for_writing(str(partial), gzipped=path.endswith(".gz")) as out:
                    counts = archive_export(out)
                os.replace(partial, target)
            finally:
                partial.unlink(missing_ok=True)
        except (ArchiveError, OSError) as exc:
            raise CommandError(f"Export failed: {exc}") from exc
        total = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(f"Exported {total} records to {path} ({target.stat().st_size} bytes)")
        )
        for label, count in counts.items():
            if count:
                self.stdout.write(f"  {label}: {count}")
