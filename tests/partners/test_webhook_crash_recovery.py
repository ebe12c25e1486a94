"""At-least-once webhook delivery through a worker crash, with real processes: a
`manage.py db_worker` is SIGKILLed while a partner's receiver stalls on its POST; the attempt
was counted and leased before the POST, the sweep (`manage.py reclaim_abandoned`) marks the
orphaned RUNNING task failed once the lease runs out and queues the delivery again, and a fresh
worker delivers it with the same event id, body and signature."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from partners import webhooks

ROOT = Path(__file__).resolve().parents[2]
LEASE_SECONDS = 6.0

# The worker subprocesses need a database they can open: on PostgreSQL the test database
# itself (committed data, so a transactional test); on SQLite a migrated file of its own.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class StallingReceiver:
    """A partner's receiver whose first request hangs until released; later ones get 200."""

    def __init__(self):
        self.requests: list[dict] = []
        self.release = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                if len(receiver.requests) == 1:
                    receiver.release.wait(30)
                try:
                    self.send_response(200)
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:
                    pass  # the worker that sent it is dead

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/factcheck"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def process_env(tmp_path):
    """Environment for subprocesses sharing this test's database."""
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL", "DATABASE_REPLICA_URL"}}
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
        database_url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    else:
        database_url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    env.update({
        "DJANGO_SETTINGS_MODULE": "factcheck.settings", "FACTCHECK_INSECURE_DEV_KEY": "1",
        "DATABASE_URL": database_url, "LOG_LEVEL": "WARNING", "FACTCHECK_WEBHOOK_ALLOW_PRIVATE": "1",
        "FACTCHECK_WEBHOOK_TIMEOUT_SECONDS": "3", "FACTCHECK_WEBHOOK_LEASE_SECONDS": str(LEASE_SECONDS),
        "FACTCHECK_WEBHOOK_BACKOFF_SECONDS": "0", "FACTCHECK_ARCHIVE_ON_ADD": "0",
    })
    if connection.vendor != "postgresql":
        _manage(env, "migrate", "--noinput", "-v0")
    return env


def _manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _django(env: dict, code: str) -> dict:
    """Run `code` (which sets `out`) in a fresh Django process on the shared database."""
    script = f"import django, json\ndjango.setup()\n{code}\nprint(json.dumps(out, default=str))"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


PUBLISH = """
from claims import services
from claims.models import Rating
from claims.roles import EDITOR, FACT_CHECKER, roles_setup
from django.contrib.auth import get_user_model
from partners.models import Partner, WebhookDelivery
from partners.services import webhook_endpoint_create

groups = roles_setup()
User = get_user_model()
checker = User.objects.create_user(username="fiona", is_staff=True)
checker.groups.add(groups[FACT_CHECKER])
editor = User.objects.create_user(username="edgar", is_staff=True)
editor.groups.add(groups[EDITOR])
checker, editor = User.objects.get(pk=checker.pk), User.objects.get(pk=editor.pk)
partner = Partner.objects.create(name="Daily Planet")
endpoint = webhook_endpoint_create(partner=partner, url=URL, events=["factcheck.published"])
claim = services.claim_create(text="Unemployment fell to 4 percent in 2024.")
services.claim_apply(claim=claim, action="accept", user=checker)
verdict = services.verdict_create(claim=claim, headline="It did not", user=checker,
                                  rating=Rating.objects.get(slug="false"), summary="5.1 percent.")
services.evidence_add(claim=claim, url="https://stats.example/1", user=checker)
services.verdict_publish(verdict=verdict, editor=editor)
delivery = WebhookDelivery.objects.get()
out = {"delivery": delivery.pk, "event_id": str(delivery.event_id), "secret": endpoint.secret}
"""

STATE = """
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from partners.models import WebhookDelivery
d = WebhookDelivery.objects.get()
out = {
    "status": d.status, "attempts": d.attempts, "leased": d.lease_until is not None, "error": d.error,
    "lease_left": (d.lease_until - timezone.now()).total_seconds() if d.lease_until else None,
    # The webhook queue's tasks (the outbox's own sweep waits on the default queue).
    "tasks": sorted([t.status, t.exception_class_path] for t in DBTaskResult.objects.filter(queue_name="webhooks")),
}
"""
# The same, then one sweep in the same process (what `manage.py reclaim_abandoned` runs).
STATE_THEN_SWEEP = STATE + """
from partners.management.commands.reclaim_abandoned import reclaim_once
out["swept"] = reclaim_once()
"""


