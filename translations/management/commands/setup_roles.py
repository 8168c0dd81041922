"""Create or update the Editors and Translators groups and their permissions.

`migrate` does this too (post_migrate); run this after adding a content model without a
migration of this app.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from translations.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the Editors and Translators groups with their permissions."

    def handle(self, *args, **options):
        with transaction.atomic():
            counts = setup_roles()
        for name, count in counts.items():
            self.stdout.write(self.style.SUCCESS(f"{name}: {count} permissions"))
