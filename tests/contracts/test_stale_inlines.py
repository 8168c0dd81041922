"""A stale form's inline rows, for every inline of every kind of publishing.registry (its
admin's inlines): generated, so a kind or an inline added later is covered at once.

- a row this editor deletes that the other editor changed since is a conflict shown in the
  row (their changes beside the delete), never deleted silently; "keep theirs" keeps the row
  with their change, "delete it" deletes it;
- a row both editors deleted stays deleted, and the other fields of the form are saved;
- a row each editor changed in a different field keeps both changes (merged per field).

A kind whose seed object has no row of an inline fails with a message saying so.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import models

from publishing import registry as kinds_registry
from publishing import services, versioning
from publishing.deletion import blocking_guards
from tests.cards.test_admin import form_data
from translations import registry
from translations.roles import EDITORS

from .test_admin_rules import change_url, client_for, drafted_kind, first_field

MACHINE = getattr(settings, "MACHINE_CONVERSION", {})

INLINES = [
    pytest.param(kind, inline, id=f"{kind.name}-{inline.model._meta.model_name}")
    for kind in kinds_registry.kinds()
    for inline in admin.site.get_model_admin(kind.model).inlines
]


def prefix_of(kind, inline):
    """The inline formset's prefix (Django's default: the relation's accessor name)."""
    fk = next(
        f
        for f in inline.model._meta.fields
        if f.is_relation and f.related_model is kind.model and f.name == (inline.fk_name or f.name)
    )
    return fk.remote_field.get_accessor_name()


def with_a_row(kind, inline):
    """(a public object of the seed, a row of it in the inline that no other content links
    to, so that it can be deleted)."""
    accessor = prefix_of(kind, inline)
    having = kind.public_queryset().filter(**{f"{accessor}__isnull": False}).distinct()
    for obj in having.order_by("pk")[:50]:
        rows = getattr(obj, accessor).order_by("pk")
        row = next((r for r in rows if not blocking_guards(inline.model, [r])), None)
        if row is not None:
            return obj, row
    pytest.fail(
        f"{kind}: no public {kind} of the seed has a {inline.model._meta.verbose_name} row "
        "that can be deleted: the stale-row contract needs one"
    )


def translated(model):
    return registry.translated_fields(model) if registry.is_translated(model) else []


def index_of(data, prefix, row):
    pk_name = type(row)._meta.pk.name
    return next(
        key.split("-")[-2]
        for key, value in data.items()
        if key.startswith(f"{prefix}-") and key.endswith(f"-{pk_name}") and value == str(row.pk)
    )


def changes_of(kind, inline, row, data, key, how=0):
    """{form key: new value}: a change of one field of the row (the `how`-th the row has),
    whatever the field's type. None when the row has no such field."""
    model = inline.model
    candidates = []
    # Typed languages (not those converted by machine from the source), then the source.
    typed = [lang for lang in registry.target_languages() if lang not in MACHINE]
    for name in translated(model):
        for lang in (*typed, registry.SOURCE_LANGUAGE):
            candidates.append((registry.column(name, lang), "text"))
    for model_field in model._meta.concrete_fields:
        if model_field.primary_key or model_field.name in translated(model):
            continue
        if getattr(model_field, "translated_field", None) is not None:
            continue
        if isinstance(model_field, models.ForeignKey) and model_field.related_model is kind.model:
            continue
        candidates.append((model_field.name, model_field))
    found = []
    for name, model_field in candidates:
        form_key = f"{key}-{name}"
        if form_key not in data:
            continue
        value = data[form_key]
        if model_field == "text":
            if value:
                found.append({form_key: f"{value} (4740 {how})"})
        elif isinstance(model_field, models.DateField) and value:
            # Either admin's format: "2012-12-28", or the Chinese admin's "2012/12/28".
            day = datetime.date.fromisoformat(value.replace("/", "-"))
            day += datetime.timedelta(days=how + 1)
            found.append({form_key: day.isoformat()})
        elif isinstance(model_field, models.ForeignKey):
            used = {v for k, v in data.items() if k.endswith(f"-{name}")}
            other = (
                model_field.related_model._default_manager.exclude(pk__in=[u for u in used if u])
                .order_by("pk")
                .first()
            )
            if other is not None:
                found.append({form_key: str(other.pk)})
        elif isinstance(model_field, models.IntegerField) and model_field.null and value:
            found.append({form_key: ""})  # an optional number (a paragraph) left out
        elif isinstance(model_field, models.IntegerField) and value.isdigit():
            found.append({form_key: str(int(value) + 10 + how)})
    return found[how] if len(found) > how else None


