"""Up to date or outdated: remembering which source text each translation was made from.

Every save of a translated model runs sync() (a post_save signal): it compares the current
texts with the digests stored in TranslationState and

- records a new source text (its digest and when it changed) in the source language's row;
- marks a translation that was written or edited in this save as made from the current source;
- leaves an untouched translation as it was, so a changed source makes it outdated;
- forgets the translation of a field that was emptied (it is missing again);
- in a language filled by machine conversion (translations.conversion), converts the source
  into an empty field and again into an unedited machine-converted one whose source changed,
  writing the column at once; a translator's edit ends that (the text is then a translation
  like any other, outdated when its source changes), and so does review() without an edit.

No old values are needed (the digests are the memory), so writes that bypass signals are
caught up by calling sync() afterwards. One case needs the history: a live object's draft
is saved several times before it is published (a translator's edit, then an editor's change
of the source), and publishing writes only the end result, which sync() would take for a
translation of the new source. Before a revision is applied, record_edited_sources() finds in
the history the source each changed translation was written beside.

Importers call the two service functions:

- sync(objects): after bulk_create / bulk_update / QuerySet.update of translated models;
- record_translations(objects): the translations present were made from the current source
  (seed content and imports that ship both texts together).
"""

import hashlib
from dataclasses import dataclass

from asgiref.local import Local
from django.contrib.contenttypes.models import ContentType
from django.core.signals import request_started
from django.db import transaction
from django.db.models import F, OuterRef, Subquery
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from reversion.errors import RevertError

from publishing.content import rows_changed
from publishing.signals import revision_applying, translations_outdated
from publishing.versioning import versions_before, versions_of

from . import conversion, registry
from .models import TranslationState

MISSING, OUTDATED, UP_TO_DATE = "missing", "outdated", "up_to_date"
# Converted by machine from the source and not reviewed by a translator yet.
MACHINE = "machine"


def digest(text):
    """The digest of a text as editors see it: line ends and outer white space do not count."""
    normal = (text or "").replace("\r\n", "\n").strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class FieldStatus:
    obj: object
    field: str
    language: str
    status: str
    source: str
    translation: str
    source_changed_at: object = None  # when the source last changed (outdated only)
    previous_source: str = ""  # the source the translation was made from (outdated only)

    @property
    def is_missing(self):
        return self.status == MISSING

    @property
    def is_outdated(self):
        return self.status == OUTDATED

    @property
    def is_machine(self):
        return self.status == MACHINE


def _states(objects):
    """{(content type id, object id): {(field, language): state}} for `objects` (one query
    per model)."""
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj.pk)
    result = {}
    for model, ids in by_model.items():
        ct = ContentType.objects.get_for_model(model)
        for state in TranslationState.objects.filter(content_type=ct, object_id__in=ids):
            key = (ct.pk, state.object_id)
            result.setdefault(key, {})[(state.field, state.language)] = state
    return result


def _key(obj):
    return (ContentType.objects.get_for_model(type(obj)).pk, obj.pk)


def statuses(objects, languages=None, states=None):
    """FieldStatus of every translated field with a source text, per object and language."""
    objects = list(objects)
    languages = languages or registry.target_languages()
    states = _states(objects) if states is None else states
    result = []
    for obj in objects:
        known = states.get(_key(obj), {})
        for field in registry.translated_fields(type(obj)):
            source = registry.source_text(obj, field)
            if not source.strip():
                continue  # nothing to translate
            source_state = known.get((field, registry.SOURCE_LANGUAGE))
            for language in languages:
                translation = registry.translation_text(obj, field, language)
                state = known.get((field, language))
                if is_missing(obj, field, language):
                    status = MISSING
                elif is_unreviewed(state, translation):
                    status = MACHINE
                elif state is None or state.source_digest == digest(source):
                    status = UP_TO_DATE
                else:
                    status = OUTDATED
                changed, previous = None, ""
                if status == OUTDATED:
                    changed = source_state.changed_at if source_state else None
                    previous = state.source_text
                result.append(
                    FieldStatus(
                        obj, field, language, status, source, translation, changed, previous
                    )
                )
    return result


def is_unreviewed(state, text):
    """True for a machine-converted text nobody has edited or reviewed since."""
    return state is not None and state.machine and state.text_digest == digest(text)


def status_of(obj, field, language):
    for item in statuses([obj], [language]):
        if item.field == field:
            return item
    return None


def outdated_anchor(obj, field, language):
    """The id of the "outdated" marker beside `field` in `language` on the admin form that
    edits `obj` (also a part's, on its owner's form): the dashboard links to it."""
    meta = obj._meta
    column = registry.column(field, language)
    return f"outdated-{meta.app_label}-{meta.model_name}-{obj.pk}-{column}"


