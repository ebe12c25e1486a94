"""Background tasks of the claims app (run by `manage.py db_worker`)."""

from __future__ import annotations

import logging

from django_tasks import task

from claims.archive import ArchiveUnavailable, evidence_archive
from claims.models import EvidenceLink
from factcheck import replication
from factcheck.tasks import retrying

logger = logging.getLogger(__name__)

# Longer than any replica lag worth waiting for; past it the cache is bumped anyway.
REPLICA_WAIT_SECONDS = 60.0


@task(queue_name="archive", takes_context=True)
@retrying(attempts=5, backoff=60, max_backoff=6 * 3600, retry_on=(ArchiveUnavailable,))
def evidence_link_archive(link_id: int) -> dict:
    """Snapshot an evidence link's page; a site that is down is tried again for about a day."""
    link = EvidenceLink.objects.filter(pk=link_id).first()
    if link is None:
        return {"skipped": f"evidence link {link_id} no longer exists"}
    snapshot = evidence_archive(link=link)
    return {
        "snapshot": str(snapshot.pk),
        "url": snapshot.final_url,
        "sha256": snapshot.sha256,
        "size": snapshot.size,
    }


class DispatchIncomplete(Exception):
    """Some publication events still have an effect to apply (the cache is down, say)."""


@task(priority=60, takes_context=True)
@retrying(attempts=12, backoff=15, max_backoff=3600, retry_on=(DispatchIncomplete,))
def publication_dispatch() -> dict:
    """Apply the effects of publication events not yet done (claims.publication); enqueued with
    every public change, so a change whose after-commit work was lost is finished here."""
    from claims.publication import events_dispatch_pending  # It enqueues this task.

    remaining = events_dispatch_pending()
    if remaining:
        raise DispatchIncomplete(f"{remaining} publication event(s) still have effects to apply")
    return {"remaining": 0}


@task(priority=50)
def public_cache_settle(position: str) -> dict:
    """Invalidate public caches again once the replica has replayed up to `position`."""
    from claims.publication import invalidate_public_cache  # It enqueues this task.

    caught_up = replication.wait_for_replica(position, timeout=REPLICA_WAIT_SECONDS)
    if not caught_up:
        logger.warning("replica still behind %s after %ss; invalidating anyway", position, REPLICA_WAIT_SECONDS)
    invalidate_public_cache()
    return {"position": position, "replica_caught_up": caught_up}
