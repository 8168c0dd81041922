"""Load the shipped seed content: the Social Insurance Law, the two card types and the
citizen card / social security card comparison.

Safe to run any number of times: what is missing is created, what an editor has changed since
is kept (and listed) unless --overwrite is given. --overwrite updates objects in place (same
ids), keeps and lists rows an editor added, and records a "seed update" in the history.
Everything happens in one transaction.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from cards.seed import load_cards
from guide.seed import load_tasks
from legislation.seed import load_laws
from questions.seed import load_questions
from search.indexes import analyze
from search.seed import load_synonyms
from translations.seeding import Report, SeedError, load_glossary
from translations.tracking import convert_missing


class Command(BaseCommand):
    help = (
        "Load the seed content (laws, card types, comparisons, guide tasks, questions, search "
        "synonyms) without duplicating anything."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Update objects that differ from the seed in place, even if an editor changed "
            "them (rows an editor added are kept and listed).",
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
                load_glossary(report, overwrite=overwrite)
                load_tasks(report, overwrite=overwrite)
                load_questions(report, overwrite=overwrite)
                load_synonyms(report, overwrite=overwrite)
                # Languages filled by machine conversion (zh-hant) get every seeded text.
                convert_missing()
                if dry_run:
                    transaction.set_rollback(True)
        except SeedError as error:
            raise CommandError(
                f"Seed data is inconsistent, nothing was written: {error}"
            ) from error
        except ValidationError as error:  # a value the models refuse, e.g. a javascript: link
            raise CommandError(f"Seed data is invalid, nothing was written: {error}") from error
        if not dry_run:
            # No new epoch: the loaders save through the models (signals), the law importer and
            # the translation sync bump the tags of the rows they bulk-write
            # (publishing.content.rows_changed): only the pages showing what changed go.
            analyze()  # so that PostgreSQL's planner uses the search indexes at once
        self.print_report(report, dry_run, verbosity, overwrite)

    def print_report(self, report, dry_run, verbosity, overwrite=False):
        if verbosity >= 1:
            for name, t in report.tallies.items():
                self.stdout.write(
                    f"{name}: {t.created} created, {t.updated} updated, "
                    f"{t.unchanged} unchanged, {len(t.kept)} kept as edited"
                )
        if report.kept:
            self.stdout.write(
                self.style.WARNING(
                    "Updated from the seed, keeping what editors added:"
                    if overwrite
                    else "Kept because they differ from the seed (edited since?); "
                    "use --overwrite to replace them:"
                )
            )
            for name in report.kept:
                self.stdout.write(f"  {name}")
        prefix = "Dry run, nothing written. " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(f"{prefix}Seed content is loaded."))