def is_missing(obj, field, language):
    """True when `field` has a source text but no translation into `language` (a page in
    that language shows the source instead: modeltranslation falls back silently)."""
    if language == registry.SOURCE_LANGUAGE:
        return False
    return (
        bool(registry.source_text(obj, field).strip())
        and not registry.translation_text(obj, field, language).strip()
    )


# Outdated translations of the current request, read once per request and language (one
# query for the whole page: outdated translations are few, pages show many fields).
_memo = Local()


def outdated_since(obj, field, language):
    """When the source of `obj.field` changed, if its translation into `language` was made
    from an older source; else None."""
    if language == registry.SOURCE_LANGUAGE or is_missing(obj, field, language):
        return None
    index = getattr(_memo, "index", None)
    if index is None:
        index = _memo.index = {}
    if language not in index:
        index[language] = _outdated_index(language)
    ct_id = ContentType.objects.get_for_model(type(obj)).pk
    return index[language].get((ct_id, obj.pk, field))


def _outdated_index(language):
    source = TranslationState.objects.filter(
        content_type=OuterRef("content_type"),
        object_id=OuterRef("object_id"),
        field=OuterRef("field"),
        language=registry.SOURCE_LANGUAGE,
    )
    rows = (
        TranslationState.objects.filter(language=language)
        .annotate(
            current=Subquery(source.values("source_digest")[:1]),
            source_changed_at=Subquery(source.values("changed_at")[:1]),
        )
        .exclude(source_digest=F("current"))
        .values_list("content_type_id", "object_id", "field", "source_changed_at")
    )
    return {(ct, pk, field): changed for ct, pk, field, changed in rows}


def is_machine_converted(obj, field, language):
    """True when `obj.field` in `language` is a machine conversion no translator has reviewed
    (pages say so): the unreviewed fields of a model read once per request and language, as
    outdated_since() reads outdated ones. Statute fields are not asked (their pages say it
    once), so a law page reads no article's state."""
    if not conversion.is_converted(language) or is_missing(obj, field, language):
        return False
    ct_id = ContentType.objects.get_for_model(type(obj)).pk
    machine = getattr(_memo, "machine", None)
    if machine is None:
        machine = _memo.machine = {}
    if (language, ct_id) not in machine:
        rows = TranslationState.objects.filter(
            language=language, content_type_id=ct_id, machine=True
        ).values_list("object_id", "field")
        machine[(language, ct_id)] = set(rows)
    return (obj.pk, field) in machine[(language, ct_id)]


def forget_request_memo(**kwargs):
    _memo.index = None
    _memo.machine = None


def sync(objects, *, translated=False, saved=False):
    """Bring the stored digests in line with the objects' current texts (see module doc).
    With translated=True every present translation counts as made from the current source.
    The objects whose status or conversions change get their cache tags bumped, unless they
    are being saved (`saved`: the save's own signal bumps them)."""
    objects = [obj for obj in objects if obj.pk is not None and registry.is_translated(type(obj))]
    if not objects:
        return
    now = timezone.now()
    states = _states(objects)
    create, update, delete = [], [], []
    machine_made = set()  # (obj, field, language) of texts that are machine conversions
    changed = {}  # {obj: columns} that conversion wrote into
    touched = []  # objects whose states or conversions change: what their pages say changes
    for obj in objects:
        before = len(create) + len(update) + len(delete)
        ct_id, object_id = _key(obj)
        known = states.get((ct_id, object_id), {})
        for field in registry.translated_fields(type(obj)):
            source = registry.source_text(obj, field)
            current = digest(source)
            source_state = known.get((field, registry.SOURCE_LANGUAGE))
            if source_state is None:
                source_state = TranslationState(
                    content_type_id=ct_id, object_id=object_id, field=field,
                    language=registry.SOURCE_LANGUAGE, source_digest=current,
                    text_digest=current, changed_at=now,
                )  # fmt: skip
                create.append(source_state)
            elif source_state.source_digest != current:
                source_state.source_digest = source_state.text_digest = current
                source_state.changed_at = now
                update.append(source_state)
            for language in registry.target_languages():
                state = known.get((field, language))
                if conversion.is_converted(language):
                    _convert(obj, field, language, state, machine_made, changed)
                text = registry.translation_text(obj, field, language)
                if not text.strip():
                    if state is not None:
                        delete.append(state.pk)
                    continue
                text_digest = digest(text)
                machine = (obj, field, language) in machine_made
                if state is None:
                    # Written since the last sync (or never synced): made from this source.
                    create.append(
                        TranslationState(
                            content_type_id=ct_id,
                            object_id=object_id,
                            field=field,
                            language=language,
                            source_digest=current,
                            source_text=source,
                            text_digest=text_digest,
                            machine=machine,
                            changed_at=now,
                        )  # fmt: skip
                    )
                elif (
                    state.text_digest != text_digest
                    or (translated and state.source_digest != current)
                    or (machine and state.source_digest != current)
                ):
                    state.source_digest, state.source_text = current, source
                    state.text_digest, state.changed_at = text_digest, now
                    state.machine = machine
                    update.append(state)
        if obj in changed or len(create) + len(update) + len(delete) != before:
            touched.append(obj)
    forget_request_memo()
    with transaction.atomic():
        if delete:
            TranslationState.objects.filter(pk__in=delete).delete()
        TranslationState.objects.bulk_create(create)
        TranslationState.objects.bulk_update(
            update, ["source_digest", "source_text", "text_digest", "machine", "changed_at"]
        )
        _write_conversions(changed)
        # Their pages show their texts' status (machine-converted, outdated): their cache tags
        # change once this commits. A save's own signal says so already (`saved`).
        if not saved:
            rows_changed(*touched)


