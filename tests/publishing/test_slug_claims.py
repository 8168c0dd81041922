"""A slug is one object's: not another's old slug, not the current slug of a deleted object
(it can be recovered with its addresses), not the slug a pending draft of another object is to
take; and a draft whose slug was taken meanwhile is refused at publish with that reason, once."""

import pytest
from django.test import Client

from publishing import services
from questions.models import Question
from tests.cards.test_admin import form_data
from tests.factories import make_draft
from tests.translations.conftest import make_user
from translations.roles import EDITORS

CHANGE = "/en/admin/questions/question/{}/change/"


@pytest.fixture
def editor_client(seeded):
    client = Client()
    client.force_login(make_user("editor", EDITORS))
    return client


def unreferenced_questions():
    referred = Question.related_questions.through.objects.values("to_question_id")
    return Question.objects.published().exclude(pk__in=referred).order_by("pk")


def draft_with_slug(question, slug):
    make_draft(question, lambda: Question.objects.filter(pk=question.pk).update(slug=slug))


def test_a_slug_another_draft_claims_is_refused_at_draft_save(editor_client):
    first, second = Question.objects.published().order_by("pk")[:2]
    draft_with_slug(first, "pend-x")
    url = CHANGE.format(second.pk)
    response = editor_client.post(url, {**form_data(editor_client.get(url)), "slug": "pend-x"})
    assert response.status_code == 200
    text = response.content.decode()
    assert text.count("the new slug in the draft of") == 1 and str(first) in text
    assert services.draft_of(second) is None


def test_a_draft_whose_slug_was_taken_meanwhile_is_refused_once_with_that_reason(editor_client):
    first, second = Question.objects.published().order_by("pk")[:2]
    draft_with_slug(first, "pend-x")
    draft_with_slug(second, "pend-x")  # saved before the check existed, or by a script
    services.publish(second, user=None)
    url = f"/en/admin/questions/question/{first.pk}/publish/"
    page = editor_client.get(url, follow=True)
    text = page.content.decode()
    assert text.count("pend-x") >= 1
    assert "is taken by" in text and str(Question.objects.get(pk=second.pk)) in text
    assert "may have been deleted" not in text
    assert text.count("is taken by") == 1
    assert services.draft_of(first) is not None  # kept, for the editor to change or discard


def test_a_deleted_objects_current_slug_is_reserved(editor_client):
    gone, other = unreferenced_questions()[:2]
    slug = gone.slug
    gone.delete()
    url = CHANGE.format(other.pk)
    response = editor_client.post(url, {**form_data(editor_client.get(url)), "slug": slug})
    assert response.status_code == 200
    assert "deleted, it can be recovered" in response.content.decode()
