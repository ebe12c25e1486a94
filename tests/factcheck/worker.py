"""Run queued tasks the way `manage.py db_worker --batch` does, in this process."""

from __future__ import annotations

from unittest import mock

from django_tasks_db.management.commands import db_worker


def run_queued_tasks() -> None:
    # Like Django's test client does around requests, keep the worker from closing the
    # connection between tasks: that would end the test's transaction on PostgreSQL.
    with mock.patch.object(db_worker, "close_old_connections", lambda: None):
        db_worker.Worker(
            queue_names=["*"],
            excluded_queue_names=[],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="pytest-worker",
        ).run()
