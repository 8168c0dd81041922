"""Every admin of the site, now and later: an autocomplete field shows a forged value as an
invalid choice (not a 500), and every inline of a content admin is bounded (a forged
TOTAL_FORMS is refused, not rendered 2000 times)."""

import pytest
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteMixin
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
