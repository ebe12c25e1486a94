"""Retries for django-tasks, which has none built in.

    @task(queue_name="webhooks", takes_context=True)
    @retrying(attempts=6, backoff=30, retry_on=(DeliveryFailed,))
    def webhook_deliver(delivery_id: int) -> dict: ...

When an attempt raises one of `retry_on`, the same task is enqueued again with `run_after`
backed off exponentially (backoff, 2×backoff, 4×backoff … capped at `max_backoff` seconds) and
the attempt itself is recorded as FAILED with `RetryScheduled` (its traceback keeps the real
error), so every attempt is visible in the admin's task results. The last attempt fails with
`RetriesExhausted`; an exception outside `retry_on` fails at once. Nothing is silently dropped.
The attempt number travels in the task's kwargs (`retry_attempt`), so any backend can run it.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, TypeVar

from django.utils import timezone
from django_tasks import TaskContext

logger = logging.getLogger(__name__)

T = TypeVar("T")
ATTEMPT_KWARG = "retry_attempt"


class RetryScheduled(Exception):
    """This attempt failed; another one is queued (see `__cause__` for the failure)."""


class RetriesExhausted(Exception):
    """The last allowed attempt failed; the task is given up (see `__cause__`)."""


def backoff_delay(attempt: int, *, backoff: float, max_backoff: float) -> float:
    """Seconds to wait before attempt `attempt + 1`."""
    return min(backoff * 2 ** (attempt - 1), max_backoff)


def retrying(
    *,
    attempts: int = 5,
    backoff: float = 30.0,
    max_backoff: float = 3600.0,
    retry_on: tuple[type[BaseException], ...] = (Exception,),
) -> Callable[[Callable[..., T]], Callable[..., T]]:
    """Decorate a task function (under `@task(takes_context=True)`) to retry as described above."""
    if attempts < 1:
        raise ValueError("attempts must be at least 1")

    def decorate(func: Callable[..., T]) -> Callable[..., T]:
        @functools.wraps(func)
        def run(context: TaskContext, *args: Any, **kwargs: Any) -> T:
            attempt = int(kwargs.pop(ATTEMPT_KWARG, 1))
            try:
                return func(*args, **kwargs)
            except retry_on as exc:
                task_name = context.task_result.task.name
                if attempt >= attempts:
                    logger.error(
                        "task %s (%s) gave up after %d attempts: %r",
                        task_name, context.task_result.id, attempt, exc,
                    )
                    raise RetriesExhausted(
                        f"{task_name} failed {attempt} time(s), giving up: {exc}"
                    ) from exc
                delay = backoff_delay(attempt, backoff=backoff, max_backoff=max_backoff)
                run_after = timezone.now() + timedelta(seconds=delay)
                retry = context.task_result.task.using(run_after=run_after).enqueue(
                    *args, **kwargs, **{ATTEMPT_KWARG: attempt + 1}
                )
                logger.warning(
                    "task %s (%s) attempt %d/%d failed (%r); retry %s at %s",
                    task_name, context.task_result.id, attempt, attempts, exc, retry.id,
                    run_after.isoformat(),
                )
                raise RetryScheduled(
                    f"attempt {attempt} of {attempts} failed: {exc}; "
                    f"attempt {attempt + 1} queued as {retry.id} to run after {run_after.isoformat()}"
                ) from exc

        # The task backend checks the signature for the leading `context`; without this,
        # inspect.signature would follow __wrapped__ to the undecorated function.
        del run.__wrapped__
        return run

    return decorate


class WorkerLost(Exception):
    """The worker running this task stopped (killed, or its host lost) before the task ended."""


def tasks_reclaim_abandoned(*, older_than: dict[str, float], default: float, now: datetime | None = None) -> int:
    """Record as failed every task still RUNNING longer than its queue allows.

    django-tasks-db never reclaims a RUNNING task: a worker killed mid-task leaves it RUNNING
    for ever. The thresholds are per queue (`older_than`, seconds; `default` for the others)
    and must exceed the longest a live worker spends on one task of that queue. What the task
    was doing is resumed by its owner's own sweep (webhook deliveries: their lease).
    Returns how many tasks were marked.
    """
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    marked = 0
    shortest = min([default, *older_than.values()])
    candidates = DBTaskResult.objects.running().filter(started_at__lt=now - timedelta(seconds=shortest))
    for pk, queue, started_at in candidates.values_list("pk", "queue_name", "started_at"):
        limit = older_than.get(queue, default)
        if started_at is None or started_at >= now - timedelta(seconds=limit):
            continue  # (never None here: the filter above compares it)
        with transaction.atomic():
            task = DBTaskResult.objects.running().select_for_update(skip_locked=True).filter(pk=pk).first()
            if task is None:
                continue  # it finished meanwhile
            task.set_failed(
                WorkerLost(
                    f"still running {int((now - started_at).total_seconds())} s after it started on "
                    f"worker {', '.join(task.worker_ids) or '?'} (limit for queue {queue!r}: {int(limit)} s); "
                    "its worker is gone"
                )
            )
            marked += 1
    if marked:
        logger.warning("Marked %d abandoned RUNNING task(s) as failed", marked)
    return marked
