"""Print how complete the translations are, per language and content type.

    manage.py translation_status [--language en] [--fail-under 90 [--count-machine]] [--list]

The percentage is the share of source words whose translation is up to date (reviewed). With
--fail-under, exits with status 1 when any language is below it (for CI); --count-machine
counts machine-converted text (zh-hant before review) as done for that threshold, since
visitors read it, with its notice, in their script.
"""

from django.core.management.base import BaseCommand, CommandError, no_translations

from translations import registry
from translations.status import build_report


class Command(BaseCommand):
    help = "Translation completeness per language and content type (fields and words)."

    def add_arguments(self, parser):
        parser.add_argument("--language", action="append", help="Only this language (repeatable).")
        parser.add_argument(
            "--fail-under",
            type=float,
            metavar="PERCENT",
            help="Exit with status 1 when a language's completeness is below PERCENT.",
        )
        parser.add_argument(
            "--count-machine",
            action="store_true",
            help="With --fail-under: count machine-converted text as done (readable, unreviewed).",
        )
        parser.add_argument(
            "--list", action="store_true", help="Also list every field that needs work."
        )

    @no_translations  # an English report for CI logs, whatever the default language
    def handle(
        self, *args, language=None, fail_under=None, count_machine=False, list=False, **options
    ):
        unknown = set(language or []) - set(registry.target_languages())
        if unknown:
            raise CommandError(f"Not a target language: {', '.join(sorted(unknown))}")
        report = build_report(language)
        row = "{:<10} {:<22} {:>6} {:>10} {:>8} {:>7} {:>7} {:>7} {:>7}"
        self.stdout.write(
            row.format(
                "Language",
                "Content type",
                "Fields",
                "Up to date",
                "Outdated",
                "Missing",
                "Machine",
                "Words",
                "Done",
            )  # fmt: skip
        )
        for code in report.languages:
            for (model, lang), t in report.by_model.items():
                if lang == code:
                    self.stdout.write(self._row(row, code, model._meta.verbose_name_plural, t))
            self.stdout.write(self._row(row, code, "all", report.by_language[code]))
        warned = sum(1 for entry in report.work + report.warnings if entry.warnings)
        self.stdout.write(f"Terminology warnings: {warned} field(s)")
        if list:
            for entry in report.work + report.warnings:
                item = entry.status
                terms = ", ".join(f"{t.source} → {t.target}" for t in entry.warnings)
                self.stdout.write(
                    f"  [{item.language}] {item.status:<10} {type(item.obj)._meta.label} "
                    f"#{item.obj.pk} {item.field}" + (f"  (glossary: {terms})" if terms else "")
                )
        if fail_under is not None:
            measure = "percent_readable" if count_machine else "percent"
            share = {c: getattr(report.by_language[c], measure) for c in report.languages}
            what = "readable (up to date or machine-converted)" if count_machine else "up to date"
            low = [c for c in report.languages if share[c] < fail_under]
            if low:
                raise CommandError(
                    f"Below {fail_under:g}% {what}: "
                    + ", ".join(f"{c} {share[c]:.1f}%" for c in low),
                    returncode=1,
                )
            self.stdout.write(
                self.style.SUCCESS(f"Every language is at {fail_under:g}% or more {what}.")
            )

    @staticmethod
    def _row(row, code, label, t):
        return row.format(
            code, str(label)[:22], t.fields, t.up_to_date, t.outdated, t.missing, t.machine,
            t.words, f"{t.percent:.1f}%",
        )  # fmt: skip