def shown(value):
    """A stored value as the form posts it."""
    return "" if value is None else str(value)


def stored_row(model, pk, obj):
    originals = set(translated(model))  # read by the active language
    names = [f.attname for f in model._meta.concrete_fields if f.name not in originals]
    with services.draft_applied(obj):
        return model._base_manager.filter(pk=pk).values(*names).first()


@pytest.mark.parametrize(("kind", "inline"), INLINES)
@pytest.mark.parametrize("choice", ["theirs", "yours"])
def test_deleting_a_row_the_other_editor_changed_asks_which_to_keep(kind, inline, choice, seeded):
    drafted_kind(kind)
    obj, row = with_a_row(kind, inline)
    prefix = prefix_of(kind, inline)
    url = change_url(obj)
    bob, alice = client_for("bob", EDITORS), client_for("alice", EDITORS)
    mine, theirs = form_data(bob.get(url)), form_data(alice.get(url))
    key = f"{prefix}-{index_of(theirs, prefix, row)}"
    change = changes_of(kind, inline, row, theirs, key)
    assert change, f"{kind}: nothing to change in a {inline.model._meta.verbose_name} row"
    response = alice.post(url, {**theirs, **change})
    assert response.status_code == 302, response.content.decode()[:3000]

    mine[f"{key}-DELETE"] = "on"
    refused = bob.post(url, mine)
    assert refused.status_code == 200
    text = refused.content.decode()
    assert "you deleted a row they changed since" in text
    assert f'name="_merge_{key}-DELETE"' in text, "the choice is in the row"
    assert stored_row(inline.model, row.pk, obj) is not None

    again = form_data(refused)
    again[f"_merge_{key}-DELETE"] = choice
    response = bob.post(url, again)
    after = stored_row(inline.model, row.pk, obj)
    if choice == "theirs":
        assert response.status_code == 302, response.content.decode()[:3000]
        assert after is not None, "kept"
        ((form_key, value),) = change.items()
        name = form_key.removeprefix(f"{key}-")
        field = inline.model._meta.get_field(name)
        assert shown(after[field.attname]) == value, "with their change"
    elif response.status_code == 302:
        assert after is None, "deleted, as chosen"
    else:  # the delete itself is refused by the inline's own rule (at least two card types)
        assert f'name="_merge_{key}-DELETE"' not in response.content.decode(), "chosen"
        assert after is not None


@pytest.mark.parametrize(("kind", "inline"), INLINES)
def test_a_row_both_editors_deleted_stays_deleted(kind, inline, seeded):
    drafted_kind(kind)
    obj, row = with_a_row(kind, inline)
    prefix = prefix_of(kind, inline)
    url = change_url(obj)
    bob, alice = client_for("bob", EDITORS), client_for("alice", EDITORS)
    mine, theirs = form_data(bob.get(url)), form_data(alice.get(url))
    theirs[f"{prefix}-{index_of(theirs, prefix, row)}-DELETE"] = "on"
    response = alice.post(url, theirs)
    if response.status_code != 302:  # the inline's own rule refuses the delete itself
        assert stored_row(inline.model, row.pk, obj) is not None
        return
    mine[f"{prefix}-{index_of(mine, prefix, row)}-DELETE"] = "on"
    column = registry.column(first_field(kind), registry.SOURCE_LANGUAGE)
    mine[column] = "鲍勃 4741"
    refused = bob.post(url, mine)
    assert refused.status_code == 200
    assert "alice deleted a row below the form" in refused.content.decode()
    response = bob.post(url, form_data(refused))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert stored_row(inline.model, row.pk, obj) is None
    with services.draft_applied(obj):
        assert getattr(type(obj)._base_manager.get(pk=obj.pk), column) == "鲍勃 4741"


