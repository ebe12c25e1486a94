"""Reclaim work a dead worker left behind: tasks stuck RUNNING, webhook deliveries whose lease
ran out. Run it when a worker starts and every minute or so (`--every 60` keeps it running)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand

from factcheck.tasks import tasks_reclaim_abandoned
from partners.services import webhook_deliveries_reclaim
from partners.tasks import WEBHOOK_QUEUE


def reclaim_once() -> tuple[int, int, int]:
    """(tasks marked failed, deliveries queued again, deliveries failed for good)."""
    tasks = tasks_reclaim_abandoned(
        older_than={WEBHOOK_QUEUE: settings.FACTCHECK_WEBHOOK_LEASE_SECONDS},
        default=settings.FACTCHECK_TASK_ABANDONED_SECONDS,
    )
    requeued, failed = webhook_deliveries_reclaim()
    return tasks, requeued, failed


class Command(BaseCommand):
    help = "Mark abandoned RUNNING tasks failed and send again webhook deliveries whose worker died."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--every", type=float, default=0, help="Repeat every N seconds (0: once).")

    def handle(self, *args, every: float = 0, **options) -> None:
        while True:
            tasks, requeued, failed = reclaim_once()
            self.stdout.write(
                f"{tasks} abandoned task(s) marked failed; {requeued} webhook delivery(ies) queued "
                f"again, {failed} failed for good."
            )
            if not every:
                return
            time.sleep(every)
