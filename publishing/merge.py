"""Merging a stale form per field, instead of overwriting newer work.

A form built on revision `base` is posted after someone else saved revision `newer`. Per
field of the object's own form, comparing the three values:

- the editor did not change it (posted = base): the newer value is kept ("theirs");
- only the editor changed it (newer = base): the posted value is saved ("yours");
- both changed it, differently: the editor chooses, seeing both side by side ("both").

Unknown base values (a revision since deleted) count as changed by both wherever the posted
and newer values differ: nothing is overwritten unseen.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from reversion.models import Revision

from .diff import _display, _related_names, field_label
from .versioning import versions_of


@dataclass
class Merge:
    theirs: dict = field(default_factory=dict)  # form field name: newer value (stored form)
    yours: list = field(default_factory=list)
    both: dict = field(default_factory=dict)  # name: (newer display, posted display)
    rows_changed: list = field(default_factory=list)  # labels of inline rows they changed
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
    for key, version in (newer_versions or {}).items():
        old = base_versions.get(key) if base_versions else None
        if key != root and (old is None or old.serialized_data != version.serialized_data):
            merge.rows_changed.append(version.object_repr)
    for key, version in (base_versions or {}).items():
        if key != root and newer_versions is not None and key not in newer_versions:
            merge.rows_changed.append(version.object_repr)
    return merge


def cleaned_display(model_field, value):
    """A cleaned form value as the compare page would show it."""
    if isinstance(model_field, models.ManyToManyField):
        return "; ".join(str(obj) for obj in value or [])
    if isinstance(model_field, models.ForeignKey):
        return str(value) if value is not None else ""
    return _display(model_field, value, {})


def merge_rows(formset, base_id, newer_id):
    """A stale form saved again: in each existing inline row of `formset`, a model field the
    editor left as it was (posted = base) takes the newer value where someone changed it
    since; a field the editor changed keeps theirs. Works on the rows' instances, which the
    formset then saves. Returns the labels of the rows that took newer values."""
    _base, base_versions = root_values(base_id, formset.instance)
    _newer, newer_versions = root_values(newer_id, formset.instance)
    if not base_versions or not newer_versions:
        return []
    taken = []
    for form in formset.forms:
        obj = form.instance
        cleaned = getattr(form, "cleaned_data", None)
        if obj.pk is None or not cleaned:
            continue
        key = (ContentType.objects.get_for_model(type(obj)).pk, str(obj.pk))
        if key not in base_versions or key not in newer_versions:
            continue
        base, newer = base_versions[key].field_dict, newer_versions[key].field_dict
        for name, form_field in form.fields.items():
            if form_field.disabled or name not in cleaned:
                continue
            try:
                model_field = type(obj)._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            attname = model_field.attname
            if isinstance(model_field, models.ManyToManyField) or attname not in newer:
                continue
            before, theirs = comparable(model_field, base.get(attname)), newer[attname]
            mine = posted(model_field, cleaned[name])
            if mine == before and comparable(model_field, theirs) != before:
                setattr(obj, attname, theirs)
                taken.append(newer_versions[key].object_repr)
    return sorted(set(taken))
