from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from claims.roles import EDITOR, FACT_CHECKER, roles_setup

DEMO_USERS = [
    # username, password, role (None = superuser), the name bylines show
    ("admin", "admin-demo-pass", None, ("Ada", "Admin")),
    ("editor", "editor-demo-pass", EDITOR, ("Erin", "Brooks")),
    ("checker", "checker-demo-pass", FACT_CHECKER, ("Chris", "Novak")),
]


class Command(BaseCommand):
    help = "Create demo logins for a local run (a superuser, an editor and a fact-checker)."

    def handle(self, *args, **options) -> None:
        groups = roles_setup()
        User = get_user_model()
        self.stdout.write("Demo logins (local use only):")
        for username, password, role, (first, last) in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name, user.last_name = first, last
            user.is_staff = True
            user.is_superuser = role is None
            user.set_password(password)
            user.save()
            if role:
                user.groups.set([groups[role]])
            self.stdout.write(f"  {role or 'Superuser':<13} {username} / {password}")
