"""A deleted object's slug is reserved in the old-slug table at delete time (it can be
recovered with its addresses) and released when it is recovered: validating a slug is one
indexed query, never a search of the history's stored text."""

import importlib

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from publishing.models import OldSlug
from publishing.redirects import check_old_slug
from questions.models import Question
from tests.translations.conftest import make_user
from translations.roles import EDITORS

migration = importlib.import_module("publishing.migrations.0007_draft_index_and_deleted_slugs")
ADMIN = "/en/admin/questions/question/"
WORDS = {
    "en": "its addresses are kept for its recovery. Choose another slug.",
    "zh-hans": "它的网址为恢复而保留。请换一个网址标识。",
}


@pytest.fixture
def editor(seeded):
    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


def unreferenced_question():
    referred = Question.related_questions.through.objects.values("to_question_id")
    return Question.objects.published().exclude(pk__in=referred).order_by("pk").first()


def new_question(slug):
    other = Question.objects.order_by("pk").first()
    return Question(**{**_copy(other), "slug": slug})


def _copy(obj):
    return {
        field.attname: getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
        if not field.primary_key
    }


def refusal(obj, lang):
    with translation.override(lang):
        with pytest.raises(ValidationError) as refused:
            obj.full_clean()
        return " ".join(refused.value.message_dict["slug"])


@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_deleted_objects_slug_is_refused_to_a_new_object_until_it_is_recovered(editor, lang):
    gone = unreferenced_question()
    with translation.override("en"):  # named as the editor's admin (in English) shows it
        slug, name = gone.slug, str(gone)
    assert editor.post(f"{ADMIN}{gone.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Question.objects.filter(pk=gone.pk).exists()
    reserved = OldSlug.objects.get(slug=slug)
    assert (reserved.reason, reserved.deleted_as) == (OldSlug.Reason.DELETED, name)

    message = refusal(new_question(slug), lang)
    assert slug in message and name in message and WORDS[lang] in message, message

    response = editor.post(f"{ADMIN}recover/{gone.pk}/", follow=True)
    assert "Recovered" in response.content.decode()
    recovered = Question.objects.get(pk=gone.pk)
    assert recovered.slug == slug
    assert not OldSlug.objects.filter(slug=slug).exists(), "released: its own slug again"
    recovered.full_clean()
    # Now a live object's slug, refused as any other.
    with translation.override(lang), pytest.raises(ValidationError) as refused:
        new_question(slug).full_clean()
    assert WORDS[lang] not in str(refused.value)


def test_a_deleted_objects_old_slugs_stay_reserved_named_as_it_was(editor):
    gone = unreferenced_question()
    OldSlug.objects.record(gone, "its-old-slug-4722")
    name = str(gone)
    gone.delete()
    message = refusal(new_question("its-old-slug-4722"), "en")
    assert f"{name} (deleted, it can be recovered)" in message, message


def test_validating_a_slug_is_one_indexed_query(editor):
    gone = unreferenced_question()
    slug = gone.slug
    gone.delete()
    candidate = new_question("a-free-slug-4723")
    ContentType.objects.get_for_model(Question)  # cached, as in any running process
    for value, refused in (("a-free-slug-4723", False), (slug, True)):
        with CaptureQueriesContext(connection) as captured:
            try:
                check_old_slug(Question, value, candidate.pk)
            except ValidationError:
                assert refused
            else:
                assert not refused
        assert len(captured) == 1, [q["sql"] for q in captured.captured_queries]
        sql = captured.captured_queries[0]["sql"]
        assert "reversion_version" not in sql and "serialized_data" not in sql, sql


def test_the_migration_reserves_the_slugs_of_objects_deleted_before_it(editor):
    gone = unreferenced_question()
    slug, pk = gone.slug, gone.pk
    OldSlug.objects.record(gone, "older-4724")
    gone.delete()
    OldSlug.objects.all().delete()  # as before the migration: only the history knew
    OldSlug.objects.create(
        content_type=ContentType.objects.get_for_model(Question), object_id=pk, slug="older-4724"
    )

    migration.reserve_deleted_slugs(apps, None)

    reserved = OldSlug.objects.get(slug=slug)
    assert (reserved.object_id, reserved.reason) == (pk, OldSlug.Reason.DELETED)
    assert reserved.deleted_as, "named as its history last named it"
    assert OldSlug.objects.get(slug="older-4724").deleted_as == reserved.deleted_as
    assert WORDS["en"] in refusal(new_question(slug), "en")
