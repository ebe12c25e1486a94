"""Import other publishers' fact-checks from ClaimReview: saved HTML pages, DataFeed JSON or a
Google claims:search response, from files, folders or URLs."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.archive import ArchiveRefused, ArchiveUnavailable, fetch
from claims.external import ExternalRecord, parse
from claims.services import external_factchecks_save

SUFFIXES = {".html", ".htm", ".json", ".jsonld"}
FETCH_TYPES = ["text/html", "application/json", "application/ld+json", "text/plain"]


class Command(BaseCommand):
    help = (
        "Import ClaimReview from other fact-checkers (files, folders or http(s) URLs; --urls FILE "
        "lists URLs one a line). Idempotent on the review URL; a bad record is reported on one "
        "line and the rest imported. URLs are fetched like evidence (no private addresses)."
    )

    def add_arguments(self, parser):
        parser.add_argument("sources", nargs="*", help="Files, folders or http(s) URLs.")
        parser.add_argument("--urls", help="A file of URLs to fetch, one a line (# comments allowed).")

    def handle(self, *args, sources, urls, **options):
        targets = list(sources)
        if urls:
            path = Path(urls)
            if not path.exists():
                raise CommandError(f"{urls}: no such file")
            targets += [
                line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.strip().startswith("#")
            ]
        if not targets:
            raise CommandError("Give files, folders or URLs to import (or --urls FILE).")
        records: list[ExternalRecord] = []
        errors: list[str] = []
        for origin, content in self._contents(targets, errors):
            for item in parse(content):
                if isinstance(item, ValueError):
                    errors.append(f"{origin}: {item}")
                else:
                    records.append(item)
        result = external_factchecks_save(records=records)
        for line in errors:
            self.stderr.write(line)
        self.stdout.write(
            f"{result.created} external fact-checks imported, {result.updated} updated, {len(errors)} errors"
        )

    def _contents(self, targets: list[str], errors: list[str]):
        for target in targets:
            if target.startswith(("http://", "https://")):
                try:
                    fetched = fetch(
                        target,
                        timeout=settings.FACTCHECK_ARCHIVE_TIMEOUT,
                        max_bytes=settings.FACTCHECK_ARCHIVE_MAX_BYTES,
                        allowed_types=FETCH_TYPES,
                        allow_private=settings.FACTCHECK_ARCHIVE_ALLOW_PRIVATE,
                        user_agent=settings.FACTCHECK_ARCHIVE_USER_AGENT,
                    )
                except (ArchiveRefused, ArchiveUnavailable) as exc:
                    errors.append(f"{target}: not fetched ({exc})")
                    continue
                yield target, fetched.content.decode(fetched.charset or "utf-8", errors="replace")
                continue
            path = Path(target)
            if not path.exists():
                errors.append(f"{target}: no such file or folder")
                continue
            files = sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES) if path.is_dir() else [path]
            for file in files:
                try:
                    yield str(file), file.read_text(encoding="utf-8", errors="replace")
                except OSError as exc:
                    errors.append(f"{file}: cannot be read ({exc.strerror})")
