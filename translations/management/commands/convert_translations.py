"""Convert the content again into the languages made by machine conversion (zh-hant).

    manage.py convert_translations [--dry-run]

Every text still marked machine-converted (no translator has edited or accepted it) is
converted again with the current settings.MACHINE_CONVERSION (its profiles and phrase
corrections), and empty ones are filled. A translator's text is never touched. Saves already
keep conversions in step with their source: this is for a change of the settings.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from translations.tracking import reconvert


class Command(BaseCommand):
    help = "Convert unreviewed machine conversions again with the current settings."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Write nothing.")

    def handle(self, *args, dry_run=False, **options):
        with transaction.atomic():
            count = reconvert()  # each object rewritten bumps its cache tags (tracking.sync)
            if dry_run:
                transaction.set_rollback(True)
        self.stdout.write(self.style.SUCCESS(f"{count} object(s) converted again or checked."))
