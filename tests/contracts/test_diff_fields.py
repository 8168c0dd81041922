"""Every field an editor can change shows in the differences (History's comparison, the
Publish page), for every kind and its inline rows: a change the diff leaves out would be
published unseen ("No differences." above a changed link). Linked rows are named, not
numbered."""

import datetime
import json

import pytest
from django.db import models
from django.utils import translation
from reversion.models import Version

from publishing.diff import compare, field_label
from publishing.versioning import owner_path, snapshot

from .kinds import KIND_PARAMS


def _other_value(model_field, value):
    """A value of `model_field` other than `value` (as stored in a version's JSON)."""
    if isinstance(model_field, models.ManyToManyField):
        others = model_field.related_model._base_manager.exclude(pk__in=value or [])
        return [] if value else [others.order_by("pk").values_list("pk", flat=True).first()]
    if isinstance(model_field, models.ForeignKey):
        other = model_field.related_model._base_manager.exclude(pk=value).order_by("pk").first()
        return other.pk if other is not None else None
    if model_field.choices:
        return next(choice for choice, _label in model_field.flatchoices if choice != value)
    if isinstance(model_field, models.BooleanField):
        return not value
    if isinstance(model_field, models.IntegerField | models.DecimalField | models.FloatField):
        return (value or 0) + 1
    if isinstance(model_field, models.DateField):  # DateTimeField included
        start = datetime.datetime(2020, 1, 1)
        if not isinstance(model_field, models.DateTimeField):
            start = start.date()
        moved = model_field.to_python(value) or start
        return (moved + datetime.timedelta(days=1)).isoformat()
    return f"{value or ''}x"


def _changed(version, name, value):
    data = json.loads(version.serialized_data)
    data[0]["fields"][name] = value
    return Version(
        content_type_id=version.content_type_id,
        object_id=version.object_id,
        db=version.db,
        format=version.format,
        serialized_data=json.dumps(data),
        object_repr=version.object_repr,
    )


def _editable_fields(version):
    """(model field, its name in the version) of the fields an editor changes in a form: not
    the id, bookkeeping (is_published, timestamps) nor an inline row's link to its parent."""
    model = version._model
    parent = (owner_path(model) or "").split("__")[0]
    for name in json.loads(version.serialized_data)[0]["fields"]:
        model_field = model._meta.get_field(name)
        if model_field.editable and not model_field.primary_key and name != parent:
            yield model_field, name


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize("kind", KIND_PARAMS)
def test_every_editable_field_shows_in_the_diff(kind, public_object, lang):
    old = snapshot(public_object)
    checked, missing = [], []
    seen_models = set()
    with translation.override(lang):
        for key, version in old.items():
            if version._model in seen_models:
                continue  # one row of each model: the fields are the same
            seen_models.add(version._model)
            fields = json.loads(version.serialized_data)[0]["fields"]
            for model_field, name in _editable_fields(version):
                value = _other_value(model_field, fields[name])
                if value == fields[name]:
                    continue  # nothing else to link to
                new = {**old, key: _changed(version, name, value)}
                label = field_label(version._model, name)
                shown = [f for change in compare(old, new) for f in change.fields]
                checked.append(label)
                if not any(f.label == label for f in shown):
                    missing.append(f"{version._model.__name__}.{name}")
                elif isinstance(model_field, models.ForeignKey) and value is not None:
                    linked = model_field.related_model._base_manager.get(pk=value)
                    assert [f.new for f in shown if f.label == label] == [str(linked)]
    assert checked
    assert not missing, f"changes the diff does not show: {missing}"
