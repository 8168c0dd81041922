"""Export content translations as a PO file for an outside translator.

manage.py export_translations --language en [--only missing|outdated] -o FILE.po
"""

from django.core.management.base import BaseCommand, CommandError, no_translations

from translations import po, registry


class Command(BaseCommand):
    help = "Write the translations into one language as a PO file (msgctxt names each field)."

    def add_arguments(self, parser):
        parser.add_argument("--language", required=True, help="Target language code, e.g. en.")
        parser.add_argument(
            "--only", choices=po.ONLY, help="Only missing, outdated or machine-converted fields."
        )
        parser.add_argument("-o", "--output", help="File to write (default: standard output).")

    @no_translations
    def handle(self, *args, language, only=None, output=None, **options):
        if language not in registry.target_languages():
            raise CommandError(
                f"Not a target language: {language} (choose from "
                f"{', '.join(registry.target_languages())})"
            )
        catalogue = po.export(language, only)
        if output:
            catalogue.save(output)
            self.stderr.write(self.style.SUCCESS(f"{len(catalogue)} entries written to {output}"))
        else:
            self.stdout.write(str(catalogue), ending="")
