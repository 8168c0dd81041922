"""Exchanging content translations with outside translators as PO files (polib).

One entry per translated field of an object with a source text:

    msgctxt "legislation.article:123:text"   model, object id, field (stable across exports)
    msgid   the source text
    msgstr  the current translation ("" when missing)

An outdated translation is exported fuzzy, with the source it was made from as `#| msgid`.

Importing checks the whole file before writing anything: `msgfmt --check` must accept it, its
Language header must be the expected target language, every context must name one existing
object and translated field, and every msgid must still be the current source (else the
translation was made for an older text). Then every changed, non-fuzzy, non-empty msgstr is
saved in one transaction; saving marks it up to date (translations.tracking).
"""

import os
import subprocess
import tempfile
from dataclasses import dataclass, field

import polib
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from . import registry, tracking

ONLY = ("missing", "outdated")


class ImportRefused(Exception):
    """The file is refused whole; `problems` lists "line N: …" strings."""

    def __init__(self, problems):
        super().__init__("\n".join(problems))
        self.problems = problems


def context(obj, field_name):
    return f"{obj._meta.label_lower}:{obj.pk}:{field_name}"


def po_language(code):
    """The PO Language header for a Django code: zh-hans → zh_Hans, en → en."""
    from django.utils.translation import to_locale

    return to_locale(code)


def normal(text):
    return (text or "").replace("\r\n", "\n").strip()


def export(language, only=None):
    """A polib.POFile of every translated field (or only the missing / outdated ones)."""
    from .status import objects_of

    po = polib.POFile(wrapwidth=78)
    now = timezone.now().strftime("%Y-%m-%d %H:%M%z")
    po.metadata = {
        "Project-Id-Version": "social-security-inquiry content",
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": now,
        "PO-Revision-Date": now,
        "Last-Translator": "",
        "Language-Team": "",
        "Language": po_language(language),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": po_language(registry.SOURCE_LANGUAGE),
    }
    for model in registry.translated_models():
        for item in tracking.statuses(objects_of(model), [language]):
            if only and item.status != only:
                continue
            entry = polib.POEntry(
                msgctxt=context(item.obj, item.field),
                msgid=normal(item.source),
                msgstr=normal(item.translation),
                comment=_describe(model, item.obj),
            )
            if item.is_outdated:
                entry.flags.append("fuzzy")
                if item.previous_source:
                    entry.previous_msgid = normal(item.previous_source)
            po.append(entry)
    return po


def _describe(model, obj):
    """A translator's note naming the object, in the source language (like the msgid)."""
    with override(registry.SOURCE_LANGUAGE):
        return f"{model._meta.verbose_name}: {obj}"[:200]


@dataclass
class Change:
    obj: object
    field: str
    old: str
    new: str
    line: int


@dataclass
class Plan:
    language: str
    changes: list = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0  # fuzzy or empty entries: nothing to apply


