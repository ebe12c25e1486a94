"""Demo logins for a local run; refused on a production configuration unless asked for explicitly."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.roles import EDITOR, FACT_CHECKER, roles_setup

DEMO_USERS = [
    # username, password, role (None = superuser), the name bylines show
    ("admin", "admin-demo-pass", None, ("Ada", "Admin")),
    ("editor", "editor-demo-pass", EDITOR, ("Erin", "Brooks")),
    ("checker", "checker-demo-pass", FACT_CHECKER, ("Chris", "Novak")),
]


class Command(BaseCommand):
    help = (
        "Create demo logins for a local run (a superuser, an editor and a fact-checker). "
        "Existing users of those names are left exactly as they are."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--allow-without-debug",
            action="store_true",
            help="Create the demo logins although DEBUG is off (a throwaway staging site, never production).",
        )

    def handle(self, *args, allow_without_debug: bool = False, **options) -> None:
        if not settings.DEBUG and not allow_without_debug:
            raise CommandError(
                "Refusing to create demo logins with known passwords: DEBUG is off, so this looks like "
                "production. Run with DEBUG=1, or pass --allow-without-debug for a throwaway site."
            )
        User = get_user_model()
        with transaction.atomic():
            groups = roles_setup()
            self.stdout.write("Demo logins (local use only):")
            for username, password, role, (first, last) in DEMO_USERS:
                label = role or "Superuser"
                if User.objects.filter(username=username).exists():
                    # Never reset a password: a real person may use this name, and a new
                    # password hash would also end every session of that user.
                    self.stdout.write(f"  {label:<13} {username}: already exists, left unchanged")
                    continue
                user = User.objects.create_user(
                    username=username, password=password, first_name=first, last_name=last,
                    is_staff=True, is_superuser=role is None,
                )
                if role:
                    user.groups.set([groups[role]])
                self.stdout.write(f"  {label:<13} {username} / {password} (created)")
