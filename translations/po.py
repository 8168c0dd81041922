"""Exchanging content translations with outside translators as PO files (polib).

One entry per translated field of an object with a source text:

    msgctxt "legislation.article:123:text"   model, object id, field (stable across exports)
    msgid   the source text
    msgstr  the current translation ("" when missing)

An outdated translation is exported fuzzy, with the source it was made from as `#| msgid`.

Drafts. Both directions see the content as the admin's forms show it to translators: a live
(published) object with a pending draft is read with its draft applied, since that is what
visitors will see once it is published. So the export offers the draft's source text (a
translation of the live text would be outdated the moment the draft is published), its
translation, and the status they will have then; a row that only the draft adds is exported
too (its id is kept when the draft is published). An import into a live object never
changes what visitors see: like a translator's save in the admin, it becomes that object's
draft, merged into the draft it already has, recorded in its history with the translator as
user; an editor publishes it (publishing.services), and publication marks the translations
up to date (translations.tracking syncs on the rows the draft writes), or outdated where an
editor changed their source in the draft afterwards. An unpublished object
is changed in place and gets an "Imported" version in its history. Inline rows (a point, a
point text, a chapter, an article's older wording) belong to the object that owns them in
its history (publishing.versioning.owner). A draft that no longer fits the data (it refers to
rows deleted since) is left out of an export (the live rows are exported) and refuses an
import into its object.

Importing checks the whole file before writing anything: `msgfmt --check` must accept it, its
Language header must be the expected target language, every context must name one existing
object and translated field, and every msgid must still be the current source (else the
translation was made for an older text). Then every changed, non-fuzzy, non-empty msgstr is
written in one transaction: nothing is written when anything fails.
"""

import contextlib
import os
import re
import subprocess
import tempfile
from dataclasses import dataclass, field

import polib
from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from publishing import services, versioning
from publishing.models import Publishable, RevisionKind
from publishing.text import SEPARATORS_RE, control_characters

from . import conversion, registry, tracking, typography

ONLY = ("missing", "outdated", "machine")


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
    """A polib.POFile of every translated field (or only the missing / outdated ones), as it
    will be once the pending drafts are published (see the module's docstring)."""
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
    # Applying a draft syncs the translation states of its rows (raw saves send post_save):
    # inside the block the statuses are those the drafts will have once published.
    with services.live_drafts_applied():
        for model in registry.translated_models():
            for item in tracking.statuses(objects_of(model), [language]):
                if only and item.status != only:
                    continue
                entry = polib.POEntry(
                    msgctxt=context(item.obj, item.field),
                    msgid=normal(item.source),
                    msgstr=normal(item.translation),
                    comment=describe(item.obj),
                )
                if item.is_machine:  # a draft to review: accepted by removing "fuzzy"
                    entry.flags.append("fuzzy")
                    entry.comment += "\n" + MACHINE_NOTE
                if item.is_outdated:
                    entry.flags.append("fuzzy")
                    if item.previous_source:
                        entry.previous_msgid = normal(item.previous_source)
                po.append(entry)
    return po


# The note on an exported machine conversion (translations.conversion), in English like the
# PO format's own words.
MACHINE_NOTE = "Machine-converted: correct it if needed, then remove the fuzzy flag."


def describe(obj):
    """A translator's note naming the object, in the source language (like the msgid)."""
    with override(registry.SOURCE_LANGUAGE):
        return typography.labelled(obj._meta.verbose_name, obj)[:200]


@dataclass
class Change:
    obj: object  # as read with the drafts applied: for its type and pk
    field: str
    old: str
    new: str
    line: int
    source: str = ""  # the source text the translation was made from
    label: str = ""  # str(obj), read with the drafts applied
    owner: object = None  # the object whose draft or history takes the change (or None)

    @property
    def field_label(self):
        """The field as the admin labels it ("Summary"), not its name."""
        return capfirst(type(self.obj)._meta.get_field(self.field).verbose_name)

    @property
    def drafted(self):
        """True when the change goes into a draft: its owner is live."""
        return self.owner is not None and self.owner.is_published


@dataclass
class Plan:
    language: str
    changes: list = field(default_factory=list)
    unchanged: int = 0
    skipped: int = 0  # fuzzy or empty entries: nothing to apply
    # FieldStatus of machine conversions the file accepts unchanged (no longer fuzzy)
    reviewed: list = field(default_factory=list)

    def drafted_owners(self):
        """The live objects that the import gives a draft (or whose draft it changes)."""
        return _unique(change.owner for change in self.changes if change.drafted)


