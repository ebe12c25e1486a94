from django.core.management.base import BaseCommand

from claims.roles import roles_setup


class Command(BaseCommand):
    help = "Create or refresh the Fact-checker and Editor groups and their permissions."

    def handle(self, *args, **options) -> None:
        for name, group in roles_setup().items():
            self.stdout.write(f"{name}: {group.permissions.count()} permissions")
