"""The health probes answer 503 within a few seconds when a database hangs instead of failing:
a server that went silent on an established (pooled) connection, and a lock the readiness
check's query waits on. Neither may hold a probe (and a gunicorn worker) for half a minute."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from factcheck import health
from tests.concurrency import _raw_connection

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: a server to freeze and to lock"),
]


class FreezableProxy:
    """A TCP proxy to the PostgreSQL server that the test can freeze: once frozen it forwards
    nothing and answers nothing, while keeping every connection open (what a server stopped
    with SIGSTOP, or behind a dead network path, looks like to the client)."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.frozen = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            self.sockets.append(client)
            if self.frozen.is_set():
                continue  # accepted, never answered
            server = socket.create_connection(self.target)
            self.sockets.append(server)
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                while self.frozen.is_set():
                    time.sleep(0.05)
                sink.sendall(data)
        except OSError:
            pass

    def close(self) -> None:
        self.frozen.clear()
        for s in [self.listener, *self.sockets]:
            s.close()


PROBE_TWICE = """
import django, json, sys, time
django.setup()
from django.test import Client
c = Client()
first = c.get("/healthz")
print(json.dumps({"first": first.status_code}), flush=True)
sys.stdin.readline()  # the test freezes the database here
out = {}
for path in ("/healthz", "/readyz"):
    started = time.monotonic()
    r = c.get(path)
    out[path] = [r.status_code, r.json(), time.monotonic() - started]
print(json.dumps(out), flush=True)
"""


def test_probes_answer_503_quickly_when_the_database_goes_silent():
    s = connection.settings_dict
    proxy = FreezableProxy(s["HOST"] or "127.0.0.1", int(s["PORT"] or 5432))
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL", "DATABASE_REPLICA_URL"}}
    env.update({
        "DJANGO_SETTINGS_MODULE": "factcheck.settings", "FACTCHECK_INSECURE_DEV_KEY": "1", "LOG_LEVEL": "CRITICAL",
        "DATABASE_URL": f"postgres://{s['USER']}@127.0.0.1:{proxy.port}/{s['NAME']}",
        "DATABASE_CONN_MAX_AGE": "60",  # a pooled connection, established before the freeze
        "DATABASE_CONNECT_TIMEOUT": "2", "HEALTH_CHECK_TIMEOUT": "2",
    })
    probe = subprocess.Popen(
        [sys.executable, "-c", PROBE_TWICE], cwd=ROOT, env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert json.loads(probe.stdout.readline()) == {"first": 200}
        proxy.frozen.set()
        out, err = probe.communicate("go\n", timeout=30)
    finally:
        if probe.poll() is None:
            probe.kill()
        proxy.close()
    result = json.loads(out.splitlines()[-1])
    for path in ("/healthz", "/readyz"):
        status, body, seconds = result[path]
        assert status == 503 and "database" in body["down"], (path, body)
        # The probe's own connection timed out connecting, or its deadline shut it.
        assert body["checks"]["database"]["error"] in ("ConnectionTimeout", "ProbeTimeout")
        assert seconds < 5, f"{path} took {seconds:.1f} s"


def test_readyz_answers_503_quickly_while_its_query_waits_on_a_lock(db, client, settings, monkeypatch):
    settings.HEALTH_CHECK_TIMEOUT = 1
    monkeypatch.setattr(health, "_migrated", False)
    holder = _raw_connection()
    holder.execute("LOCK TABLE django_migrations IN ACCESS EXCLUSIVE MODE")
    # Should the probe wait regardless, the lock goes after 15 s and the timing fails the test.
    release = threading.Timer(15, holder.rollback)
    release.start()
    try:
        started = time.monotonic()
        response = client.get("/readyz")
        seconds = time.monotonic() - started
    finally:
        release.cancel()
        holder.rollback()
        holder.close()
    body = response.json()
    assert response.status_code == 503 and body["down"] == ["migrations"], body
    assert body["checks"]["database"]["ok"] is True
    assert seconds < 5, f"/readyz took {seconds:.1f} s"
