"""Every admin of the site, now and later: an autocomplete field shows a forged value as an
invalid choice (not a 500), so does every choice of a related object in a content admin and
its inlines (also an id too large for the database: SQLite raised OverflowError), and every
inline of a content admin is bounded (a forged TOTAL_FORMS is refused, not rendered 2000
times)."""

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin
from django.core.exceptions import ValidationError
from django.forms import ModelMultipleChoiceField
from django.test import RequestFactory

from publishing.adminparts import SafeAutocompleteSelect, SafeAutocompleteSelectMultiple
from tests.translations.conftest import make_user
from translations.contentadmin import ContentAdmin
from translations.roles import EDITORS


@pytest.fixture
def editor_request(seeded):
    request = RequestFactory().get("/en/admin/")
    request.user = make_user("editor", EDITORS)
    return request


def admins_with_inlines(request):
    for model_admin in admin.site._registry.values():
        yield model_admin, model_admin
        for inline in model_admin.get_inline_instances(request):
            yield model_admin, inline


def test_every_autocomplete_field_of_every_admin_is_safe_from_forged_values(editor_request):
    checked = []
    for _owner, model_admin in admins_with_inlines(editor_request):
        for name in model_admin.get_autocomplete_fields(editor_request):
            field = model_admin.model._meta.get_field(name)
            formfield = model_admin.formfield_for_dbfield(field, editor_request)
            widget = getattr(formfield.widget, "widget", formfield.widget)
            assert isinstance(widget, AutocompleteMixin)
            assert isinstance(widget, SafeAutocompleteSelect | SafeAutocompleteSelectMultiple), (
                f"{type(model_admin).__name__}.{name}: use publishing.adminparts.SafeAutocomplete"
            )
            checked.append(name)
    assert {"article", "related_questions", "law"} <= set(checked)


# Larger than any integer column of any database (SQLite's and PostgreSQL's are 64-bit).
HUGE = "99999999999999999999999"


def refuses(formfield, value):
    """The form field's error for `value` (a forged choice), which must be an invalid choice."""
    multiple = isinstance(formfield, ModelMultipleChoiceField)
    with pytest.raises(ValidationError) as refused:
        formfield.clean([value] if multiple else value)
    assert refused.value.code in ("invalid_choice", "invalid_pk_value"), refused.value
    # Shown again, the widget lists the valid choices only (no query with the forged value).
    formfield.widget.render("field", [value] if multiple else value)
    return refused.value


@pytest.mark.parametrize("value", ["abc", HUGE, "-" + HUGE])
def test_a_forged_autocomplete_value_is_an_invalid_choice(editor_request, value):
    checked = 0
    for _owner, model_admin in admins_with_inlines(editor_request):
        for name in model_admin.get_autocomplete_fields(editor_request):
            field = model_admin.model._meta.get_field(name)
            refuses(model_admin.formfield_for_dbfield(field, editor_request), value)
            checked += 1
    assert checked >= 5


def content_admins_with_inlines(request):
    for model_admin in admin.site._registry.values():
        if isinstance(model_admin, ContentAdmin):
            yield model_admin
            yield from model_admin.get_inline_instances(request)


def test_every_related_choice_of_a_content_admin_refuses_an_id_out_of_range(editor_request):
    checked = []
    for model_admin in content_admins_with_inlines(editor_request):
        for field in model_admin.model._meta.get_fields():
            if not (field.concrete or field.many_to_many) or not field.is_relation:
                continue
            if getattr(field, "auto_created", False) and not field.concrete:
                continue
            formfield = model_admin.formfield_for_dbfield(field, editor_request)
            if formfield is None or not hasattr(formfield, "queryset"):
                continue
            refuses(formfield, HUGE)
            checked.append(f"{model_admin.model.__name__}.{field.name}")
    assert {"QuestionLegalBasis.article", "Question.related_questions"} <= set(checked), checked


def test_every_inline_of_a_content_admin_is_bounded(editor_request):
    bounded = 0
    for model_admin in admin.site._registry.values():
        if not isinstance(model_admin, ContentAdmin):
            continue
        for formset_class, inline in model_admin.get_formsets_with_inlines(editor_request):
            assert formset_class.validate_max, inline
            assert formset_class.absolute_max == formset_class.max_num <= 300, inline
            bounded += 1
    assert bounded >= 5
