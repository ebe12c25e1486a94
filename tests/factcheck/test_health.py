"""/healthz and /readyz answer load balancers: 200 JSON when the database and cache work, 503
naming what is down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def test_healthy_node_answers_200_with_each_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["down"] == []
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]
    assert response["Cache-Control"] == "no-store"


def test_probe_from_the_load_balancer_needs_no_allowed_host_and_no_https(client, settings):
    settings.ALLOWED_HOSTS = ["factcheck.example"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.3.17:8000")
    assert response.status_code == 200
    # Ordinary pages still refuse an unknown host.
    assert client.get("/speakers/nobody/", HTTP_HOST="10.0.3.17:8000", secure=True).status_code == 400


def test_readyz_checks_migrations_too(client):
    body = client.get("/readyz").json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "migrations"}


def test_cache_outage_degrades_the_node_and_is_named(client, settings):
    """Pages are served uncached without the cache, so the node stays in service (200)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "factcheck.cache.RobustRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # Nothing listens on port 1.
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded" and body["down"] == [] and body["degraded"] == ["cache"]
    cache_check = body["checks"]["cache"]
    assert (cache_check["ok"], cache_check["error"]) == (False, "ConnectionError") and cache_check["failures"] >= 1
    assert body["checks"]["database"]["ok"] is True


def _probe_in_a_fresh_process(database_url: str) -> dict[str, tuple[int, dict]]:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL", "DATABASE_REPLICA_URL"}}
    script = (
        "import django, json; django.setup(); from django.test import Client; c = Client(); "
        "print(json.dumps({p: [r.status_code, r.json()] for p in ('/healthz', '/readyz') "
        "for r in [c.get(p)]}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "FACTCHECK_INSECURE_DEV_KEY": "1",
             "DATABASE_URL": database_url, "DATABASE_CONNECT_TIMEOUT": "2", "LOG_LEVEL": "CRITICAL"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return {path: tuple(value) for path, value in json.loads(result.stdout.splitlines()[-1]).items()}


def test_unreachable_database_is_named():
    probes = _probe_in_a_fresh_process("postgres://postgres@127.0.0.1:1/factcheck")
    status, body = probes["/healthz"]
    assert status == 503
    assert body["down"] == ["database"]
    assert body["checks"]["database"]["error"] == "OperationalError"


def test_unmigrated_database_is_live_but_not_ready(tmp_path):
    probes = _probe_in_a_fresh_process(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    assert probes["/healthz"][0] == 200
    status, body = probes["/readyz"]
    assert status == 503 and body["down"] == ["migrations"]