@dataclass
class Result:
    """What an import wrote."""

    drafts: list = field(default_factory=list)  # live objects whose draft now holds changes
    drafted: int = 0  # translations kept in those drafts, awaiting publication
    unpublished: int = 0  # translations written into unpublished objects
    direct: int = 0  # translations of content that has no drafts (public at once)
    reviewed: int = 0  # machine conversions accepted as they are

    @property
    def count(self):
        return self.drafted + self.unpublished + self.direct


def _key(obj):
    return (type(obj), obj.pk)


def _unique(objects):
    return list({_key(obj): obj for obj in objects if obj is not None}.values())


def msgfmt_problems(content):
    """What `msgfmt --check` says about the file ([] when it accepts it)."""
    with _saved(content) as path:
        return _msgfmt_problems(path)


@contextlib.contextmanager
def _saved(content):
    """The path of a temporary file holding `content`, removed afterwards."""
    with tempfile.NamedTemporaryFile("wb", suffix=".po", delete=False) as handle:
        handle.write(content)
        path = handle.name
    try:
        yield path
    finally:
        os.unlink(path)


def _msgfmt_problems(path):
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
    if result.returncode == 0:
        return []
    lines = [line.replace(path, "") for line in result.stderr.splitlines() if line.strip()]
    return [explained for line in lines if (explained := explain_msgfmt(line))] or [
        _("msgfmt rejected the file.")
    ]


# What msgfmt says (in English, whatever the language), as a translator can act on it.
_MSGFMT_LINE = re.compile(r"^:(\d+)(?::\d+)?:\s*(.*)$")
_MSGFMT_MESSAGES = [
    (
        re.compile(r"duplicate message definition"),
        gettext_noop("This entry appears twice in the file."),
    ),
    (re.compile(r"\.\.\.this is the location of the first definition"), None),
    (re.compile(r"found \d+ fatal errors?"), None),
    (re.compile(r"missing .msgstr. section"), gettext_noop("The entry has no msgstr line.")),
    (
        re.compile(r"end-of-line within string"),
        gettext_noop("A quoted text is not closed on its line."),
    ),
    (re.compile(r"syntax error"), gettext_noop("The line is not valid PO syntax.")),
    (
        re.compile(r"invalid (?:multibyte|control) sequence"),
        gettext_noop("The line has characters that are not valid UTF-8."),
    ),
    (
        re.compile(r"format specifications? .* (?:are not the same|does not match|differ)"),
        gettext_noop("The translation's placeholders (such as %(name)s) differ from the source's."),
    ),
    (
        re.compile(r"header field .* missing"),
        gettext_noop("The file's header lacks a required field."),
    ),
    (
        re.compile(r"header missing or invalid"),
        gettext_noop("The file's header is missing or not valid."),
    ),
    (re.compile(r"charset conversion will not work"), None),
]


def explain_msgfmt(line):
    """One line of msgfmt's output in the user's language, or None for lines that only point
    at another (its summary, "the first definition")."""
    match = _MSGFMT_LINE.match(line)
    number, message = (match.group(1), match.group(2)) if match else (None, line)
    for pattern, explanation in _MSGFMT_MESSAGES:
        if pattern.search(message):
            if explanation is None:
                return None
            text = _(explanation)
            break
    else:  # a message we do not know: msgfmt's own words, marked as such
        text = _("msgfmt reports: %(message)s") % {"message": message}
    return _("line %(line)s: %(message)s") % {"line": number, "message": text} if number else text


def _parse(path):
    """The PO file at `path`. Read from a file, not a string: polib splits a string with
    str.splitlines(), which also breaks lines at U+2028/U+2029 (and \x1c-\x1e, \x85) inside
    a quoted text, so a text holding one would not match its source; a file is read by lines
    ending in \n (or \r\n) only, as msgfmt reads it."""
    return polib.pofile(path, wrapwidth=78, encoding="utf-8")


def _target_language(po):
    header = (po.metadata.get("Language") or "").strip()
    normalised = header.replace("_", "-").lower()
    return normalised if normalised in registry.target_languages() else None


