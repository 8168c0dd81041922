"""Import a law's full text as published (Chinese or English) into the law SLUG.

    manage.py import_law FILE --law SLUG --language zh-hans|en [--dry-run] [--version-date D]
                         [--effective-on D] [--rename] [--publish]

A malformed file is refused with its line numbers and nothing is written; a good one is applied
in one transaction; importing the same file again changes nothing. A new law is created as a
draft (not public) unless --publish is given; a live law's text is updated live, and each law
and article changed gets an "imported" version in its history (see legislation.importer).
"""

import argparse
import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, no_translations
from django.utils import translation

from legislation.importer import LawImportError, import_law


def iso_date(value):
    # ArgumentTypeError, not CommandError: argparse turns it into a usage error (a CommandError
    # from call_command); a CommandError raised while parsing escapes as a traceback.
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {value!r}") from None


class Command(BaseCommand):
    help = "Import a law's text as published, in one language, into the law --law SLUG."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The law's full text (UTF-8).")
        parser.add_argument("--law", required=True, metavar="SLUG", help="The law's slug.")
        parser.add_argument(
            "--language",
            required=True,
            choices=[code for code, _name in settings.LANGUAGES],
            help="The language of the text.",
        )
        parser.add_argument(
            "--version-date",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="Record the text as the law's wording as adopted or amended on this date.",
        )
        parser.add_argument(
            "--effective-on",
            type=iso_date,
            metavar="YYYY-MM-DD",
            help="When the law (or, with --version-date, that version) came into force; wins "
            "over the date the text names (本法自…起施行), which wins over the adoption date.",
        )
        parser.add_argument(
            "--rename",
            action="store_true",
            help="Take the file's title line as the law's new title (otherwise a title line "
            "that differs from the law's title refuses the file).",
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the law and its articles if not yet published (a new law is "
            "otherwise a draft that an editor publishes in the admin).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would change; write nothing."
        )

    @no_translations
    def handle(
        self,
        *args,
        file,
        law,
        language,
        version_date,
        effective_on,
        rename,
        publish,
        dry_run,
        **options,
    ):
        limit = settings.LAW_IMPORT_MAX_BYTES
        try:
            if file.stat().st_size > limit:
                raise CommandError(f"{file} is larger than the limit of {limit} bytes")
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read {file}: {error}") from error
        try:
            # The output is English: so are the names the import gives (Article 3 of the
            # Example Law), a law's English title where it has one (its Chinese one if not).
            with translation.override(settings.INTERNATIONAL_LANGUAGE):
                result = import_law(
                    text,
                    slug=law,
                    language=language,
                    version_date=version_date,
                    effective_on=effective_on,
                    rename=rename,
                    dry_run=dry_run,
                    publish=publish,
                )
        except LawImportError as error:
            lines = [f"  line {n}: {m}" if n else f"  {m}" for n, m in error.problems]
            raise CommandError(
                f"{file} was refused, nothing was written:\n" + "\n".join(lines)
            ) from error
        with translation.override(settings.INTERNATIONAL_LANGUAGE):
            self.print_report(result, options["verbosity"])

    def print_report(self, result, verbosity):
        for change in result.normalisations:
            self.stdout.write(
                f"line {change.lineno}: normalised {change.before!r} to {change.after!r}"
            )
        for warning in result.warnings:
            self.stdout.write(self.style.WARNING(f"warning: {warning}"))
        if result.same_as is not None:
            which = "current version" if result.same_as_latest else "version in force then"
            self.stdout.write(
                f"The text is identical to the law's {which} "
                f"({result.same_as.get_kind_display()} {result.same_as.enacted_on:%Y-%m-%d}): "
                "no article differs, so no new version is recorded."
            )
        for change in result.changes:
            # Every changed field with its old and new value; created rows only when verbose.
            for value in change.values:
                old, new = value.excerpts(60)  # around the first difference
                self.stdout.write(
                    f"  {change.action} {change.model_name} {change.label}: {value.label}: "
                    f"{old!r} → {new!r}"
                )
            if not change.values and verbosity >= 2:
                self.stdout.write(f"  {change.action} {change.model_name} {change.label}")
        for name in result.drafted:
            self.stdout.write(
                self.style.WARNING(
                    f"{name} has a draft made before this import: publishing it as it is "
                    "would undo the import's changes to it."
                )
            )
        prefix = "Dry run, nothing written. " if result.dry_run else ""
        if result.published:
            state = "published" if not result.dry_run else "would be published"
        else:
            state = "public" if result.law.is_published else "a draft, not public"
        self.stdout.write(
            self.style.SUCCESS(
                f"{prefix}{result.law.slug} ({result.language}): "
                f"{result.count('created')} created, {result.count('updated')} updated, "
                f"{result.count('deleted')} deleted, {result.rows_changed} rows changed, "
                f"{len(result.normalisations)} punctuation marks normalised. The law is {state}."
            )
        )