def _convert(obj, field, language, state, machine_made, changed):
    """Fill `obj.field` in `language` with the conversion of its source when it is empty or an
    unedited machine conversion (of this source or an older one; an emptied source empties
    it). A translator's text is left alone. Converting on every save is cheap (OpenCC) and
    tells a text that is the current source's conversion from one a translator wrote."""
    column = registry.column(field, language)
    text = getattr(obj, column, None) or ""
    machine_text = conversion.converted_text(obj, field, language)
    if text.strip() and not is_unreviewed(state, text):
        # A text that changed along with its source (a published draft) and is that
        # source's conversion is still the machine's work, unless a translator had taken over.
        if (state is None or state.machine) and text == machine_text:
            machine_made.add((obj, field, language))
        return
    if machine_text.strip():
        machine_made.add((obj, field, language))
    if machine_text != text:
        setattr(obj, column, machine_text)
        changed.setdefault(obj, set()).add(column)


def _write_conversions(changed):
    """Write the columns conversion changed, one UPDATE per object (no signals: the object's
    own save, or the importer's sync(), is already under way)."""
    for obj, columns in changed.items():
        values = {column: getattr(obj, column) for column in columns}
        type(obj)._base_manager.filter(pk=obj.pk).update(**values)


def record_edited_sources(sender, obj, revision, **kwargs):
    """publishing.signals.revision_applying: before the rows of `obj` become what `revision`
    holds, record every translation that the revision changes and whose source changed after
    it was written (in a later save of the same draft) as made from that earlier source, so
    that the sync() of the applied rows finds it outdated instead of up to date. The history
    says which source it was: walking back from `revision`, the source beside the oldest
    version of the row that still holds the same translation."""
    now = timezone.now()
    pending = {}  # {(content type id, object id): {(field, language): [text, made from]}}
    rows = {key: v for key, v in versions_of(revision).items() if registry.is_translated(v._model)}
    states = _states_by_key(rows)
    for key, version in rows.items():
        values = version.field_dict
        for field in registry.translated_fields(version._model):
            source = values.get(registry.source_column(field)) or ""
            for language in registry.target_languages():
                text = values.get(registry.column(field, language)) or ""
                state = states.get(key, {}).get((field, language))
                if text.strip() and (state is None or state.text_digest != digest(text)):
                    pending.setdefault(key, {})[(field, language)] = [text, source]
    for (ct_id, object_id), fields in pending.items():
        final = {key: source for key, (_text, source) in fields.items()}
        _walk_back(ct_id, object_id, revision, fields)
        for (field, language), (text, made_from) in fields.items():
            if digest(made_from) == digest(final[(field, language)]):
                continue  # made from the source it is applied with: sync() gets it right
            TranslationState.objects.update_or_create(
                content_type_id=ct_id, object_id=int(object_id), field=field, language=language,
                defaults={
                    "source_digest": digest(made_from), "source_text": made_from,
                    "text_digest": digest(text), "machine": False, "changed_at": now,
                },
            )  # fmt: skip
    forget_request_memo()


def _walk_back(ct_id, object_id, revision, fields):
    """Set the source of each of `fields` ({(field, language): [text, source]}) to the one
    beside the oldest version, before `revision`, in an unbroken run holding the same text."""
    looking = set(fields)
    for older in versions_before(ct_id, object_id, revision):
        try:
            values = older.field_dict
        except RevertError:  # a version from before a change of the model: history ends
            return
        for field, language in list(looking):
            text = fields[(field, language)][0]
            if digest(values.get(registry.column(field, language))) == digest(text):
                fields[(field, language)][1] = values.get(registry.source_column(field)) or ""
            else:
                looking.discard((field, language))
        if not looking:
            return


