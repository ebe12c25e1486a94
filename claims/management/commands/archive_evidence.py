from django.core.management.base import BaseCommand

from claims.models import EvidenceLink
from claims.tasks import evidence_link_archive


class Command(BaseCommand):
    help = (
        "Queue archiving for evidence links that have no snapshot yet (links added before "
        "archiving was switched on, or whose archiving failed). `--all` re-archives every link."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="Snapshot every link again.")

    def handle(self, *args, all: bool = False, **options) -> None:
        links = EvidenceLink.objects.order_by("pk")
        if not all:
            links = links.filter(snapshots__isnull=True)
        queued = 0
        for link_id in links.values_list("pk", flat=True).iterator():
            evidence_link_archive.enqueue(link_id)
            queued += 1
        self.stdout.write(f"Queued {queued} evidence link(s) for archiving (queue 'archive').")
