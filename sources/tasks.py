"""Background ingestion of large batches (run by `manage.py db_worker --queue-name ingest`).

The files must be readable by the worker (on its machine or a shared volume). Re-running a
batch is harmless: an article already ingested is recognised by its fingerprint and left alone,
so a batch cut short by a database outage is simply run again.
"""

from __future__ import annotations

from dataclasses import asdict

from django.db import InterfaceError, OperationalError
from django_tasks import task

from factcheck.tasks import retrying
from sources.readers import parse_published_at
from sources.services import database_reachable, paths_ingest


class BatchIngestErrors(Exception):
    """Some files or records could not be ingested (the others were); the message lists them."""


class IngestInterrupted(Exception):
    """The database went away during the batch; running it again finishes it."""


@task(queue_name="ingest", takes_context=True)
@retrying(attempts=4, backoff=60, retry_on=(OperationalError, InterfaceError, IngestInterrupted))
def ingest_paths(
    paths: list[str],
    title: str = "",
    publisher: str = "",
    url: str = "",
    published_at: str = "",
    threshold: float | None = None,
) -> dict:
    """Ingest files and folders like `manage.py ingest`; the counts are the task's result."""
    defaults = {
        "title": title,
        "publisher": publisher,
        "url": url,
        "published_at": parse_published_at(published_at, "published_at"),
    }
    batch = paths_ingest(paths, defaults=defaults, threshold=threshold)
    summary = asdict(batch)
    if batch.errors:
        counts = ", ".join(f"{k}={v}" for k, v in summary.items() if k != "errors")
        # paths_ingest records a database failure per article and goes on; if the database is
        # down now, the errors are the outage's, and the batch is worth another run.
        if batch.interrupted or not database_reachable():
            raise IngestInterrupted(f"the database became unreachable during the batch ({counts})")
        # Otherwise the files are at fault: a failed task, visible in the admin, not retried.
        raise BatchIngestErrors(
            f"{len(batch.errors)} file(s) or record(s) could not be ingested ({counts}):\n"
            + "\n".join(batch.errors)
        )
    return summary
