from django.core.management.base import BaseCommand

from sources.matching import claim_match_keys_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the claim-matching index from the claims table (after a bulk load, an import "
        "or a restored dump wrote claims around the services)."
    )

    def handle(self, *args, **options) -> None:
        count = claim_match_keys_rebuild()
        self.stdout.write(f"{count} claims indexed for matching")
