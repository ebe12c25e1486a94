"""Degrade, don't die: with Redis down, public pages, the API and tip intake are served uncached
instead of answering 500; the failure is logged and counted, and /healthz says the node is
`degraded`, naming the cache. The Redis is a redis-server of the test's own, on its own port,
which the test stops; the cache is configured exactly as a deployment with REDIS_URL gets it."""

from __future__ import annotations

import logging
import runpy
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from claims.models import Claim

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "factcheck" / "settings.py"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            assert time.monotonic() < deadline and server.poll() is None, "redis-server did not start"
            time.sleep(0.05)
    yield server, port
    if server.poll() is None:
        server.terminate()
        server.wait(10)


@pytest.fixture
def deployment_cache(redis_server, settings, monkeypatch):
    """The CACHES a deployment gets from REDIS_URL (factcheck/settings.py, read afresh)."""
    server, port = redis_server
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{port}/0")
    settings.CACHES = runpy.run_path(str(SETTINGS_FILE))["CACHES"]
    cache.clear()
    return server


def test_public_pages_api_and_tips_are_served_with_redis_down(
    deployment_cache, newsroom, client, partner_client, caplog
):
    page = reverse("claims:factcheck_detail", kwargs={"slug": newsroom.published.slug})
    assert client.get(page, secure=True).status_code == 200  # cached while Redis is up

    deployment_cache.terminate()
    deployment_cache.wait(10)

    caplog.set_level(logging.WARNING, logger="factcheck.cache")
    for path in (page, reverse("claims:factcheck_list"), newsroom.published.claim.speaker.get_absolute_url(),
                 reverse("claims:rating_list"), reverse("claims:feed_factchecks_rss")):
        response = client.get(path, secure=True)
        assert response.status_code == 200, path
    assert newsroom.published.headline in client.get(page, secure=True).content.decode()
    assert partner_client.get("/api/v1/fact-checks/").status_code == 200

    tip = {"text": "The new bridge cost three billion euros.", "url": "", "speaker_name": "", "website": ""}
    assert client.post(reverse("claims:submit_claim"), tip, secure=True).status_code == 302
    response = partner_client.post("/api/v1/tips/", {"text": "The tunnel cost nine billion euros."}, format="json")
    assert response.status_code == 201, response.content
    assert Claim.objects.filter(text__startswith="The tunnel cost").exists()

    # Logged once per outage window, counted every time.
    warnings = [r for r in caplog.records if r.name == "factcheck.cache"]
    assert len(warnings) == 1 and "cache unreachable" in warnings[0].getMessage()
    assert cache.failures >= 1

    health = client.get("/healthz")
    assert health.status_code == 200
    body = health.json()
    assert body["status"] == "degraded" and body["degraded"] == ["cache"] and body["down"] == []
    assert body["checks"]["cache"]["ok"] is False and body["checks"]["database"]["ok"] is True


def test_a_paused_redis_costs_one_short_timeout_not_one_per_request(deployment_cache, newsroom, client):
    deployment_cache.send_signal(19)  # SIGSTOP: the port accepts, nothing answers
    try:
        started = time.monotonic()
        for _ in range(5):
            assert client.get(reverse("claims:factcheck_list"), secure=True).status_code == 200
        # One socket timeout (0.5 s) trips the breaker; the other requests skip Redis.
        assert time.monotonic() - started < 4
        assert client.get("/healthz").json()["degraded"] == ["cache"]
    finally:
        deployment_cache.send_signal(18)  # SIGCONT
