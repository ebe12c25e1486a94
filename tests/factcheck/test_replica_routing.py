"""Reads go to the streaming replica, writes to the primary, and a request that wrote reads its
own write — proved against a real PostgreSQL hot standby (`.ci/replica.sh`).

Run: `.ci/replica.sh`, then with DATABASE_URL on the primary and DATABASE_REPLICA_URL on the
replica (same database name), `pytest -m replica`. Django's test setup points the replica alias
at the test database's name (TEST MIRROR); streaming replication brings that database, created
on the primary, to the standby, so these tests read real replicated rows. To tell the servers
apart the tests pause WAL replay on the standby: whatever is written afterwards exists only on
the primary until replay resumes.
"""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.db import connections
from django_tasks_db.models import DBTaskResult

from claims import publication
from claims.models import Tag
from factcheck.middleware import PIN_COOKIE
from tests.factcheck.worker import run_queued_tasks

pytestmark = [
    pytest.mark.replica,
    pytest.mark.skipif(
        "replica" not in settings.DATABASES
        or settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="needs a live PostgreSQL streaming replica: run .ci/replica.sh and set "
        "DATABASE_URL=postgres://…:5432/<db> DATABASE_REPLICA_URL=postgres://…:5433/<db>",
    ),
    # serialized_rollback: the rating scale seeded by migration must survive the flush.
    pytest.mark.django_db(transaction=True, databases=["default", "replica"], serialized_rollback=True),
    pytest.mark.urls("tests.factcheck.replica_urls"),
]


def _one(alias: str, sql: str, params=()):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def wait_for_replay(timeout: float = 20.0) -> None:
    """Block until the standby has replayed everything the primary has written so far."""
    target = _one("default", "SELECT pg_current_wal_lsn()::text")
    deadline = time.monotonic() + timeout
    while not _one("replica", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
        if time.monotonic() > deadline:
            raise AssertionError(f"the replica did not replay up to {target} within {timeout}s")
        time.sleep(0.05)


@contextmanager
def replay_paused():
    wait_for_replay()
    _one("replica", "SELECT pg_wal_replay_pause()::text")
    try:
        while _one("replica", "SELECT pg_get_wal_replay_pause_state()") != "paused":
            time.sleep(0.02)
        yield
    finally:
        _one("replica", "SELECT pg_wal_replay_resume()::text")


@pytest.fixture
def replica():
    """The replica alias, checked to be a hot standby on another server than the primary."""
    assert _one("replica", "SELECT pg_is_in_recovery()") is True
    assert _one("default", "SELECT pg_is_in_recovery()") is False
    assert _one("replica", "SELECT current_setting('port')") != _one(
        "default", "SELECT current_setting('port')"
    )
    wait_for_replay()
    yield connections["replica"]
    _one("replica", "SELECT pg_wal_replay_resume()::text")


def test_public_read_is_served_by_the_replica(client, replica):
    Tag.objects.create(name="Budget", slug="budget")
    with replay_paused():
        Tag.objects.create(name="Late", slug="late")
        budget = client.get("/t/read/Budget/", secure=True).json()
        late = client.get("/t/read/Late/", secure=True).json()
    assert budget == {"found": True, "alias": "replica", "in_recovery": True, "port": replica.settings_dict["PORT"]}
    # Written after replay stopped: only the primary has it, and this request did not see it.
    assert late["found"] is False and late["alias"] == "replica"
    wait_for_replay()
    assert client.get("/t/read/Late/", secure=True).json()["found"] is True


def test_public_page_is_read_from_the_replica(client, replica, claim, publish_verdict):
    with replay_paused():
        verdict = publish_verdict(claim, headline="Lagging replica check")
        # Published on the primary, not yet replayed: readers (on the replica) don't see it yet.
        assert client.get(verdict.get_absolute_url(), secure=True).status_code == 404
    wait_for_replay()
    page = client.get(verdict.get_absolute_url(), secure=True)
    assert page.status_code == 200
    assert "Lagging replica check" in page.text


def test_post_writes_to_the_primary_and_reads_its_own_write(client, replica):
    with replay_paused():
        response = client.post("/t/write/Elections/", secure=True).json()
        on_replica = Tag.objects.using("replica").filter(name="Elections").exists()
    primary_port = connections["default"].settings_dict["PORT"]
    assert response == {"found": True, "alias": "default", "in_recovery": False, "port": primary_port}
    assert Tag.objects.using("default").filter(name="Elections").exists()
    assert on_replica is False


def test_get_that_writes_reads_the_rest_of_the_request_from_the_primary(client, replica):
    with replay_paused():
        response = client.get("/t/write/Turnout/", secure=True).json()
    assert response["found"] is True
    assert response["alias"] == "default"


def test_browser_that_just_wrote_keeps_reading_the_primary(client, replica):
    with replay_paused():
        wrote = client.post("/t/write/Recount/", secure=True)
        assert wrote.cookies[PIN_COOKIE]["max-age"] == settings.DATABASE_REPLICA_PIN_SECONDS
        own = client.get("/t/read/Recount/", secure=True).json()
        client.cookies.pop(PIN_COOKIE)
        others = client.get("/t/read/Recount/", secure=True).json()
    assert own["found"] is True and own["alias"] == "default"
    assert others["found"] is False and others["alias"] == "replica"


def test_admin_reads_the_primary(client, replica, django_user_model, settings):
    # The admin's CSS comes from the manifest in production; tests have no collectstatic run.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    admin = django_user_model.objects.create_superuser("chief", "chief@newsroom.test", "pw-chief-123")
    client.force_login(admin)
    with replay_paused():
        django_user_model.objects.create_user("night-desk", "night@newsroom.test", "pw-night-123")
        changelist = client.get("/admin/auth/user/", secure=True)
    assert changelist.status_code == 200
    assert "night-desk" in changelist.text


def test_tasks_and_commands_outside_a_request_read_the_primary(replica):
    with replay_paused():
        Tag.objects.create(name="Overnight", slug="overnight")
        assert Tag.objects.filter(name="Overnight").exists()
        assert Tag.objects.all().db == "default"


def test_published_change_is_invalidated_again_once_the_replica_has_it(replica, claim, publish_verdict):
    """A page rebuilt from the lagging replica right after a publication would be cached under
    the new generation; the settle task bumps it again when the replica has replayed the change."""
    before = publication.public_generation()
    with replay_paused():
        publish_verdict(claim)
        assert publication.public_generation() == before + 1
        assert DBTaskResult.objects.filter(task_path="claims.tasks.public_cache_settle").count() == 1
        worker = threading.Thread(target=_run_worker_thread)
        worker.start()
        time.sleep(1)
        assert publication.public_generation() == before + 1  # Still waiting for the replica.
    worker.join(timeout=30)
    assert publication.public_generation() == before + 2
    settled = DBTaskResult.objects.get(task_path="claims.tasks.public_cache_settle")
    assert settled.status == "SUCCESSFUL"
    assert settled.task_result.return_value["replica_caught_up"] is True


def _run_worker_thread() -> None:
    try:
        run_queued_tasks()
    finally:
        connections.close_all()
