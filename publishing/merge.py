"""Merging a stale form per field, instead of overwriting newer work.

A form built on revision `base` is posted after someone else saved revision `newer`. Per
field of the object's own form, comparing the three values:

- the editor did not change it (posted = base): the newer value is kept ("theirs");
- only the editor changed it (newer = base): the posted value is saved ("yours");
- both changed it, differently: the editor chooses, seeing both side by side ("both").

Unknown base values (a revision since deleted) count as changed by both wherever the posted
and newer values differ: nothing is overwritten unseen.
"""

import re
from dataclasses import dataclass, field

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.forms.formsets import DELETION_FIELD_NAME
from reversion.models import Revision, Version

from .diff import _display, _related_names, field_label, object_label, parent_key
from .punctuation import join_list
from .versioning import models_within, owner_path, versions_of

MERGE_PREFIX = "_merge_"  # + a field's prefixed name: "theirs" or "yours", where both changed


@dataclass
class Merge:
    theirs: dict = field(default_factory=dict)  # form field name: newer value (stored form)
    yours: list = field(default_factory=list)
    both: dict = field(default_factory=dict)  # name: (newer display, posted display)
    rows_changed: list = field(default_factory=list)  # labels of inline rows they changed
    rows_deleted: list = field(default_factory=list)  # (label, who) of rows they deleted
    # Labels of the rows whose own fields this form changes (the rows the other editor left
    # in place): saved, merged per field with theirs.
    rows_yours: list = field(default_factory=list)
    rows_deleting: list = field(default_factory=list)  # labels of rows this form deletes
    # The verbose names (plural) of what is kept inside the rows they changed (a comparison
    # point's texts per card type): merged per field with their row. Empty for most kinds.
    nested: list = field(default_factory=list)
    # Labels of rows they changed that this form deletes: each a choice in its row.
    rows_delete_conflicts: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)  # name: "Title (English)"


def root_values(revision_id, obj):
    """{attname: value} of `obj` in revision `revision_id`, with the versions it holds; (None,
    {}) when there is no such revision."""
    revision = Revision.objects.filter(pk=revision_id).first() if revision_id else None
    if revision is None:
        return None, {}
    versions = versions_of(revision)
    key = (ContentType.objects.get_for_model(type(obj)).pk, str(obj.pk))
    version = versions.get(key)
    return (version.field_dict if version is not None else None), versions


def comparable(model_field, value):
    """A stored (attname) value in a form that compares equal across its sources."""
    if isinstance(model_field, models.ManyToManyField):
        return sorted(str(pk) for pk in value or [])
    if value == "":
        return None
    return value


def posted(model_field, value):
    """A cleaned form value as comparable() would hold it."""
    if isinstance(model_field, models.ManyToManyField):
        return sorted(str(obj.pk) for obj in value or [])
    if isinstance(model_field, models.ForeignKey):
        return value.pk if value is not None else None
    if value == "":
        return None
    return value


def as_cleaned(model_field, value):
    """A stored value as a form's cleaned_data holds it (objects for relations)."""
    if isinstance(model_field, models.ManyToManyField):
        return model_field.related_model._base_manager.filter(pk__in=value or [])
    if isinstance(model_field, models.ForeignKey):
        return model_field.related_model._base_manager.filter(pk=value).first()
    return "" if value is None and isinstance(model_field, models.CharField) else value


