"""Where the streaming replica is, compared with the primary (PostgreSQL WAL positions)."""

from __future__ import annotations

import time

from django.db import connections

from factcheck.routers import PRIMARY, REPLICA


def primary_position() -> str:
    """The primary's current WAL position: every change committed so far lies at or before it."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        return cursor.fetchone()[0]


def replica_has(position: str) -> bool:
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT coalesce(pg_last_wal_replay_lsn() >= %s::pg_lsn, false)", [position])
        return bool(cursor.fetchone()[0])


def wait_for_replica(position: str, *, timeout: float, interval: float = 0.2) -> bool:
    """True once the replica has replayed up to `position`; False if `timeout` passed first."""
    deadline = time.monotonic() + timeout
    while not replica_has(position):
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)
    return True