def _wait_for(predicate, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_worker_killed_during_a_delivery_is_resent_with_the_same_id_body_and_signature(process_env):
    with StallingReceiver() as receiver:
        published = _django(process_env, f"URL = {receiver.url!r}\n{PUBLISH}")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--queue-name", "webhooks", "--interval", "0.1",
             "--no-startup-delay", "--no-reload", "--worker-id", "doomed"],
            cwd=ROOT, env=process_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(lambda: receiver.requests)
            os.kill(worker.pid, signal.SIGKILL)  # mid-POST: the receiver has not answered
        finally:
            worker.wait(10)

        # The attempt was counted and leased before the POST; the task is left RUNNING. While
        # the lease holds, the sweep leaves both alone (for all it knows the worker is alive).
        state = _django(process_env, STATE_THEN_SWEEP)
        assert (state["status"], state["attempts"], state["leased"]) == ("pending", 1, True)
        assert state["tasks"] == [["RUNNING", ""]]
        assert state["lease_left"] > 0 and state["swept"] == [0, 0, 0]

        time.sleep(state["lease_left"] + 0.2)
        swept = _manage(process_env, "reclaim_abandoned")
        assert "1 abandoned task(s) marked failed; 1 webhook delivery(ies) queued again" in swept

        _manage(process_env, "db_worker", "--batch", "--queue-name", "webhooks", "--interval", "0",
                "--no-startup-delay", "--no-reload")

    state = _django(process_env, STATE)
    assert (state["status"], state["attempts"], state["leased"]) == ("succeeded", 2, False)
    assert state["tasks"] == [["FAILED", "factcheck.tasks.WorkerLost"], ["SUCCESSFUL", ""]]
    first, second = receiver.requests
    assert second["body"] == first["body"]
    for header in (webhooks.EVENT_ID_HEADER, webhooks.SIGNATURE_HEADER, webhooks.EVENT_HEADER):
        assert second["headers"][header] == first["headers"][header]
    assert first["headers"][webhooks.EVENT_ID_HEADER] == published["event_id"]
    assert webhooks.signature_matches(published["secret"], second["body"], second["headers"][webhooks.SIGNATURE_HEADER])
    assert (first["headers"][webhooks.ATTEMPT_HEADER], second["headers"][webhooks.ATTEMPT_HEADER]) == ("1", "2")


def test_admin_retries_stuck_and_failed_deliveries(staff_client, superuser, claim, publish_verdict, partner, settings):
    from partners.models import DeliveryStatus, WebhookDelivery
    from partners.services import webhook_endpoint_create

    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True
    endpoint = webhook_endpoint_create(partner=partner, url="http://127.0.0.1:9/hook")
    publish_verdict(claim)
    stuck = WebhookDelivery.objects.get()
    # What a killed worker leaves: counted, leased, lease long gone.
    WebhookDelivery.objects.filter(pk=stuck.pk).update(
        attempts=1, lease_until=timezone.now() - timedelta(minutes=5), claimed_at=timezone.now() - timedelta(minutes=6)
    )
    failed = WebhookDelivery.objects.create(
        endpoint=endpoint, event="factcheck.published", payload={"x": 1}, status="failed", attempts=6
    )
    busy = WebhookDelivery.objects.create(
        endpoint=endpoint, event="factcheck.published", payload={"x": 2}, attempts=1,
        lease_until=timezone.now() + timedelta(minutes=1),
    )
    staff_client.force_login(superuser)
    response = staff_client.post(reverse("admin:partners_webhookdelivery_changelist"), {
        "action": "retry", "_selected_action": [stuck.pk, failed.pk, busy.pk], "index": "0",
    }, follow=True)
    assert "Queued 2 delivery(ies) again." in response.content.decode()
    assert WebhookDelivery.objects.get(pk=failed.pk).status == DeliveryStatus.PENDING
    assert WebhookDelivery.objects.get(pk=stuck.pk).lease_until is None
    assert WebhookDelivery.objects.get(pk=busy.pk).lease_until is not None  # its worker is still on it