def plan(form, cleaned_data, base_id, newer_id):
    """The Merge of `form`'s posted values with revision `newer_id`, built on `base_id`."""
    obj = form.instance
    model = type(obj)
    newer, newer_versions = root_values(newer_id, obj)
    base, base_versions = root_values(base_id, obj)
    merge = Merge()
    if newer is None:
        return merge
    names = _related_names(list((newer_versions or {}).values()))
    for name, form_field in form.fields.items():
        if form_field.disabled or name not in cleaned_data:
            continue
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if model_field.attname not in newer:
            continue
        theirs = comparable(model_field, newer[model_field.attname])
        mine = posted(model_field, cleaned_data[name])
        before = comparable(model_field, base[model_field.attname]) if base else object()
        merge.labels[name] = field_label(model, name)
        if mine == theirs:
            continue
        if base is not None and mine == before:
            merge.theirs[name] = as_cleaned(model_field, newer[model_field.attname])
        elif base is not None and theirs == before:
            merge.yours.append(name)
        else:
            merge.both[name] = (
                _display(model_field, newer[model_field.attname], names) or "—",
                cleaned_display(model_field, cleaned_data[name]) or "—",
            )
    root = (ContentType.objects.get_for_model(model).pk, str(obj.pk))
    # Row names are built from the stored values in the active language (the request's),
    # not taken from object_repr, which holds the language of whoever saved the row.
    posted_rows = posted_row_prefixes(form.data, model, newer_versions or {})
    deleting = posted_deletions(form.data, model, newer_versions or {})
    for key, version in (newer_versions or {}).items():
        old = base_versions.get(key) if base_versions else None
        if key == root or (old is not None and old.serialized_data == version.serialized_data):
            continue
        row = top_row(key, newer_versions, root)
        label = object_label(newer_versions[row])
        if row in deleting and base_versions and row in base_versions:
            if label not in merge.rows_delete_conflicts:  # their edit, your delete: a choice
                merge.rows_delete_conflicts.append(label)
        elif label not in merge.rows_changed:
            merge.rows_changed.append(label)
            for inner in models_within(newer_versions[row]._model):
                if inner._meta.verbose_name_plural not in merge.nested:
                    merge.nested.append(inner._meta.verbose_name_plural)
    for key, prefix in posted_rows.items():
        if key in deleting:
            label = object_label(newer_versions[key])
            if label not in merge.rows_delete_conflicts:
                merge.rows_deleting.append(label)
        elif (
            base_versions
            and key in base_versions
            and posted_row_changed(form.data, prefix, base_versions[key])
        ):
            merge.rows_yours.append(object_label(newer_versions[key]))
    gone = {
        key: version
        for key, version in (base_versions or {}).items()
        if key != root and newer_versions is not None and key not in newer_versions
    }
    for key, version in gone.items():
        if parent_key(version) in gone:
            continue  # deleted with its row (a point's texts with the point)
        row = top_row(key, base_versions, root)
        if row != key and row in deleting:  # they cleared a text of a row you delete
            label = object_label(newer_versions[row])
            if label not in merge.rows_delete_conflicts:
                merge.rows_delete_conflicts.append(label)
            continue
        user = deleted_by(obj, key, base_id)
        who = str(user.get_username()) if user is not None else None
        merge.rows_deleted.append((object_label(version), who))
    return merge


def top_row(key, versions, root):
    """The key of the inline row of the object (`root`) that holds row `key` in `versions`:
    `key` itself for a row of the object's own, its point for a point's text."""
    while (parent := parent_key(versions[key])) is not None and parent != root:
        if parent not in versions:
            break
        key = parent
    return key


def posted_row_prefixes(data, model, versions):
    """{history key: form prefix} of the inline rows of `model`'s object in `versions` that
    the POST `data` holds (its inline formsets use Django's default prefix, the relation's
    name: "points-3")."""
    if not hasattr(data, "get"):
        return {}
    rows = {}
    for key, version in versions.items():
        row_model = version._model
        parent = _parent_field(row_model)
        if parent is None or parent.related_model is not model:
            continue
        rows[(parent.remote_field.get_accessor_name(), key[1])] = (key, row_model)
    found = {}
    for name in list(data.keys()):
        match = _ROW_KEY.match(name)
        if match is None:
            continue
        prefix, index = match[1], match[2]
        accessor = prefix.split("-")[0]
        for (row_accessor, pk), (key, row_model) in rows.items():
            if (
                row_accessor == accessor
                and match[3] == row_model._meta.pk.name
                and str(data.get(name) or "") == pk
            ):
                found[key] = f"{prefix}-{index}"
    return found


def posted_deletions(data, model, versions):
    """{history key: form prefix} of the inline rows of `model`'s object in `versions` that
    the POST `data` ticks for deletion ("points-3-DELETE")."""
    ticked = forms.CheckboxInput()
    return {
        key: prefix
        for key, prefix in posted_row_prefixes(data, model, versions).items()
        if ticked.value_from_datadict(data, None, f"{prefix}-{DELETION_FIELD_NAME}")
    }


