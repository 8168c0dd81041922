"""Import a PO file of content translations (see translations.po for the checks).

    manage.py import_translations FILE.po [--language en] [--user NAME] [--dry-run]

The file is refused whole, with a line-numbered report, when anything in it is wrong;
otherwise every change is applied in one transaction and listed. A translation of published
content becomes a draft of it (merged into its pending draft, if any): visitors see it once an
editor publishes the draft, and the command lists those objects with their admin pages.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.urls import NoReverseMatch, reverse

from translations import po


def admin_path(obj):
    meta = obj._meta
    try:
        return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    except NoReverseMatch:
        return ""


class Command(BaseCommand):
    help = "Apply the translations of a PO file exported by export_translations."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The PO file.")
        parser.add_argument("--language", help="Refuse the file unless it is in this language.")
        parser.add_argument(
            "--user", metavar="NAME", help="The translator's user name, recorded in the history."
        )
        parser.add_argument("--dry-run", action="store_true", help="Check and report only.")

    @no_translations
    def handle(self, *args, file, language=None, user=None, dry_run=False, verbosity=1, **options):
        if user is not None:
            try:
                user = get_user_model()._default_manager.get_by_natural_key(user)
            except get_user_model().DoesNotExist:
                raise CommandError(f"No such user: {user}") from None
        try:
            content = Path(file).read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            plan = po.plan(content, language=language)
            if verbosity >= 1:
                for change in plan.changes:
                    self.stdout.write(f"line {change.line}: {po.context(change.obj, change.field)}")
            result = None if dry_run else po.apply(plan, user=user)
        except po.ImportRefused as refused:
            raise CommandError(
                "The file is refused, nothing was changed:\n  " + "\n  ".join(refused.problems)
            ) from refused
        drafts = plan.drafted_owners() if dry_run else result.drafts
        drafted = sum(change.drafted for change in plan.changes) if dry_run else result.drafted
        if drafts:
            verb = "would be saved" if dry_run else "were saved"
            self.stdout.write(
                self.style.WARNING(
                    f"{drafted} translation(s) {verb} as drafts awaiting publication: visitors "
                    "see them once an editor publishes the drafts of:"
                )
            )
            for obj in drafts:
                self.stdout.write(f"  {po.describe(obj)}  {admin_path(obj)}")
        prefix = "Dry run, nothing written: " if dry_run else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{len(plan.changes)} changed, {plan.unchanged} unchanged, "
                f"{len(plan.reviewed)} machine-converted accepted as they are, "
                f"{plan.skipped} skipped (fuzzy or empty)"
            )
        )
