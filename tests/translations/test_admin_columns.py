"""The content admins' language columns come from the registry, not from names written by
hand: one list column per language (source first, linked) and the slug prefilled in the
browser from MODELTRANSLATION_PREPOPULATE_LANGUAGE's column (slugs are ASCII)."""

import pytest
from django.conf import settings
from django.contrib import admin

from cards.models import CardType, Comparison
from guide.models import Task
from legislation.models import Law
from translations.registry import SOURCE_LANGUAGE, languages

LISTED = [
    (CardType, "name", "name"),
    (Comparison, "title", "title"),
    (Law, "title", "short_title"),
    (Task, "question", "question"),
]


@pytest.mark.parametrize(
    ("model", "listed", "slug_from"), LISTED, ids=lambda v: getattr(v, "__name__", v)
)
def test_list_has_one_column_per_language_and_the_slug_follows_one_language(
    model, listed, slug_from
):
    model_admin = admin.site.get_model_admin(model)
    columns = [f"{listed}_{code.replace('-', '_')}" for code in languages()]
    assert list(model_admin.list_display[: len(columns)]) == columns
    assert list(model_admin.list_display_links) == [columns[0]]
    assert columns[0].endswith(SOURCE_LANGUAGE.replace("-", "_"))
    prepopulate = settings.MODELTRANSLATION_PREPOPULATE_LANGUAGE.replace("-", "_")
    assert dict(model_admin.prepopulated_fields) == {"slug": (f"{slug_from}_{prepopulate}",)}


def test_the_add_form_prefills_the_slug_from_that_column(admin_client, db):
    response = admin_client.get("/en/admin/cards/cardtype/add/")
    prefill = response.context["adminform"].prepopulated_fields
    prepopulate = settings.MODELTRANSLATION_PREPOPULATE_LANGUAGE.replace("-", "_")
    assert [(p["field"].name, [d.name for d in p["dependencies"]]) for p in prefill] == [
        ("slug", [f"name_{prepopulate}"])
    ]
