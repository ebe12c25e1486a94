"""Run code on several real PostgreSQL connections at once.

Each worker is a thread, so Django gives it its own database connection. To be sure the
workers really overlap (instead of one finishing before the next starts), an outside
connection holds a row lock until every worker is queued behind it, then lets them race.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import psycopg
import pytest
from django.db import connection, connections

# Marks for a test module whose tests race real PostgreSQL connections. serialized_rollback:
# the flush after each transactional test must not lose the seeded rating scale.
POSTGRES_RACE = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: concurrent transactions across real connections",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@dataclass
class Outcome:
    results: list[Any] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)


def _raw_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold"):
        params.pop(key, None)
    return psycopg.connect(**{k: v for k, v in params.items() if v not in (None, "")})


def _waiting(holder: psycopg.Connection) -> int:
    # Statistics views are a snapshot frozen for the rest of a transaction unless cleared.
    holder.execute("SELECT pg_stat_clear_snapshot()")
    return holder.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
    ).fetchone()[0]


def race_on_row(table: str, pk: int, *calls: Callable[[], Any], timeout: float = 30) -> list[Outcome]:
    """Hold `FOR UPDATE` on one row, start every call on its own connection, wait until all
    are blocked on a lock, release, and return each call's outcome."""
    return race_holding(f'SELECT 1 FROM "{table}" WHERE id = %s FOR UPDATE', [pk], *calls, timeout=timeout)  # noqa: S608


def race_holding(statement: str, params: list, *calls: Callable[[], Any], timeout: float = 30) -> list[Outcome]:
    """Like race_on_row, with any locking statement: e.g. an INSERT of a unique key the calls
    will also insert, which makes each of them wait at exactly that point of its work."""
    outcomes = [Outcome() for _ in calls]

    def work(call, outcome):
        try:
            outcome.results.append(call())
        except BaseException as exc:  # noqa: BLE001 - reported to the test
            outcome.errors.append(exc)
        finally:
            connections.close_all()

    holder = _raw_connection()
    try:
        holder.execute(statement, params)
        threads = [threading.Thread(target=work, args=pair) for pair in zip(calls, outcomes, strict=True)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + timeout
        while _waiting(holder) < len(calls):
            finished = [o for o in outcomes if o.results or o.errors]
            if finished or time.monotonic() > deadline:
                activity = holder.execute(
                    "SELECT datname, state, wait_event_type, wait_event, left(query, 60) "
                    "FROM pg_stat_activity WHERE backend_type = 'client backend'"
                ).fetchall()
                raise AssertionError(
                    f"workers did not all queue on the lock; finished early: "
                    f"{[o.errors or o.results for o in finished]}; activity: {activity}"
                )
            time.sleep(0.02)
    finally:
        holder.rollback()
        holder.close()
    for thread in threads:
        thread.join(timeout)
        assert not thread.is_alive(), "a worker hung (deadlock?)"
    return outcomes
