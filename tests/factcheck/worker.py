"""Run queued tasks the way `manage.py db_worker --batch` does, in this process."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker


def run_queued_tasks() -> None:
    Worker(
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="pytest-worker",
    ).run()