def posted_row_changed(data, prefix, version):
    """True when the POST `data` changes a field of the row's own (`version`, the revision the
    form was built on) under `prefix` ("points-3"). Fields the form does not post are left
    out (a row's texts kept on related rows are merged per field, and the message says so in
    general)."""
    stored = version.field_dict
    for model_field in version._model._meta.concrete_fields:
        name = f"{prefix}-{model_field.name}"
        if model_field.primary_key or name not in data or model_field.attname not in stored:
            continue
        form_field = model_field.formfield()
        if form_field is None:
            continue
        try:
            value = form_field.clean(form_field.widget.value_from_datadict(data, {}, name))
        except ValidationError:
            continue  # the form shows the error; not a change to report
        if posted(model_field, value) != comparable(model_field, stored[model_field.attname]):
            return True
    return False


_ROW_KEY = re.compile(r"^(.+)-(\d+)-([^-]+)$")


def _parent_field(row_model):
    """The foreign key from an inline row's model to the object whose history holds it."""
    path = owner_path(row_model)
    return row_model._meta.get_field(path.split("__")[0]) if path else None


def cleaned_display(model_field, value):
    """A cleaned form value as the compare page would show it."""
    if isinstance(model_field, models.ManyToManyField):
        return join_list(value or [])
    if isinstance(model_field, models.ForeignKey):
        return str(value) if value is not None else ""
    return _display(model_field, value, {})


def row_values(form, versions):
    """{form field name: (model field or None, stored value)} of an inline row's form in
    `versions` (a revision's {(content type pk, object id): Version}): the row's own model
    fields, and whatever the form keeps on related rows through its `merge_values(versions)`
    (a comparison point's texts per card type). {} when the row is not in `versions`."""
    obj = form.instance
    key = (ContentType.objects.get_for_model(type(obj)).pk, str(obj.pk))
    version = versions.get(key)
    if version is None:
        return {}
    stored = version.field_dict
    values = {}
    for name in form.fields:
        try:
            model_field = type(obj)._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(model_field, models.ManyToManyField) or model_field.attname not in stored:
            continue
        values[name] = (model_field, stored[model_field.attname])
    extra = getattr(form, "merge_values", None)
    if extra is not None:
        values.update({name: (None, value) for name, value in extra(versions).items()})
    return values


def _same(model_field, stored, cleaned):
    return comparable(model_field, stored) == (
        posted(model_field, cleaned) if model_field is not None else (cleaned or None)
    )


def merge_formset(formset, base_id, newer_id, choose):
    """Merge a stale form's inline rows per field, as VersionedForm does the object's fields:
    in each row both revisions hold, a field the editor left as it was (posted = base) takes
    the newer value where someone changed it since; a field only the editor changed keeps
    theirs; a field both changed asks `choose(form, name, theirs display, yours display)`,
    which answers "theirs", "yours" or None (not chosen: it marks the field for the editor).
    A row the editor ticked for deletion that someone changed since asks `choose(form,
    "DELETE", their changes, None)`: "theirs" keeps the row (then merged per field), "yours"
    deletes it; not chosen, it is kept from deletion until the editor chooses. Works on the
    rows' cleaned data and instances, which the formset then saves; each form's `kept_newer`
    names its fields that took the newer value. Returns the forms that took newer values."""
    _base, base_versions = root_values(base_id, formset.instance)
    _newer, newer_versions = root_values(newer_id, formset.instance)
    taken = []
    if not base_versions or not newer_versions:
        return taken
    for form in formset.forms:
        cleaned = getattr(form, "cleaned_data", None)
        if form.instance.pk is None or not cleaned:
            continue
        before, newer = row_values(form, base_versions), row_values(form, newer_versions)
        if not before or not newer:
            continue
        if cleaned.get(DELETION_FIELD_NAME):
            changes = their_changes(form, before, newer)
            if not changes:
                continue  # they left it as it was: deleted as posted
            decision = choose(form, DELETION_FIELD_NAME, changes, None)
            if decision == "yours":
                continue
            # Kept: theirs, or until the editor chooses (the row's error then counts: a
            # formset ignores the errors of rows it deletes).
            cleaned[DELETION_FIELD_NAME] = False
            if decision is None:
                continue
        for name, (model_field, theirs) in newer.items():
            if name not in cleaned or form.fields[name].disabled or name in form.errors:
                continue
            base_value = before.get(name, (model_field, None))[1]
            if _same(model_field, theirs, cleaned[name]) or (
                comparable(model_field, theirs) == comparable(model_field, base_value)
            ):
                continue  # the same value, or only the editor changed it
            if not _same(model_field, base_value, cleaned[name]):  # both changed it
                yours = (
                    cleaned_display(model_field, cleaned[name])
                    if model_field is not None
                    else cleaned[name]
                )
                theirs_shown = _display(model_field, theirs, {}) if model_field else theirs
                if choose(form, name, theirs_shown or "—", yours or "—") != "theirs":
                    continue
            if model_field is not None:
                cleaned[name] = as_cleaned(model_field, theirs)
                setattr(form.instance, model_field.attname, theirs)
            else:
                cleaned[name] = theirs or ""
            form.kept_newer = {*getattr(form, "kept_newer", ()), name}
            if form not in taken:
                taken.append(form)
    return taken


