"""Create a partner (if new) and an API key for it, printing the key once.

The admin does the same under Partners › Partner API keys; this is for scripted setups.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from partners.models import Partner
from partners.services import partner_key_create


class Command(BaseCommand):
    help = "Create an API key for a partner (created if it does not exist) and print it once."

    def add_arguments(self, parser):
        parser.add_argument("partner", help="Partner name, e.g. 'Daily Planet'.")
        parser.add_argument("--name", default="default", help="A name for the key, e.g. 'production'.")

    def handle(self, *args, partner: str, name: str, **options):
        partner_name = partner.strip()
        if not partner_name:
            raise CommandError("Give the partner a name.")
        if not 1 <= len(name.strip()) <= 50:
            raise CommandError("The key name must be 1 to 50 characters.")
        partner_obj, created = Partner.objects.get_or_create(name=partner_name)
        if not partner_obj.active:
            raise CommandError(f"Partner {partner_name!r} is deactivated; reactivate it in the admin first.")
        _, key = partner_key_create(partner=partner_obj, name=name.strip())
        if created:
            self.stderr.write(f"Created partner {partner_name!r}.")
        self.stderr.write("Store this key now; it is not shown again:")
        self.stdout.write(key)
