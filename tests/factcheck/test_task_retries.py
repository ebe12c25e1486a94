"""A failing task is retried with backoff through the real database backend and worker, and is
finally recorded as failed — never dropped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from factcheck.tasks import backoff_delay
from tests.factcheck import retry_tasks
from tests.factcheck.worker import run_queued_tasks

pytestmark = pytest.mark.django_db


def _results(key: str) -> list[DBTaskResult]:
    return sorted(
        (r for r in DBTaskResult.objects.all() if r.args_kwargs["args"][:1] == [key]),
        key=lambda r: r.enqueued_at,
    )


def test_task_that_fails_twice_succeeds_on_the_third_attempt():
    retry_tasks.fails_then_succeeds.enqueue("flaky-feed", 2)
    run_queued_tasks()
    results = _results("flaky-feed")
    assert [r.status for r in results] == ["FAILED", "FAILED", "SUCCESSFUL"]
    assert results[0].exception_class_path == "factcheck.tasks.RetryScheduled"
    assert "flaky-feed: failure 1" in results[0].traceback
    assert [r.args_kwargs["kwargs"].get("retry_attempt", 1) for r in results] == [1, 2, 3]
    assert results[-1].task_result.return_value == "flaky-feed done after 3 attempts"


def test_task_that_keeps_failing_is_finally_recorded_as_failed():
    retry_tasks.fails_then_succeeds.enqueue("dead-feed", 99)
    run_queued_tasks()
    results = _results("dead-feed")
    assert [r.status for r in results] == ["FAILED"] * 3
    assert results[-1].exception_class_path == "factcheck.tasks.RetriesExhausted"
    assert "dead-feed: failure 3" in results[-1].traceback
    assert not DBTaskResult.objects.ready().exists()


def test_error_that_is_not_retryable_fails_at_once():
    retry_tasks.broken.enqueue("bug")
    run_queued_tasks()
    [result] = _results("bug")
    assert result.status == TaskResultStatus.FAILED
    assert result.exception_class_path == "builtins.ValueError"
    assert retry_tasks.calls["bug"] == 1


def test_retry_waits_for_its_backoff_before_running():
    retry_tasks.slow_to_recover.enqueue("outage")
    run_queued_tasks()
    first, retry = _results("outage")
    assert first.status == "FAILED" and retry.status == "READY"
    wait = retry.run_after - first.finished_at
    assert timedelta(seconds=59) <= wait <= timedelta(seconds=61)
    run_queued_tasks()  # Too early: the worker leaves it queued.
    assert retry_tasks.calls["outage"] == 1

    for _ in range(3):  # The clock moves on past each backoff.
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
        run_queued_tasks()
    results = _results("outage")
    assert [r.status for r in results] == ["FAILED"] * 4
    assert results[-1].exception_class_path == "factcheck.tasks.RetriesExhausted"
    assert retry_tasks.calls["outage"] == 4


def test_backoff_doubles_up_to_the_cap():
    delays = [backoff_delay(n, backoff=30, max_backoff=200) for n in range(1, 6)]
    assert delays == [30, 60, 120, 200, 200]


def test_failed_attempts_are_listed_in_the_admin(client, superuser, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    retry_tasks.fails_then_succeeds.enqueue("admin-feed", 99)
    run_queued_tasks()
    client.force_login(superuser)
    page = client.get("/admin/django_tasks_database/dbtaskresult/?status__exact=FAILED", secure=True)
    assert page.status_code == 200
    assert page.text.count("fails_then_succeeds") >= 3
    failed = _results("admin-feed")[-1]
    detail = client.get(f"/admin/django_tasks_database/dbtaskresult/{failed.pk}/change/", secure=True)
    assert "RetriesExhausted" in detail.text and "admin-feed: failure 3" in detail.text