def _states_by_key(rows):
    """_states() for the keys of `rows` ((content type id, object id as reversion stores it,
    a string)), keyed the same way."""
    by_type = {}
    for ct_id, object_id in rows:
        by_type.setdefault(ct_id, []).append(int(object_id))
    result = {}
    for ct_id, ids in by_type.items():
        for state in TranslationState.objects.filter(content_type_id=ct_id, object_id__in=ids):
            key = (ct_id, str(state.object_id))
            result.setdefault(key, {})[(state.field, state.language)] = state
    return result


def review(items):
    """A translator accepts machine-converted texts as they are (FieldStatus items): they
    become ordinary translations, up to date, and are no longer converted again."""
    keys = {(_key(item.obj), item.field, item.language) for item in items if item.is_machine}
    states = _states([item.obj for item in items])
    changed = []
    for key, field, language in keys:
        state = states.get(key, {}).get((field, language))
        if state is not None and state.machine:
            state.machine = False
            changed.append(state)
    TranslationState.objects.bulk_update(changed, ["machine"])
    forget_request_memo()
    done = {(state.content_type_id, state.object_id) for state in changed}
    rows_changed(*{_key(i.obj): i.obj for i in items if _key(i.obj) in done}.values())
    return len(changed)


def baseline(chunk=500):
    """Sync every object that has never been synced (content from before this app, or loaded
    with `loaddata`, which sends raw saves): its present translations count as made from its
    current source. Run after `migrate`; returns how many objects it synced."""
    count = 0
    for model in registry.translated_models():
        ct = ContentType.objects.get_for_model(model)
        known = TranslationState.objects.filter(
            content_type=ct, language=registry.SOURCE_LANGUAGE
        ).values("object_id")
        pending = model._default_manager.exclude(pk__in=known).order_by("pk")
        last = None
        while batch := list((pending if last is None else pending.filter(pk__gt=last))[:chunk]):
            sync(batch)
            count += len(batch)
            last = batch[-1].pk
    return count


def convert_missing(chunk=500):
    """Sync every object with a source text but no text in a language filled by conversion
    (content from before that language was added, or written without signals): it gets its
    machine conversion. Run after `migrate` and by `load_seed`; returns how many objects."""
    from .queries import missing_q

    count = 0
    for model in registry.translated_models():
        for language in conversion.converted_languages():
            pending = model._default_manager.filter(missing_q(model, language)).order_by("pk")
            last = None
            while batch := list((pending if last is None else pending.filter(pk__gt=last))[:chunk]):
                sync(batch)
                count += len(batch)
                last = batch[-1].pk
    return count


def reconvert(chunk=500):
    """Convert again every machine conversion nobody has reviewed (after a change of profile
    or phrases in settings.MACHINE_CONVERSION): sync() rewrites those that differ. Returns
    how many objects it looked at. `manage.py convert_translations` runs it."""
    count = 0
    for model in registry.translated_models():
        ct = ContentType.objects.get_for_model(model)
        machine = TranslationState.objects.filter(content_type=ct, machine=True)
        pending = model._default_manager.filter(pk__in=machine.values("object_id")).order_by("pk")
        last = None
        while batch := list((pending if last is None else pending.filter(pk__gt=last))[:chunk]):
            sync(batch)
            count += len(batch)
            last = batch[-1].pk
    return count + convert_missing(chunk)


def record_translations(objects):
    """Service for importers and the seed: the translations present in `objects` were made
    from their current source text (so they are up to date)."""
    sync(objects, translated=True)


def _on_save(sender, instance, **kwargs):
    # Raw saves too: publishing a draft or reverting writes the rows that way (django-reversion).
    if registry.is_translated(sender):
        sync([instance], saved=True)


def _on_delete(sender, instance, **kwargs):
    if registry.is_translated(sender):
        TranslationState.objects.filter(
            content_type=ContentType.objects.get_for_model(sender), object_id=instance.pk
        ).delete()


def outdated_rows(sender, rows, **kwargs):
    """publishing.signals.translations_outdated: the outdated translations of `rows`, by the
    statuses() pages and the dashboard show (the publish page asks it with a draft applied)."""
    objects = []
    for ct_id, object_id in rows:
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if registry.is_translated(model):
            obj = model._base_manager.filter(pk=object_id).first()
            if obj is not None:
                objects.append(obj)
    return {
        (_key(item.obj)[0], str(item.obj.pk), registry.column(item.field, item.language))
        for item in statuses(objects)
        if item.is_outdated
    }


def connect_signals():
    post_save.connect(_on_save, dispatch_uid="translations-sync")
    post_delete.connect(_on_delete, dispatch_uid="translations-forget")
    request_started.connect(forget_request_memo, dispatch_uid="translations-request-memo")
    revision_applying.connect(record_edited_sources, dispatch_uid="translations-edited-sources")
    translations_outdated.connect(outdated_rows, dispatch_uid="translations-outdated-rows")
