from django.core.management.base import BaseCommand

from claims.matching.index import claims_index_rebuild


class Command(BaseCommand):
    help = (
        "Recompute the sentence vectors claim matching reads (after a bulk load, an import or a "
        "restored dump wrote claims around the services, or after a change of embedding model)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--missing", action="store_true", help="Only claims that have no vector yet.")

    def handle(self, *args, missing, **options):
        count = claims_index_rebuild(only_missing=missing)
        self.stdout.write(f"{count} claims indexed for matching")