def describe_context(entry):
    """An entry's context as the translator knows it: 「卡种“市民卡”的简介」, "Summary of card
    type “Citizen card”"; a context that names nothing we translate, quoted as it is."""
    target = _resolve(entry.msgctxt)
    if target is not None:
        model, pk, field_name = target
        obj = model._default_manager.filter(pk=pk).first()
        if obj is not None:
            return _("%(field)s of %(model)s “%(object)s”") % {
                "field": model._meta.get_field(field_name).verbose_name,
                "model": model._meta.verbose_name,
                "object": obj,
            }
    return _("“%(context)s”") % {"context": entry.msgctxt or ""}


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


def accept_machine(contexts, language):
    """A translator accepts machine conversions as they are (the dashboard's button): the
    fields named by `contexts` (as in a PO file) in `language`. Returns how many."""
    items = []
    for found in filter(None, map(_resolve, contexts)):
        model, pk, field_name = found
        obj = model._default_manager.filter(pk=pk).first()
        status = obj and tracking.status_of(obj, field_name, language)
        if status is not None and status.is_machine:
            items.append(status)
    return tracking.review(items)


def plan(content, *, language=None, allowed_languages=None):
    """Check `content` (bytes of a PO file) and return the Plan of what importing it changes.
    Raises ImportRefused with every problem found."""
    with _saved(content) as path:
        problems = _msgfmt_problems(path)
        if problems:
            raise ImportRefused([_("msgfmt --check rejects the file:"), *problems])
        try:
            po = _parse(path)
        except (OSError, UnicodeDecodeError, ValueError) as error:
            message = _("Not a readable PO file: %(error)s") % {"error": error}
            raise ImportRefused([message]) from error
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
                _("line %(line)s: unknown context %(context)s")
                % {"line": entry.linenum, "context": describe_context(entry)}
            )
            continue
        if target in seen:
            problems.append(
                _("line %(line)s: %(context)s also appears on line %(other)s")
                % {"line": entry.linenum, "context": describe_context(entry), "other": seen[target]}
            )
            continue
        seen[target] = entry.linenum
        resolved.append((entry, target))
    with services.live_drafts_applied() as (_applied, unfit):
        result = _check(resolved, file_language, problems, {_key(obj) for obj in unfit})
    if problems:
        raise ImportRefused(problems)
    return result


def _fetch(resolved):
    """{model: {pk: object}} with each object's owner selected along (one query per model)."""
    objects = {}
    for model in {model for _entry, (model, _pk, _f) in resolved}:
        ids = [pk for _entry, (m, pk, _f) in resolved if m is model]
        rows = model._default_manager.all()
        path = versioning.owner_path(model)
        if path:
            rows = rows.select_related(path)
        objects[model] = rows.in_bulk(ids)
    return objects


def _owner(obj):
    """The publishable object that owns `obj` (no query for rows from _fetch()), or None."""
    found = versioning.owner(obj)
    return found if isinstance(found, Publishable) else None


def _check(resolved, file_language, problems, unfit):
    """The Plan of `resolved` entries (run with the drafts applied); problems are appended."""
    objects = _fetch(resolved)
    result = Plan(file_language)
    for entry, (model, pk, field_name) in resolved:
        obj = objects[model].get(pk)
        if obj is None:
            problems.append(
                _("line %(line)s: unknown context %(context)s (no such object)")
                % {"line": entry.linenum, "context": describe_context(entry)}
            )
            continue
        source = registry.source_text(obj, field_name)
        if tracking.digest(entry.msgid) != tracking.digest(source):
            problems.append(
                _(
                    "line %(line)s: the source text of %(context)s has changed since the "
                    "export; export again and translate the new text"
                )
                % {"line": entry.linenum, "context": describe_context(entry)}
            )
            continue
        if entry.fuzzy or not entry.msgstr.strip():
            result.skipped += 1
            continue
        column = registry.column(field_name, file_language)
        # The field's own limit (an article's or a long text's 20,000 characters: its
        # max_length, which its validator checks too): the rows are written by save(), which
        # runs no validator, so it is checked here.
        limit = model._meta.get_field(column).max_length
        if limit and len(entry.msgstr) > limit:
            problems.append(
                _(
                    "line %(line)s: %(context)s has %(count)s characters; at most %(limit)s are "
                    "allowed"
                )
                % {
                    "line": entry.linenum,
                    "context": describe_context(entry),
                    "count": f"{len(entry.msgstr):,}",
                    "limit": f"{limit:,}",
                }
            )
            continue
        # A line or paragraph separator (pasted from a word processor) is a line end, as a
        # save makes it (publishing.text.normalise_text); other control characters are refused.
        if codes := control_characters(SEPARATORS_RE.sub("\n", entry.msgstr)):
            problems.append(
                _("line %(line)s: the translation has a control character (%(codes)s)")
                % {"line": entry.linenum, "codes": ", ".join(codes)}
            )
            continue
        old = registry.translation_text(obj, field_name, file_language)
        if normal(old) == normal(entry.msgstr):
            status = (
                tracking.status_of(obj, field_name, file_language)
                if conversion.is_converted(file_language)
                else None
            )
            if status is not None and status.is_machine:
                result.reviewed.append(status)
            else:
                result.unchanged += 1
            continue
        owner = _owner(obj)
        if owner is not None and _key(owner) in unfit:
            problems.append(
                _(
                    "line %(line)s: the draft of “%(object)s” no longer fits the data (a row "
                    "it refers to was deleted); an editor must discard it before its "
                    "translations can be imported"
                )
                % {"line": entry.linenum, "object": owner}
            )
            continue
        change = Change(obj, field_name, old, entry.msgstr, entry.linenum, source, str(obj), owner)
        result.changes.append(change)
    return result


