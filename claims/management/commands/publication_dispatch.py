from django.core.management.base import BaseCommand, CommandError

from claims.models import PublicationEvent
from claims.publication import events_dispatch_pending


class Command(BaseCommand):
    help = (
        "Apply the effects still pending on publication events (cache bump, updated_at stamp, "
        "partners' webhooks): what a request killed after commit, or a cache that was down, left "
        "undone. Safe to run at any time, e.g. from cron; exits 1 if some effects still fail."
    )

    def handle(self, *args, **options) -> None:
        remaining = events_dispatch_pending()
        if remaining:
            errors = (
                PublicationEvent.objects.filter(dispatched_at__isnull=True)
                .exclude(last_error="")
                .values_list("last_error", flat=True)[:3]
            )
            raise CommandError(
                f"{remaining} publication event(s) still have effects to apply; last errors: "
                + "; ".join(errors)
            )
        self.stdout.write("Every publication event is dispatched.")
