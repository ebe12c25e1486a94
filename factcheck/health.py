"""Liveness and readiness probes for load balancers and orchestrators.

`/healthz`: every configured database (primary and replica) and the cache answer; 200 JSON when
they do, 503 naming what is down. `/readyz`: the same, and the database schema is fully migrated,
so a node started with new code before `migrate` ran gets no traffic. A cache that does not
answer makes the node `degraded`, not down (200): pages are served uncached meanwhile
(`factcheck.cache`), and taking every node out of the load balancer would be worse.

Every check answers within `HEALTH_CHECK_TIMEOUT` seconds, whatever the database does: a frozen
server accepts the TCP connection and then never answers, and a pooled connection has no
statement timeout, so the probe uses a connection of its own with a connect timeout, a
statement timeout, and a deadline after which its socket is shut.

Answered by a middleware at the top of the stack: probes come from the load balancer with the
node's address as Host and over plain HTTP, which ALLOWED_HOSTS and the HTTPS redirect would refuse.
"""

from __future__ import annotations

import logging
import math
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

Check = Callable[[], None]


# Checks whose failure degrades the node instead of taking it out of service.
DEGRADING = frozenset({"cache"})


class ProbeTimeout(TimeoutError):
    """The dependency did not answer within the probe's deadline."""


def _timeout() -> float:
    return float(settings.HEALTH_CHECK_TIMEOUT)


def _postgres_params(alias: str, timeout: float) -> dict:
    params = connections[alias].get_connection_params()
    for key in ("cursor_factory", "context", "prepare_threshold", "server_side_binding"):
        params.pop(key, None)
    params = {k: v for k, v in params.items() if v not in (None, "")}
    ms = max(int(timeout * 1000), 1)
    options = f"{params.get('options', '')} -c statement_timeout={ms} -c lock_timeout={ms}"
    params.update(connect_timeout=max(math.ceil(timeout), 1), options=options.strip())
    return params


def _shut(conn) -> None:
    """Unblock a thread waiting on `conn`'s socket (a server that accepted and went silent)."""
    try:
        sock = socket.socket(fileno=os.dup(conn.fileno()))
    except Exception:  # noqa: BLE001 - nothing left to shut
        return
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    finally:
        sock.close()


def _postgres_probe(alias: str, timeout: float) -> None:
    import psycopg

    holder: dict = {}

    def run() -> None:
        try:
            with psycopg.connect(**_postgres_params(alias, timeout)) as conn:
                holder["conn"] = conn
                conn.execute("SELECT 1").fetchone()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller below
            holder["error"] = exc

    worker = threading.Thread(target=run, name=f"healthz-{alias}", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        if "conn" in holder:
            _shut(holder["conn"])
        raise ProbeTimeout(f"no answer within {timeout:g} s")
    if "error" in holder:
        raise holder["error"]


def check_database(alias: str) -> Check:
    def run() -> None:
        if connections[alias].vendor == "postgresql":
            _postgres_probe(alias, _timeout())
            return
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    return run


def check_cache() -> None:
    probe = getattr(cache, "probe", None)
    if probe is not None:  # factcheck.cache.RobustRedisCache: ask Redis itself
        probe()
        return
    key = f"factcheck:healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    try:
        if cache.get(key) != "ok":
            raise RuntimeError("the cache did not return what was just stored")
    finally:
        cache.delete(key)


_migrated = False


def check_migrations() -> None:
    global _migrated
    if _migrated:  # Once migrated, a running process's code cannot fall behind its schema.
        return
    connection = connections[DEFAULT_DB_ALIAS]
    with transaction.atomic(using=DEFAULT_DB_ALIAS):
        if connection.vendor == "postgresql":
            # Reading the migration table waits on any lock on it: bound the wait.
            ms = max(int(_timeout() * 1000), 1)
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {ms}")
                cursor.execute(f"SET LOCAL lock_timeout = {ms}")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise RuntimeError(f"{len(pending)} migration(s) not applied")
    _migrated = True


def dependency_checks() -> dict[str, Check]:
    checks = {
        "database" if alias == DEFAULT_DB_ALIAS else alias: check_database(alias)
        for alias in connections
    }
    checks["cache"] = check_cache
    return checks


def run_checks(checks: dict[str, Check]) -> JsonResponse:
    results: dict[str, dict] = {}
    down: list[str] = []
    degraded: list[str] = []
    for name, check in checks.items():
        started = time.perf_counter()
        if name == "migrations" and "database" in down:
            # The schema cannot be read from a database that does not answer: no second wait.
            results[name] = {"ok": False, "error": "DatabaseUnavailable"}
            down.append(name)
            continue
        try:
            check()
        except Exception as exc:
            # The reason goes to the log; the public body names only the kind of failure.
            logger.exception("health check %r failed", name)
            results[name] = {"ok": False, "error": type(exc).__name__}
            (degraded if name in DEGRADING else down).append(name)
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 2)
        if name == "cache" and hasattr(cache, "failures"):
            results[name]["failures"] = cache.failures  # since this process started
    status = "unavailable" if down else "degraded" if degraded else "ok"
    body = {"status": status, "down": down, "degraded": degraded, "checks": results}
    response = JsonResponse(body, status=503 if down else 200)
    response["Cache-Control"] = "no-store"
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    return run_checks(dependency_checks())


def readyz(request: HttpRequest) -> HttpResponse:
    return run_checks({**dependency_checks(), "migrations": check_migrations})


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = PROBES.get(request.path_info.rstrip("/"))
        if probe is not None and request.method in {"GET", "HEAD"}:
            return probe(request)
        return self.get_response(request)
