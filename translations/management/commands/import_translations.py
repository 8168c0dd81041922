"""Import a PO file of content translations (see translations.po for the checks).

    manage.py import_translations FILE.po [--language en] [--dry-run]

The file is refused whole, with a line-numbered report, when anything in it is wrong;
otherwise every change is applied in one transaction and listed.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from translations import po


class Command(BaseCommand):
    help = "Apply the translations of a PO file exported by export_translations."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The PO file.")
        parser.add_argument("--language", help="Refuse the file unless it is in this language.")
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")

    @no_translations
    def handle(self, *args, file, language=None, dry_run=False, verbosity=1, **options):
        try:
            content = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            plan = po.plan(content, language=language)
        except po.ImportRefused as refused:
            raise CommandError(
                "The file is refused, nothing was changed:\n  " + "\n  ".join(refused.problems)
            ) from refused
        if verbosity >= 1:
            for change in plan.changes:
                self.stdout.write(f"line {change.line}: {po.context(change.obj, change.field)}")
        if not dry_run:
            po.apply(plan)
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(plan.changes)} changed, {plan.unchanged} unchanged, "
                f"{plan.skipped} skipped (fuzzy or empty)"
            )
        )
