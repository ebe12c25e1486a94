"""Evidence links are archived in the background: the worker fetches the page from a real HTTP
server, keeps a snapshot readers can open, and points the link's archived_url at it."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tasks_db.models import DBTaskResult

from claims import services
from claims.archive import ArchiveRefused, evidence_archive
from claims.models import EvidenceSnapshot
from tests.factcheck.worker import run_queued_tasks

ARTICLE = (
    b"<!doctype html><html><head><title>Labour market statistics, March 2025</title></head>"
    b"<body><nav>Home | Data</nav><article><h1>Labour market statistics</h1>"
    b"<p>The unemployment rate was estimated at 5.1 percent in the fourth quarter of 2024, "
    b"up from 4.9 percent a year earlier, according to the national statistics office.</p>"
    b"<p>The employment rate was 74.8 percent.</p><script>alert('archived script')</script>"
    b"</article></body></html>"
)


class Site(BaseHTTPRequestHandler):
    hits: Counter[str] = Counter()

    def do_GET(self):
        Site.hits[self.path] += 1
        if self.path == "/stats":
            self._send(200, "text/html; charset=utf-8", ARTICLE)
        elif self.path == "/old-stats":
            self.send_response(301)
            self.send_header("Location", "/stats")
            self.end_headers()
        elif self.path == "/report.pdf":
            self._send(200, "application/pdf", b"%PDF-1.4 labour statistics")
        elif self.path == "/chart.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
        elif self.path == "/huge-unannounced":
            # No Content-Length: the limit must hold while streaming.
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(64):
                self.wfile.write(b"x" * 1024)
        elif self.path == "/overloaded":
            self._send(503, "text/plain", b"try later")
        else:
            self._send(404, "text/plain", b"not found")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def site(settings):
    settings.FACTCHECK_ARCHIVE_ALLOW_PRIVATE = True  # The test server listens on 127.0.0.1.
    Site.hits.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _add(claim, fact_checker, url: str, **extra):
    return services.evidence_add(claim=claim, url=url, user=fact_checker, stance="refutes", **extra)


def test_added_evidence_is_archived_by_the_worker(
    site, claim, fact_checker, client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        link = _add(claim, fact_checker, f"{site}/stats")
    queued = DBTaskResult.objects.get()
    assert (queued.queue_name, queued.status) == ("archive", "READY")

    run_queued_tasks()

    snapshot = EvidenceSnapshot.objects.get(link=link)
    assert snapshot.sha256 == hashlib.sha256(ARTICLE).hexdigest()
    assert bytes(snapshot.content) == ARTICLE
    assert snapshot.title == "Labour market statistics, March 2025"
    assert "5.1 percent in the fourth quarter of 2024" in snapshot.text
    link.refresh_from_db()
    assert link.archived_url == f"{settings.FACTCHECK_SITE_URL}/archive/{snapshot.pk}/"
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"

    page = client.get(f"/archive/{snapshot.pk}/", secure=True)
    assert page.status_code == 200
    assert "5.1 percent in the fourth quarter of 2024" in page.text
    assert f"{site}/stats" in page.text and snapshot.sha256 in page.text
    assert "<script>" not in page.text


def test_archived_original_is_served_sandboxed(site, claim, fact_checker, client):
    snapshot = evidence_archive(link=_add(claim, fact_checker, f"{site}/stats"))
    raw = client.get(f"/archive/{snapshot.pk}/raw", secure=True)
    assert raw.content == ARTICLE
    assert raw["Content-Type"] == "text/html"
    # The archived page's own scripts must never run with our site's cookies and origin.
    assert raw["Content-Security-Policy"].startswith("sandbox")
    assert raw["X-Content-Type-Options"] == "nosniff"


def test_archived_document_downloads_rather_than_opening_in_the_sandbox(site, claim, fact_checker, client):
    snapshot = evidence_archive(link=_add(claim, fact_checker, f"{site}/report.pdf"))
    assert (snapshot.content_type, snapshot.text) == ("application/pdf", "")
    raw = client.get(f"/archive/{snapshot.pk}/raw", secure=True)
    assert raw.content == b"%PDF-1.4 labour statistics"
    assert raw["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("stored_type", ["text/javascript", "image/svg+xml", "application/x-shockwave-flash"])
def test_a_snapshot_of_a_type_off_the_allow_list_is_only_ever_a_download(claim, fact_checker, client, stored_type):
    """However such a row got there (an old import, a widened FACTCHECK_ARCHIVE_CONTENT_TYPES),
    it is not served same-origin under its own type."""
    body = b"alert(document.cookie)"
    snapshot = EvidenceSnapshot.objects.create(
        link=_add(claim, fact_checker, "https://stats.example/script"), requested_url="https://stats.example/s",
        final_url="https://stats.example/s", fetched_at="2025-03-01T10:00:00Z", http_status=200,
        content_type=stored_type, size=len(body), sha256=hashlib.sha256(body).hexdigest(), content=body,
    )
    raw = client.get(f"/archive/{snapshot.pk}/raw", secure=True)
    assert raw["Content-Type"] == "application/octet-stream"
    assert raw["Content-Disposition"].startswith("attachment;")
    assert raw["Content-Security-Policy"].startswith("sandbox")
    assert raw["X-Content-Type-Options"] == "nosniff"


def test_redirects_are_followed_and_recorded(site, claim, fact_checker):
    snapshot = evidence_archive(link=_add(claim, fact_checker, f"{site}/old-stats"))
    assert snapshot.requested_url == f"{site}/old-stats"
    assert snapshot.final_url == f"{site}/stats"


def test_given_archived_url_is_kept(site, claim, fact_checker):
    link = _add(claim, fact_checker, f"{site}/stats", archived_url="https://web.archive.org/web/2025/x")
    evidence_archive(link=link)
    link.refresh_from_db()
    assert link.archived_url == "https://web.archive.org/web/2025/x"
    assert link.snapshots.count() == 1


def test_private_addresses_are_refused_unless_allowed(site, claim, fact_checker, settings):
    settings.FACTCHECK_ARCHIVE_ALLOW_PRIVATE = False
    link = _add(claim, fact_checker, f"{site}/stats")
    with pytest.raises(ArchiveRefused, match="private or reserved address"):
        evidence_archive(link=link)
    assert Site.hits["/stats"] == 0


@pytest.mark.parametrize(
    ("path", "limit", "message"),
    [
        ("/chart.png", 10_000_000, "image/png, which is not archived"),
        ("/stats", 100, "over the 100-byte limit"),
        ("/huge-unannounced", 10_000, "over the 10000-byte limit"),
        ("/missing", 10_000_000, "HTTP 404"),
    ],
)
def test_unarchivable_pages_are_refused_with_the_reason(
    site, claim, fact_checker, settings, path, limit, message
):
    settings.FACTCHECK_ARCHIVE_MAX_BYTES = limit
    with pytest.raises(ArchiveRefused, match=message):
        evidence_archive(link=_add(claim, fact_checker, f"{site}{path}"))
    assert not EvidenceSnapshot.objects.exists()


def test_refused_archive_fails_without_retrying(site, claim, fact_checker, settings, django_capture_on_commit_callbacks):
    settings.FACTCHECK_ARCHIVE_ALLOW_PRIVATE = False
    with django_capture_on_commit_callbacks(execute=True):
        link = _add(claim, fact_checker, f"{site}/stats")
    run_queued_tasks()
    [result] = DBTaskResult.objects.all()
    assert result.status == "FAILED"
    assert result.exception_class_path == "claims.archive.ArchiveRefused"
    link.refresh_from_db()
    assert link.archived_url == ""


def test_site_that_stays_down_is_retried_then_recorded_as_failed(
    site, claim, fact_checker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _add(claim, fact_checker, f"{site}/overloaded")
    run_queued_tasks()
    for _ in range(10):  # The clock moves past each backoff until the task gives up.
        waiting = DBTaskResult.objects.filter(status="READY")
        if not waiting.exists():
            break
        waiting.update(run_after=DBTaskResult.objects.latest("enqueued_at").enqueued_at)
        run_queued_tasks()
    results = list(DBTaskResult.objects.order_by("enqueued_at"))
    assert [r.status for r in results] == ["FAILED"] * 5
    assert {r.exception_class_path for r in results[:-1]} == {"factcheck.tasks.RetryScheduled"}
    assert results[-1].exception_class_path == "factcheck.tasks.RetriesExhausted"
    assert "HTTP 503" in results[-1].traceback
    assert Site.hits["/overloaded"] == 5


def test_backfill_command_queues_links_without_a_snapshot(site, claim, fact_checker):
    from django.core.management import call_command

    archived = _add(claim, fact_checker, f"{site}/stats")
    evidence_archive(link=archived)
    missing = _add(claim, fact_checker, f"{site}/old-stats")
    call_command("archive_evidence")
    [queued] = DBTaskResult.objects.all()
    assert queued.args_kwargs["args"] == [missing.pk]
    run_queued_tasks()
    assert missing.snapshots.get().final_url == f"{site}/stats"
