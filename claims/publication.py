"""What follows a public change to a fact-check (publish, correction, retraction, edit).

Called by the services inside their transaction; the work runs only once the transaction
commits, so readers and partners never hear about a change that was rolled back.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from claims.models import Verdict
from claims.search import search_documents_refresh
from claims.tasks import public_cache_settle
from factcheck import replication, routers

PUBLISHED = "published"
UPDATED = "updated"
CORRECTED = "corrected"
RETRACTED = "retracted"
EVENTS = (PUBLISHED, UPDATED, CORRECTED, RETRACTED)

# Cached public pages and API responses include this number in their keys: bumping it makes
# every web process miss and rebuild, whichever process made the change.
PUBLIC_GENERATION_KEY = "factcheck:public-generation"


def public_generation() -> int:
    generation = cache.get(PUBLIC_GENERATION_KEY)
    if generation is None:
        cache.add(PUBLIC_GENERATION_KEY, 1, timeout=None)
        generation = cache.get(PUBLIC_GENERATION_KEY, 1)
    return int(generation)


def invalidate_public_cache() -> None:
    try:
        cache.incr(PUBLIC_GENERATION_KEY)
    except ValueError:
        cache.add(PUBLIC_GENERATION_KEY, 2, timeout=None)


def invalidate_again_once_replicated() -> None:
    """With a read replica, a page rebuilt from a replica that has not replayed the change yet
    would be cached under the new generation; a task bumps it once more when the replica has it."""
    if routers.replica_configured():
        public_cache_settle.enqueue(replication.primary_position())


def verdict_changed(*, verdict: Verdict, event: str) -> None:
    if event not in EVENTS:
        raise ValueError(f"Unknown publication event {event!r}")
    # In the change's transaction: search finds what readers see, from the moment they see it.
    search_documents_refresh(verdict_ids=[verdict.pk])
    transaction.on_commit(invalidate_public_cache)
    # Partners' webhooks: deliveries are recorded and enqueued only once the change is committed.
    # Robust: the change is already committed, so a failure here is logged rather than turned
    # into an error page for the editor.
    from partners.services import webhooks_publish

    verdict_id = verdict.pk
    transaction.on_commit(lambda: webhooks_publish(verdict_id=verdict_id, event=event), robust=True)
    transaction.on_commit(invalidate_again_once_replicated, robust=True)
