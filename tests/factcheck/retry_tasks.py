"""Tasks for the retry tests: module-level, as django-tasks requires, run by the real worker."""

from __future__ import annotations

from collections import Counter

from django_tasks import task

from factcheck.tasks import retrying

calls: Counter[str] = Counter()


class Flaky(ConnectionError):
    pass


@task(takes_context=True)
@retrying(attempts=3, backoff=0, retry_on=(Flaky,))
def fails_then_succeeds(key: str, failures: int) -> str:
    calls[key] += 1
    if calls[key] <= failures:
        raise Flaky(f"{key}: failure {calls[key]}")
    return f"{key} done after {calls[key]} attempts"


@task(takes_context=True)
@retrying(attempts=4, backoff=60, max_backoff=90, retry_on=(Flaky,))
def slow_to_recover(key: str) -> str:
    calls[key] += 1
    raise Flaky(f"{key} is still down")


@task(takes_context=True)
@retrying(attempts=3, backoff=0, retry_on=(Flaky,))
def broken(key: str) -> str:
    calls[key] += 1
    raise ValueError(f"{key}: a bug, not an outage")
