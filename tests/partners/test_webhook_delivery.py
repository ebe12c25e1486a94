"""Webhooks end to end: a partner registers a URL, an editor publishes, corrects and retracts,
the django-tasks database worker delivers signed POSTs to a real HTTP server on 127.0.0.1,
retrying with backoff and finally recording a failure."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from claims import services
from partners.models import DeliveryStatus, WebhookDelivery
from partners.services import webhook_delivery_retry
from partners.webhooks import signature_matches


class Receiver:
    """A partner's webhook receiver: records every request, answers with scripted codes."""

    def __init__(self, codes=(200,)):
        self.codes = list(codes)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body, "path": self.path})
                code = receiver.codes.pop(0) if len(receiver.codes) > 1 else receiver.codes[0]
                self.send_response(code)
                if code in (301, 302):
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                self.end_headers()
                self.wfile.write(b"partner says hi" if code >= 400 else b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/factcheck"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def webhook_settings(settings):
    settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = True  # the receiver listens on 127.0.0.1
    settings.FACTCHECK_WEBHOOK_BACKOFF_SECONDS = 0
    settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 3
    settings.FACTCHECK_WEBHOOK_TIMEOUT_SECONDS = 5
    return settings


@pytest.fixture
def run_worker(monkeypatch, django_capture_on_commit_callbacks):
    """Run `manage.py db_worker --batch` on the webhooks queue until nothing is ready.

    The worker closes "old" connections between tasks, which inside a test's transaction
    would drop the test database connection; that one call is neutralised, the rest is the
    real worker claiming and running the real tasks from the database backend.
    """
    import django_tasks_db.management.commands.db_worker as db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            call_command("db_worker", "--batch", "--queue-name", "webhooks", "--interval", "0", "--no-startup-delay", verbosity=0)

    return run


def register(partner_client, url, events=()):
    response = partner_client.post("/api/v1/webhooks/", {"url": url, "events": list(events)}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


@pytest.mark.django_db
def test_publish_correct_retract_are_delivered_signed(
    partner_client, webhook_settings, run_worker, claim, publish_verdict, editor, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        hook = register(partner_client, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            verdict = publish_verdict(claim)
        # Nothing is sent inside the request: the delivery waits in the queue.
        assert receiver.requests == []
        assert DBTaskResult.objects.filter(queue_name="webhooks", status=TaskResultStatus.READY).count() == 1
        run_worker()
        with django_capture_on_commit_callbacks(execute=True):
            services.correction_add(verdict=verdict, note="We fixed the year.", editor=editor)
        with django_capture_on_commit_callbacks(execute=True):
            services.verdict_retract(verdict=verdict, editor=editor, note="Wrong quote.")
        run_worker()

    assert [r["headers"]["X-Factcheck-Event"] for r in receiver.requests] == [
        "factcheck.published", "factcheck.corrected", "factcheck.retracted"
    ]
    for request in receiver.requests:
        headers = request["headers"]
        assert request["path"] == "/hooks/factcheck"
        assert headers["Content-Type"] == "application/json"
        assert signature_matches(hook["secret"], request["body"], headers["X-Factcheck-Signature"])
        assert not signature_matches("another-secret", request["body"], headers["X-Factcheck-Signature"])
        assert headers["X-Factcheck-Timestamp"].isdigit()
        payload = json.loads(request["body"])
        assert payload["event_id"] == headers["X-Factcheck-Event-Id"]
        assert payload["fact_check"]["id"] == verdict.pk
        assert payload["fact_check"]["api_url"].endswith(f"/api/v1/fact-checks/{verdict.pk}/")
    published, corrected, retracted = (json.loads(r["body"]) for r in receiver.requests)
    assert published["fact_check"]["rating"] == {"slug": "false", "label": "False"}
    assert corrected["correction"]["note"] == "We fixed the year."
    assert retracted["fact_check"]["status"] == "retracted"
    assert retracted["fact_check"]["retraction_note"] == "Wrong quote."
    log = WebhookDelivery.objects.order_by("created_at")
    assert [(d.status, d.attempts, d.response_code) for d in log] == [(DeliveryStatus.SUCCEEDED, 1, 200)] * 3
    # The partner sees the same log through the API.
    seen = partner_client.get(f"/api/v1/webhooks/{hook['id']}/deliveries/").json()
    assert [(d["event"], d["status"], d["response_code"]) for d in seen] == [
        ("factcheck.retracted", "succeeded", 200), ("factcheck.corrected", "succeeded", 200),
        ("factcheck.published", "succeeded", 200),
    ]
    assert partner_client.get(f"/api/v1/webhooks/{hook['id']}/").json()["url"] == receiver.url


@pytest.mark.django_db
def test_a_failed_attempt_is_retried_with_the_same_signed_body(
    partner_client, webhook_settings, run_worker, claim, publish_verdict, django_capture_on_commit_callbacks
):
    with Receiver(codes=[503, 500, 200]) as receiver:
        hook = register(partner_client, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish_verdict(claim)
        run_worker()
    assert len(receiver.requests) == 3
    assert len({r["body"] for r in receiver.requests}) == 1
    assert len({r["headers"]["X-Factcheck-Event-Id"] for r in receiver.requests}) == 1
    assert [r["headers"]["X-Factcheck-Delivery-Attempt"] for r in receiver.requests] == ["1", "2", "3"]
    assert all(signature_matches(hook["secret"], r["body"], r["headers"]["X-Factcheck-Signature"]) for r in receiver.requests)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code, delivery.error) == (DeliveryStatus.SUCCEEDED, 3, 200, "")
    assert delivery.delivered_at is not None


@pytest.mark.django_db
def test_after_the_last_attempt_the_delivery_is_recorded_as_failed(
    partner_client, webhook_settings, run_worker, claim, publish_verdict, django_capture_on_commit_callbacks
):
    with Receiver(codes=[500]) as receiver:
        register(partner_client, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish_verdict(claim)
        run_worker()
    assert len(receiver.requests) == 3
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 3
    assert delivery.response_code == 500
    assert delivery.error.startswith("HTTP 500")
    # The receiver's body is never echoed: partners see the status and a short reason only.
    assert delivery.error == "HTTP 500 Internal Server Error"
    assert delivery.next_attempt_at is None
    # Every attempt ran as a task of the database backend; none is left waiting.
    tasks = DBTaskResult.objects.filter(queue_name="webhooks")
    assert tasks.count() == 3
    assert not tasks.exclude(status=TaskResultStatus.SUCCESSFUL).exists()


@pytest.mark.django_db
def test_retries_back_off(partner_client, webhook_settings, run_worker, claim, publish_verdict, django_capture_on_commit_callbacks):
    webhook_settings.FACTCHECK_WEBHOOK_BACKOFF_SECONDS = 30
    with Receiver(codes=[500]) as receiver:
        register(partner_client, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish_verdict(claim)
        run_worker()
    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    waiting = DBTaskResult.objects.get(queue_name="webhooks", status=TaskResultStatus.READY)
    assert 29 <= (waiting.run_after - delivery.last_attempt_at).total_seconds() <= 31
    assert delivery.next_attempt_at == waiting.run_after


@pytest.mark.django_db
def test_a_failed_delivery_can_be_retried_from_the_admin(
    partner_client, webhook_settings, run_worker, claim, publish_verdict, django_capture_on_commit_callbacks
):
    with Receiver(codes=[500, 500, 500, 204]) as receiver:
        register(partner_client, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish_verdict(claim)
        run_worker()
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == DeliveryStatus.FAILED
        with django_capture_on_commit_callbacks(execute=True):
            webhook_delivery_retry(delivery=delivery)
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.response_code) == (DeliveryStatus.SUCCEEDED, 204)


@pytest.mark.django_db
def test_redirects_are_not_followed(partner_client, webhook_settings, run_worker, claim, publish_verdict, django_capture_on_commit_callbacks):
    webhook_settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS = 1
    with Receiver(codes=[302]) as receiver:
        register(partner_client, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish_verdict(claim)
        run_worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code) == (DeliveryStatus.FAILED, 302)


@pytest.mark.django_db
def test_endpoints_get_only_the_events_they_chose(
    partner_client, webhook_settings, run_worker, claim, publish_verdict, editor, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        register(partner_client, receiver.url, events=["factcheck.retracted"])
        with django_capture_on_commit_callbacks(execute=True):
            verdict = publish_verdict(claim)
        with django_capture_on_commit_callbacks(execute=True):
            verdict = services.verdict_update(verdict=verdict, expected_version=verdict.version, user=editor, summary="Sharper.",
                                             note="Sharpened the summary.")
        with django_capture_on_commit_callbacks(execute=True):
            services.verdict_retract(verdict=verdict, editor=editor, note="Withdrawn.")
        run_worker()
    assert [r["headers"]["X-Factcheck-Event"] for r in receiver.requests] == ["factcheck.retracted"]


@pytest.mark.django_db
def test_inactive_endpoints_get_nothing(partner_client, webhook_settings, run_worker, claim, publish_verdict, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        hook = register(partner_client, receiver.url)
        assert partner_client.patch(f"/api/v1/webhooks/{hook['id']}/", {"active": False}, format="json").status_code == 200
        with django_capture_on_commit_callbacks(execute=True):
            publish_verdict(claim)
        run_worker()
    assert receiver.requests == []
    assert not WebhookDelivery.objects.exists()


@pytest.mark.django_db
def test_a_url_that_became_unsafe_is_refused_at_delivery(
    partner_client, webhook_settings, run_worker, claim, publish_verdict, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        register(partner_client, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            publish_verdict(claim)
        webhook_settings.FACTCHECK_WEBHOOK_ALLOW_PRIVATE = False
        run_worker()
    assert receiver.requests == []
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 1
    assert "private or local" in delivery.error
