"""django-tasks-db leaves a task RUNNING for ever when its worker dies; the project's sweep
records such tasks as failed once they have run longer than their queue allows, and leaves
younger ones (whose worker may well be alive) alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck.tasks import tasks_reclaim_abandoned
from partners.tasks import deliver_webhook
from sources.tasks import ingest_paths

pytestmark = pytest.mark.django_db


def _running(task, *args, started_ago: timedelta) -> DBTaskResult:
    result = task.enqueue(*args)
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now() - started_ago, worker_ids=["gone-1"]
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_only_tasks_past_their_queues_limit_are_marked_failed():
    dead_delivery = _running(deliver_webhook, 1, started_ago=timedelta(minutes=2))
    live_delivery = _running(deliver_webhook, 2, started_ago=timedelta(seconds=5))
    long_ingest = _running(ingest_paths, ["/data/a"], started_ago=timedelta(minutes=30))

    marked = tasks_reclaim_abandoned(older_than={"webhooks": 60}, default=3600)

    assert marked == 1
    dead_delivery.refresh_from_db()
    assert dead_delivery.status == TaskResultStatus.FAILED
    assert dead_delivery.exception_class_path == "factcheck.tasks.WorkerLost"
    assert "gone-1" in dead_delivery.traceback
    assert DBTaskResult.objects.get(pk=live_delivery.pk).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=long_ingest.pk).status == TaskResultStatus.RUNNING
