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
from datetime import timedelta
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
