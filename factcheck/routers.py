"""Primary/replica database routing.

Reads go to the streaming replica only inside a request that `PrimaryPinningMiddleware` marked
as eligible (a safe method outside the admin, from a browser that has not just written) and only
until that request writes: the first write pins the rest of the request to the primary, so a
read-after-write sees the write. Everything outside a request (tasks, commands, shells) reads
from the primary: they read to decide what to write, and a lagging replica would mislead them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"


@dataclass
class RoutingState:
    """Where this request may read from; mutated in place so a copied context shares it."""

    replica_allowed: bool = False
    wrote: bool = False

    @property
    def reads_from_replica(self) -> bool:
        return self.replica_allowed and not self.wrote


_state: ContextVar[RoutingState | None] = ContextVar("factcheck_db_routing", default=None)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def routing(*, replica_allowed: bool) -> Iterator[RoutingState]:
    """Route the reads of the enclosed block (one request) as described in the module doc."""
    state = RoutingState(replica_allowed=replica_allowed and replica_configured())
    token = _state.set(state)
    try:
        yield state
    finally:
        _state.reset(token)


def current_state() -> RoutingState | None:
    return _state.get()


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        state = _state.get()
        if state is None or not state.reads_from_replica:
            return PRIMARY
        # Inside a transaction on the primary, reads belong to that transaction.
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return REPLICA

    def db_for_write(self, model, **hints) -> str:
        state = _state.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Both aliases hold the same data: objects read from either may be related.
        if {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA, None}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool | None:
        # The replica receives every change by streaming; it is never migrated directly.
        if db == REPLICA:
            return False
        return None
