"""Every UI string has a Chinese translation, and the compiled catalogue is current."""

import os
import re
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "locale/zh_Hans/LC_MESSAGES/django.po"
# What `make messages` leaves out; everything else at the top level is scanned, as there.
NOT_SCANNED = {".git", ".venv", "staticfiles", "tests", "locale", "node_modules"}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    """Run makemessages over a scratch tree to see every msgid the code uses today.

    makemessages writes into the `locale/` folder of the directory it runs in, so it runs in
    a folder of symlinks to the sources; the shipped catalogue is never touched."""
    root = Path(settings.BASE_DIR)
    scratch = tmp_path_factory.mktemp("extract")
    for entry in root.iterdir():
        if entry.name not in NOT_SCANNED:
            (scratch / entry.name).symlink_to(entry)
    (scratch / "locale").mkdir()
    cwd = os.getcwd()
    os.chdir(scratch)
    try:
        with override_settings(LOCALE_PATHS=[scratch / "locale"]):
            call_command("makemessages", locale=["zh_Hans"], symlinks=True, verbosity=0)
    finally:
        os.chdir(cwd)
    return polib.pofile(str(scratch / "locale/zh_Hans/LC_MESSAGES/django.po"))


def test_every_ui_string_is_translated(extracted):
    shipped = polib.pofile(str(PO_FILE))
    translated = {
        (entry.msgctxt, entry.msgid)
        for entry in shipped
        if entry.translated() and not entry.obsolete and "fuzzy" not in entry.flags
    }
    assert len(extracted) > 100  # the extraction itself worked
    assert len(extracted) > 100  # the extraction itself worked
    missing = [e.msgid for e in extracted if (e.msgctxt, e.msgid) not in translated]
    assert missing == [], f"Run `make messages` and translate: {missing}"


# Chinese runs a value into its sentence with no space around it: 「修改定于2026年12月6日
# 18:51生效」 (the space inside is the date format's own), not 「修改定于 2026年…18:51 生效」.
HAN_OR_FULL_WIDTH = r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"
PLACEHOLDER = r"(?:%\([a-z_0-9]+\)[sdfr]|%[sdfr]|\{[a-z_0-9]*\})"
SPACED_PLACEHOLDER = re.compile(
    rf"{HAN_OR_FULL_WIDTH}\s+{PLACEHOLDER}|{PLACEHOLDER}\s+{HAN_OR_FULL_WIDTH}"
)


def test_no_space_between_chinese_text_and_a_value_in_the_catalogue():
    """zh_Hans only: `make messages` converts zh_Hant from it, spaces and all."""
    spaced = [
        f"line {entry.linenum}: {text!r}"
        for entry in polib.pofile(str(PO_FILE))
        if not entry.obsolete
        for text in (entry.msgstr, *entry.msgstr_plural.values())
        if SPACED_PLACEHOLDER.search(text)
    ]
    assert spaced == [], "\n".join(spaced)


def test_compiled_catalogue_is_not_older_than_the_po_file():
    mo = PO_FILE.with_suffix(".mo")
    assert mo.exists(), "run `make compilemessages`"
    assert mo.stat().st_mtime >= PO_FILE.stat().st_mtime


def test_ui_strings_are_served_in_chinese():
    with translation.override("zh-hans"):
        assert translation.gettext("Social security inquiry") == "社保查询"


def test_each_converted_catalogue_has_every_source_entry():
    """`make messages` converts the zh_Hans catalogue into zh_Hant (convert_catalogue)."""
    from translations import conversion

    source = polib.pofile(str(PO_FILE))
    for language in conversion.converted_languages():
        path = Path(settings.BASE_DIR) / "locale" / translation.to_locale(language)
        converted = polib.pofile(str(path / "LC_MESSAGES/django.po"))
        assert converted.metadata["Language"] == translation.to_locale(language)
        done = {(e.msgctxt, e.msgid) for e in converted if e.translated() and not e.obsolete}
        missing = [e.msgid for e in source if e.translated() and (e.msgctxt, e.msgid) not in done]
        assert missing == [], f"Run `make messages`: {missing}"
        with translation.override(language):
            assert translation.gettext("Social security inquiry") == "社保查詢"


def test_a_reworded_plural_string_converts_into_a_catalogue_msgcat_reads(tmp_path):
    """makemessages marks a reworded plural entry fuzzy with `#| msgid_plural` lines; once
    converted the entry must carry none, or `make messages`' msgcat step fails."""
    from translations.management.commands.convert_catalogue import convert_entry

    source = polib.POEntry(
        msgid="%(n)s field", msgid_plural="%(n)s fields", msgstr_plural={0: "%(n)s个字段"}
    )
    entry = polib.POEntry(
        msgid=source.msgid,
        msgid_plural=source.msgid_plural,
        msgstr_plural={0: "%(n)s個欄"},
        flags=["fuzzy"],
        previous_msgid="%(n)s box",
        previous_msgid_plural="%(n)s boxes",
    )
    convert_entry(entry, source, "s2t", [])
    po = polib.POFile()
    po.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    po.append(entry)
    path = tmp_path / "django.po"
    po.save(str(path))
    assert "#|" not in path.read_text()
    subprocess.run(["msgcat", "-o", str(path), str(path)], check=True)
    assert polib.pofile(str(path))[0].msgstr_plural[0] == "%(n)s個字段"
