"""Liveness and readiness probes for load balancers and orchestrators.

`/healthz`: every configured database (primary and replica) and the cache answer; 200 JSON when
they do, 503 naming what is down. `/readyz`: the same, and the database schema is fully migrated,
so a node started with new code before `migrate` ran gets no traffic.

Answered by a middleware at the top of the stack: probes come from the load balancer with the
node's address as Host and over plain HTTP, which ALLOWED_HOSTS and the HTTPS redirect would refuse.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

Check = Callable[[], None]


def check_database(alias: str) -> Check:
    def run() -> None:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()

    return run


def check_cache() -> None:
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
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
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
    for name, check in checks.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:
            # The reason goes to the log; the public body names only the kind of failure.
            logger.exception("health check %r failed", name)
            results[name] = {"ok": False, "error": type(exc).__name__}
            down.append(name)
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 2)
    body = {"status": "unavailable" if down else "ok", "down": down, "checks": results}
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
