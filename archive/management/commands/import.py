"""python manage.py import PATH — restore a JSON archive into an empty database."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from archive.jsonarchive import ArchiveError, archive_import, open_for_reading


class Command(BaseCommand):
    help = (
        "Restore an archive written by `export` into an empty, migrated database, in one "
        "transaction, keeping every primary key. Refuses a database that already holds data. "
        "Restored users have no password until an administrator sets one."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path: str, **options):
        try:
            with open_for_reading(path) as stream:
                counts = archive_import(stream)
        except (ArchiveError, OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Import of {path} failed: {exc}") from exc
        self.stdout.write(self.style.SUCCESS(f"Imported {sum(counts.values())} records from {path}"))
        for label, count in counts.items():
            if count:
                self.stdout.write(f"  {label}: {count}")
