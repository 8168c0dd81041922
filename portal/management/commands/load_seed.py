"""Load the shipped seed content: the Social Insurance Law, the two card types and the
citizen card / social security card comparison.

Safe to run any number of times: what is missing is created, what an editor has changed since
is kept (and listed) unless --overwrite is given. Everything happens in one transaction.
"""

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from cards.seed import load_cards
from legislation.seed import load_laws
from publishing.content import content_changed
from translations.seeding import Report, SeedError


class Command(BaseCommand):
    help = "Load the seed content (laws, card types, comparisons) without duplicating anything."

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace objects that differ from the seed, even if an editor changed them.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    @no_translations  # an English report whatever the default language; content stays Chinese
    def handle(self, *args, overwrite=False, dry_run=False, verbosity=1, **options):
        report = Report()
        try:
            with transaction.atomic():
                load_laws(report, overwrite=overwrite)
                load_cards(report, overwrite=overwrite)
                if dry_run:
                    transaction.set_rollback(True)
        except SeedError as error:
            raise CommandError(
                f"Seed data is inconsistent, nothing was written: {error}"
            ) from error
        if not dry_run:
            content_changed()  # bulk_create wrote point texts without signals
        self.print_report(report, dry_run, verbosity)

    def print_report(self, report, dry_run, verbosity):
        if verbosity >= 1:
            for name, t in report.tallies.items():
                self.stdout.write(
                    f"{name}: {t.created} created, {t.updated} updated, "
                    f"{t.unchanged} unchanged, {len(t.kept)} kept as edited"
                )
        if report.kept:
            self.stdout.write(
                self.style.WARNING(
                    "Kept because they differ from the seed (edited since?); "
                    "use --overwrite to replace them:"
                )
            )
            for name in report.kept:
                self.stdout.write(f"  {name}")
        prefix = "Dry run, nothing written. " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}Seed content is loaded."))