def msgfmt_problems(content):
    """What `msgfmt --check` says about the file ([] when it accepts it)."""
    with tempfile.NamedTemporaryFile("wb", suffix=".po", delete=False) as handle:
        handle.write(content)
        path = handle.name
    try:
        result = subprocess.run(
            ["msgfmt", "--check", "-o", os.devnull, path],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return [_("The file could not be checked with msgfmt: %(error)s") % {"error": error}]
    finally:
        os.unlink(path)
    if result.returncode == 0:
        return []
    lines = [line.replace(path, _("file")) for line in result.stderr.splitlines() if line.strip()]
    return lines or [_("msgfmt rejected the file.")]


def _target_language(po):
    header = (po.metadata.get("Language") or "").strip()
    normalised = header.replace("_", "-").lower()
    return normalised if normalised in registry.target_languages() else None


def _resolve(msgctxt):
    """(model, pk, field) of a context, or None when it names nothing we translate."""
    try:
        label, pk, field_name = (msgctxt or "").split(":")
        model = apps.get_model(label)
        pk = int(pk)
    except (ValueError, LookupError):
        return None
    if not registry.is_translated(model) or field_name not in registry.translated_fields(model):
        return None
    return model, pk, field_name


def plan(content, *, language=None, allowed_languages=None):
    """Check `content` (bytes of a PO file) and return the Plan of what importing it changes.
    Raises ImportRefused with every problem found."""
    problems = msgfmt_problems(content)
    if problems:
        raise ImportRefused([_("msgfmt --check rejects the file:"), *problems])
    try:
        po = polib.pofile(content.decode("utf-8"), wrapwidth=78)
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise ImportRefused([_("Not a readable PO file: %(error)s") % {"error": error}]) from error
    file_language = _target_language(po)
    if file_language is None:
        header = po.metadata.get("Language", "")
        raise ImportRefused(
            [_("The file's language (%(header)s) is not a target language.") % {"header": header}]
        )
    if language and file_language != language:
        raise ImportRefused(
            [
                _("The file is in %(file)s, not %(expected)s.")
                % {"file": po.metadata.get("Language"), "expected": po_language(language)}
            ]
        )
    if allowed_languages is not None and file_language not in allowed_languages:
        raise ImportRefused(
            [_("You may not import translations into %(language)s.") % {"language": file_language}]
        )
    entries = [entry for entry in po if not entry.obsolete]
    seen, resolved = {}, []
    for entry in entries:
        target = _resolve(entry.msgctxt)
        if target is None:
            problems.append(
                _("line %(line)s: unknown context %(context)r")
                % {"line": entry.linenum, "context": entry.msgctxt or ""}
            )
            continue
        if target in seen:
            problems.append(
                _("line %(line)s: context %(context)r also appears on line %(other)s")
                % {"line": entry.linenum, "context": entry.msgctxt, "other": seen[target]}
            )
            continue
        seen[target] = entry.linenum
        resolved.append((entry, target))
    objects = {}
    for model in {model for _entry, (model, _pk, _f) in resolved}:
        ids = [pk for _entry, (m, pk, _f) in resolved if m is model]
        objects[model] = model._default_manager.in_bulk(ids)
    result = Plan(file_language)
    for entry, (model, pk, field_name) in resolved:
        obj = objects[model].get(pk)
        if obj is None:
            problems.append(
                _("line %(line)s: unknown context %(context)r (no such object)")
                % {"line": entry.linenum, "context": entry.msgctxt}
            )
            continue
        if tracking.digest(entry.msgid) != tracking.digest(registry.source_text(obj, field_name)):
            problems.append(
                _(
                    "line %(line)s: the source text of %(context)r has changed since the "
                    "export; export again and translate the new text"
                )
                % {"line": entry.linenum, "context": entry.msgctxt}
            )
            continue
        if entry.fuzzy or not entry.msgstr.strip():
            result.skipped += 1
            continue
        column = registry.column(field_name, file_language)
        limit = model._meta.get_field(column).max_length
        if limit and len(entry.msgstr) > limit:
            problems.append(
                _("line %(line)s: the translation is longer than %(limit)s characters")
                % {"line": entry.linenum, "limit": limit}
            )
            continue
        old = registry.translation_text(obj, field_name, file_language)
        if normal(old) == normal(entry.msgstr):
            result.unchanged += 1
            continue
        result.changes.append(Change(obj, field_name, old, entry.msgstr, entry.linenum))
    if problems:
        raise ImportRefused(problems)
    return result


def apply(import_plan):
    """Save every change of the plan in one transaction. save() sends the signals that mark
    the translations up to date and invalidate the public pages' caches."""
    with transaction.atomic():
        changed_objects = {}
        for change in import_plan.changes:
            obj = changed_objects.setdefault((type(change.obj), change.obj.pk), change.obj)
            setattr(obj, registry.column(change.field, import_plan.language), change.new)
        for obj in changed_objects.values():
            obj.save()
    return len(import_plan.changes)