def their_changes(form, before, newer):
    """[(label, their value shown)] of the fields of an inline row's form that changed from
    `before` to `newer` (row_values() of two revisions)."""
    model = type(form.instance)
    changes = []
    for name, (model_field, theirs) in newer.items():
        base_value = before.get(name, (model_field, None))[1]
        if comparable(model_field, theirs) == comparable(model_field, base_value):
            continue
        if model_field is not None:
            label, shown = field_label(model, name), _display(model_field, theirs, {})
        else:
            label, shown = form.fields[name].label or name, theirs
        changes.append((label, shown or "—"))
    return changes


def merge_rows(formset, base_id, newer_id):
    """merge_formset() keeping the editor's value wherever both changed a field (for callers
    that offer no choice). Returns the names of the rows that took newer values."""
    forms = merge_formset(formset, base_id, newer_id, lambda *args: "yours")
    return sorted({str(form.instance) for form in forms})


def vanished_rows(formset, pks):
    """The POST of `formset` without its rows whose object no longer exists (another editor
    deleted it since the form was built): the rows after one move up, the counts shrink, so
    the rest of the form is saved as it was posted. (data, number of rows left out)."""
    data = formset.data
    if not hasattr(data, "getlist"):
        return data, 0
    prefix = formset.prefix
    pk_name = formset.model._meta.pk.name
    total = _count(data.get(f"{prefix}-TOTAL_FORMS"))
    initial = _count(data.get(f"{prefix}-INITIAL_FORMS"))
    if not initial or total is None or initial > total:
        return data, 0
    gone = set()
    for index in range(initial):
        value = str(data.get(f"{prefix}-{index}-{pk_name}") or "")
        if value.isdigit() and int(value) not in pks:
            gone.add(index)
    if not gone:
        return data, 0
    moved = {}
    for index in range(total):
        if index not in gone:
            moved[index] = len(moved)
    pattern = re.compile(rf"^({re.escape(MERGE_PREFIX)})?{re.escape(prefix)}-(\d+)-(.*)$")
    new = data.copy()
    for key in list(new.keys()):
        match = pattern.match(key)
        if match is None or int(match[2]) >= total:
            continue
        values = new.getlist(key)
        del new[key]
        index = int(match[2])
        if index in moved:
            new.setlist(f"{match[1] or ''}{prefix}-{moved[index]}-{match[3]}", values)
    new[f"{prefix}-TOTAL_FORMS"] = str(total - len(gone))
    new[f"{prefix}-INITIAL_FORMS"] = str(initial - len(gone))
    return new, len(gone)


def _count(value):
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) < 7 else None


def deleted_by(obj, key, base_id):
    """Who deleted row `key` of `obj`'s history since revision `base_id`: the user of the
    first later revision without it (None when unknown)."""
    revisions = Revision.objects.filter(
        pk__in=Version.objects.get_for_object(obj)
        .filter(revision_id__gt=base_id)
        .values("revision_id")
    ).select_related("user")
    for revision in revisions.order_by("pk"):
        if key not in versions_of(revision):
            return revision.user
    return None