@pytest.mark.parametrize(("kind", "inline"), INLINES)
def test_a_row_changed_by_each_editor_in_another_field_keeps_both(kind, inline, seeded):
    drafted_kind(kind)
    obj, row = with_a_row(kind, inline)
    prefix = prefix_of(kind, inline)
    url = change_url(obj)
    bob, alice = client_for("bob", EDITORS), client_for("alice", EDITORS)
    mine, theirs = form_data(bob.get(url)), form_data(alice.get(url))
    key = f"{prefix}-{index_of(theirs, prefix, row)}"
    their_change = changes_of(kind, inline, row, theirs, key, 0)
    my_change = changes_of(kind, inline, row, mine, key, 1)
    if my_change is None:
        # One field only (a citation's article): a change by both is the side-by-side case.
        pytest.skip(f"a {inline.model._meta.verbose_name} row has one editable field")
    response = alice.post(url, {**theirs, **their_change})
    assert response.status_code == 302, response.content.decode()[:3000]
    refused = bob.post(url, {**mine, **my_change})
    assert refused.status_code == 200
    again = form_data(refused)
    assert "_merge_" not in "".join(again), "no field was changed by both"
    response = bob.post(url, again)
    assert response.status_code == 302, response.content.decode()[:3000]
    after = stored_row(inline.model, row.pk, obj)
    for form_key, value in {**their_change, **my_change}.items():
        field = inline.model._meta.get_field(form_key.removeprefix(f"{key}-"))
        assert shown(after[field.attname]) == value, form_key


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
@pytest.mark.parametrize(("kind", "inline"), INLINES)
def test_the_refusal_names_their_row_in_the_admins_language_and_punctuation(
    kind, inline, lang, seeded
):
    """Alice changes a row in the other language's admin; Bob's refusal names that row in his
    admin's language, with its list and clause marks, and speaks of texts kept inside a row
    (a point's per-card texts) only where the row's form has them."""
    from django.utils import translation

    from tests.publishing.test_stale_message_text import OTHER, refusal

    drafted_kind(kind)
    obj, row = with_a_row(kind, inline)
    prefix = prefix_of(kind, inline)
    mine_url, their_url = change_url(obj), change_url(obj)
    mine_url = mine_url.replace("/en/", f"/{lang}/", 1)
    their_url = their_url.replace("/en/", f"/{OTHER[lang]}/", 1)
    bob, alice = client_for("bob", EDITORS), client_for("alice", EDITORS)
    mine, theirs = form_data(bob.get(mine_url)), form_data(alice.get(their_url))
    key = f"{prefix}-{index_of(theirs, prefix, row)}"
    their_change = changes_of(kind, inline, row, theirs, key, 0)
    assert their_change, f"no field of a {inline.model._meta.verbose_name} row to change"
    response = alice.post(their_url, {**theirs, **their_change})
    assert response.status_code == 302, response.content.decode()[:3000]
    mine[registry.column(first_field(kind), registry.SOURCE_LANGUAGE)] = "鲍勃 4753"
    text = refusal(bob.post(mine_url, mine))
    with translation.override(lang), services.draft_applied(obj):
        name = str(inline.model._base_manager.get(pk=row.pk))
        texts = [str(m._meta.verbose_name_plural) for m in versioning.models_within(inline.model)]
    assert name in text, text
    if lang == "zh-hans":
        assert ", " not in text and "; " not in text, text
    has_texts = any(re.match(rf"{re.escape(key)}-card_\d+_text_", k) for k in mine)
    assert bool(texts) == has_texts
    for nested in texts:
        assert nested in text
