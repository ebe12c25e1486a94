"""Background ingestion of large batches (run by `manage.py db_worker --queue-name ingest`).

The files must be readable by the worker (on its machine or a shared volume). Re-running a
batch is harmless: an article already ingested is recognised by its fingerprint and left alone,
so a batch cut short by a database outage is simply run again.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import asdict
from pathlib import Path

from django.db import InterfaceError, OperationalError
from django.utils import timezone
from django_tasks import task

from factcheck.tasks import retrying
from sources.models import IngestJob
from sources.readers import parse_published_at
from sources.services import BatchResult, database_reachable, paths_ingest

# Files ingested between two progress updates of an upload: small enough that the progress
# page moves, large enough that the scorer and the matcher still see many sentences at once.
JOB_FILES_PER_STEP = 16


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
    summary = {k: v for k, v in asdict(batch).items() if k != "source_ids"}
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


JOB_COUNTS = ("sources_created", "sources_unchanged", "candidates_created", "appearances_added", "speakers_created")


@task(queue_name="ingest")
def ingest_job_run(job_id: int) -> dict:
    """Ingest the files of an admin upload, recording progress on its `IngestJob` as it goes.

    Unreadable files are listed on the job and the rest is ingested; the uploaded copies are
    removed once the job is finished. If the worker dies midway, the job stays "running" with
    the files in place: re-running it (re-enqueue the task) skips what was already ingested.
    """
    job = IngestJob.objects.get(pk=job_id)
    job.status, job.started_at = IngestJob.Status.RUNNING, job.started_at or timezone.now()
    job.files_done = 0
    for name in JOB_COUNTS:
        setattr(job, name, 0)
    job.errors = []
    job.save()
    meta = dict(job.metadata)
    defaults = {
        "title": meta.get("title", ""),
        "publisher": meta.get("publisher", ""),
        "url": meta.get("url", ""),
        "published_at": parse_published_at(meta.get("published_at", ""), "published_at"),
    }
    folder = Path(job.upload_dir)
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    if not files:
        job.errors = [f"The uploaded files are no longer in {folder} (was the job run on another machine?)."]
    for start in range(0, len(files), JOB_FILES_PER_STEP):
        step = files[start : start + JOB_FILES_PER_STEP]
        batch: BatchResult = paths_ingest(step, defaults=defaults)
        for name in JOB_COUNTS:
            setattr(job, name, getattr(job, name) + getattr(batch, name))
        # Name the file as uploaded, not as stored (NNNNN-name).
        stored = re.compile(r"^(?:" + re.escape(str(folder)) + r"/)?\d{5}/")
        job.errors += [stored.sub("", error) for error in batch.errors]
        job.files_done = min(job.files_total, job.files_done + len(step))
        job.save()
    job.files_done = job.files_total if files else job.files_done
    job.status = IngestJob.Status.FAILED if job.errors else IngestJob.Status.DONE
    job.finished_at = timezone.now()
    job.save()
    if files:
        shutil.rmtree(folder, ignore_errors=True)
    return {"job": job.pk, "files": job.files_total, "errors": len(job.errors), **{n: getattr(job, n) for n in JOB_COUNTS}}
