"""Fill the interface catalogue of each language made by machine conversion (zh_Hant) from the
source language's (zh_Hans), with OpenCC (translations.conversion, the editorial profile).

    manage.py convert_catalogue [--dry-run]

An entry converted here carries the translator comment "machine-converted"; a reviewer who
corrects or accepts one deletes that comment, and the next run leaves the entry alone. Entries
still marked, or empty, are converted again (so `make messages` keeps them in step with the
source catalogue). `make messages` runs it after makemessages.
"""

import subprocess
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, no_translations
from django.utils.translation import to_locale

from translations import conversion, registry
from translations.po import po_language

MARK = "machine-converted"
DOMAINS = ("django", "djangojs")


def catalogue(language, domain):
    return Path(settings.LOCALE_PATHS[0]) / to_locale(language) / "LC_MESSAGES" / f"{domain}.po"


def convert_entry(entry, source, config, phrases):
    """Copy `source` (the same msgid in the source catalogue) into `entry`, converted."""
    if entry.msgstr_plural or source.msgstr_plural:
        entry.msgstr_plural = {
            k: conversion.convert(v, config, phrases) for k, v in source.msgstr_plural.items()
        }
    else:
        entry.msgstr = conversion.convert(source.msgstr, config, phrases)
    if MARK not in entry.tcomment.split("\n"):
        entry.tcomment = "\n".join(filter(None, [entry.tcomment, MARK]))
    if "fuzzy" in entry.flags:
        entry.flags.remove("fuzzy")
    # msgcat refuses an entry left with a `#| msgid_plural` (a reworded plural string).
    entry.previous_msgid = entry.previous_msgid_plural = entry.previous_msgctxt = None


def needs_conversion(entry):
    marked = MARK in entry.tcomment.split("\n")
    empty = not (entry.msgstr or any(entry.msgstr_plural.values()))
    return marked or empty or "fuzzy" in entry.flags


class Command(BaseCommand):
    help = "Convert the source interface catalogue into the languages made by conversion."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")

    @no_translations  # the header names the language in English
    def handle(self, *args, dry_run=False, **options):
        for language in conversion.converted_languages():
            config = settings.MACHINE_CONVERSION[language]["editorial"]
            for domain in DOMAINS:
                source_path = catalogue(registry.SOURCE_LANGUAGE, domain)
                if not source_path.exists():
                    continue
                source = polib.pofile(str(source_path))
                by_key = {(e.msgctxt, e.msgid): e for e in source if not e.obsolete}
                path = catalogue(language, domain)
                target = polib.pofile(str(path)) if path.exists() else polib.POFile()
                self.describe(target, source, language)
                known = {(e.msgctxt, e.msgid) for e in target}
                for key, entry in by_key.items():  # entries makemessages has not added yet
                    if key not in known:
                        target.append(
                            polib.POEntry(
                                msgctxt=entry.msgctxt,
                                msgid=entry.msgid,
                                msgid_plural=entry.msgid_plural,
                                occurrences=entry.occurrences,
                                flags=[f for f in entry.flags if f != "fuzzy"],
                            )
                        )
                converted = 0
                for entry in target:
                    key = (entry.msgctxt, entry.msgid)
                    if entry.obsolete or key not in by_key or not needs_conversion(entry):
                        continue
                    if not (by_key[key].msgstr or by_key[key].msgstr_plural):
                        continue
                    convert_entry(entry, by_key[key], config, conversion.phrases(language))
                    converted += 1
                if not dry_run:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    target.save(str(path))
                    # Wrapped as gettext wraps, like makemessages' files (polib differs).
                    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
                self.stdout.write(
                    self.style.SUCCESS(f"{path}: {converted} entries converted ({config}).")
                )

    def describe(self, po, source, language):
        """The header: the source catalogue's, for this language (makemessages writes a
        fuzzy template header into a new catalogue, which msgfmt would not read)."""
        po.header = (
            f"{registry.language_name(language)} ({to_locale(language)}) interface catalogue, "
            "converted from the source catalogue by `manage.py convert_catalogue` (OpenCC).\n"
            f'Entries marked "{MARK}" are not reviewed yet: delete the mark once you have.'
        )
        po.metadata = dict(
            source.metadata,
            **{
                "Language": po_language(language),
                "Language-Team": str(registry.language_name(language)),
                "POT-Creation-Date": po.metadata.get(
                    "POT-Creation-Date", source.metadata.get("POT-Creation-Date", "")
                ),
            },
        )
        po.metadata_is_fuzzy = False
