"""A batch of articles is ingested in the background by the worker."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from sources.models import Source
from sources.tasks import ingest_paths
from tests.factcheck.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

ARTICLE = (
    "The finance minister spoke in parliament on Tuesday.\n"
    "“Unemployment fell to 4 percent last year, the lowest level in two decades,” "
    "Finance Minister Anna Berg said.\n"
)


def test_batch_is_ingested_by_the_worker(tmp_path):
    for n in range(3):
        (tmp_path / f"article-{n}.txt").write_text(f"Report {n}.\n{ARTICLE}", encoding="utf-8")
    ingest_paths.enqueue([str(tmp_path)], publisher="Example News")
    run_queued_tasks()
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL", result.traceback
    summary = result.task_result.return_value
    assert (summary["files_read"], summary["sources_created"], summary["errors"]) == (3, 3, [])
    assert summary["candidates_created"] >= 1
    assert set(Source.objects.values_list("publisher", flat=True)) == {"Example News"}


def test_bad_files_fail_the_task_with_their_names_and_the_rest_is_ingested(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    ingest_paths.enqueue([str(tmp_path), str(tmp_path / "missing-folder")])
    run_queued_tasks()
    [result] = DBTaskResult.objects.all()  # A bad file is not retried: it would fail again.
    assert result.status == "FAILED"
    assert result.exception_class_path == "sources.tasks.BatchIngestErrors"
    assert "broken.json" in result.traceback and "missing-folder" in result.traceback
    assert Source.objects.count() == 1