def apply(import_plan, *, user=None):
    """Write the plan in one transaction and return a Result. A change to a live object goes
    into its draft (its existing draft applied first, so that nothing of it is lost); visitors
    see it once an editor publishes the draft. An unpublished object is changed in place, with
    an "Imported" version in its history; content without drafts at once. Raises
    ImportRefused, with nothing written, when the content changed since the plan was made."""
    result = Result()
    with transaction.atomic():
        owners = _locked_owners(import_plan)
        live = [owner for owner in owners.values() if owner.is_published]
        live_keys = {_key(owner) for owner in live}
        drafted, in_place = [], []
        for change in import_plan.changes:
            into_draft = change.owner is not None and _key(change.owner) in live_keys
            (drafted if into_draft else in_place).append(change)
        if drafted:
            try:
                with services.drafts_applied(live):  # rolled back: kept as the drafts
                    _write(drafted, import_plan.language)
                    after = {_key(owner): versioning.snapshot(owner) for owner in live}
            except services.DraftDoesNotFit as error:
                message = _("A draft no longer fits the data, nothing was changed: %(error)s")
                raise ImportRefused([message % {"error": error}]) from error
            for owner in live:
                services.save_draft(owner, after[_key(owner)], user=user)
                if services.draft_of(owner) is not None:
                    result.drafts.append(owner)
            result.drafted = len(drafted)
        unpublished = [owner for owner in owners.values() if not owner.is_published]
        before = {_key(owner): versioning.snapshot(owner) for owner in unpublished}
        _write(in_place, import_plan.language)
        for owner in unpublished:
            services.record(
                owner, user=user, kind=RevisionKind.Kind.IMPORTED, before=before[_key(owner)]
            )
        result.unpublished = sum(1 for c in in_place if c.owner is not None)
        result.direct = len(in_place) - result.unpublished
        result.reviewed = tracking.review(import_plan.reviewed)
    return result


def _locked_owners(import_plan):
    """{key: owner} of the plan's changes, read afresh and locked for the transaction."""
    owners = {}
    for planned in _unique(change.owner for change in import_plan.changes):
        owner = type(planned)._default_manager.filter(pk=planned.pk).first()
        if owner is None:
            raise ImportRefused([_changed_since(planned)])
        services.lock(owner)
        owners[_key(owner)] = owner
    return owners


def _owner_key(row):
    owner = _owner(row)
    return None if owner is None else _key(owner)


def _changed_since(obj):
    return _(
        "“%(object)s” was changed or deleted since the file was checked; nothing was changed. "
        "Upload the file again."
    ) % {"object": obj}


def _write(changes, language):
    """Save the changes on rows read afresh, checking that each still has the source text
    and owner the plan saw. save() sends the signals that keep the translation status and
    the caches right."""
    rows = {}
    for change in changes:
        key = _key(change.obj)
        if key not in rows:
            model = type(change.obj)
            rows[key] = model._default_manager.filter(pk=change.obj.pk).first()
        row = rows[key]
        if (
            row is None
            or tracking.digest(registry.source_text(row, change.field))
            != tracking.digest(change.source)
            or (change.owner is not None and _owner_key(row) != _key(change.owner))
        ):
            raise ImportRefused([_changed_since(change.label)])
        setattr(row, registry.column(change.field, language), change.new)
    for row in rows.values():
        row.save()
