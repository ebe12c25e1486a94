"""Background work of the partners app, run by `manage.py db_worker --queue-name webhooks`."""

from __future__ import annotations

from django_tasks import task

WEBHOOK_QUEUE = "webhooks"


@task(queue_name=WEBHOOK_QUEUE)
def deliver_webhook(delivery_id: int) -> str:
    """Make one delivery attempt; a failure schedules the next attempt (see services)."""
    from partners.services import webhook_delivery_attempt

    return webhook_delivery_attempt(delivery_id=delivery_id)
