"""Background tasks of the claims app (run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from claims.archive import ArchiveUnavailable, evidence_archive
from claims.models import EvidenceLink
from factcheck.tasks import retrying


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
