"""The drafts that link to an object are found by index (DraftReference, kept as drafts are
saved), not by reading every pending draft: a delete page costs the same with 1 or 50 pending
drafts, and the index follows a draft saved, saved again, discarded and published."""

import importlib

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from legislation.models import Article, Law
from publishing import services
from publishing.links import drafts_referring
from publishing.models import Draft, DraftReference
from questions.models import Question, Topic
from tests.factories import make_draft, make_law
from tests.translations.conftest import make_user
from translations.roles import EDITORS

migration = importlib.import_module("publishing.migrations.0007_draft_index_and_deleted_slugs")


def draft_article(article, n=0):
    make_draft(
        article,
        lambda: Article.objects.filter(pk=article.pk).update(text_en=f"Changed {n} {article.pk}."),
    )


def queries(call):
    with CaptureQueriesContext(connection) as captured:
        result = call()
    return len(captured), result


@pytest.mark.django_db
def test_finding_the_drafts_that_link_to_a_law_costs_the_same_with_1_or_50_drafts():
    law = make_law(articles=50, chapters=0)
    articles = list(law.articles.order_by("number"))
    draft_article(articles[0])
    drafts_referring(Law, [law])  # content types cached, as in any running process
    one, found = queries(lambda: drafts_referring(Law, [law]))
    assert [obj for obj, *_rest in found] == [articles[0]]
    for n, article in enumerate(articles[1:], start=1):
        draft_article(article, n)
    assert Draft.objects.count() == 50
    fifty, found = queries(lambda: drafts_referring(Law, [law]))
    assert fifty == one, "one query for the index, one for the drafts' objects"
    assert {obj for obj, *_rest in found} == set(articles)
    assert all(links == [(Article, "law")] and not ok for _obj, links, ok in found)


@pytest.mark.django_db
def test_a_delete_page_costs_the_same_with_1_or_50_pending_drafts():
    editor = Client()
    editor.force_login(make_user("editor", EDITORS))
    law, other = make_law(articles=3), make_law(articles=49, chapters=0)
    draft_article(law.articles.order_by("number").first())
    url = f"/en/admin/legislation/law/{law.pk}/delete/"
    editor.get(url)
    with CaptureQueriesContext(connection) as one:
        page = editor.get(url)
    assert "pending drafts link to it" in page.content.decode()
    for n, article in enumerate(other.articles.all()):
        draft_article(article, n)
    assert Draft.objects.count() == 50
    with CaptureQueriesContext(connection) as fifty:
        page = editor.get(url)
    assert "pending drafts link to it" in page.content.decode()
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]
    assert not any("serialized_data" in q["sql"] for q in fifty.captured_queries)


def drafts_linking(topic):
    return [(obj, links, ok) for obj, links, ok in drafts_referring(Topic, [topic])]


def with_topic(question, topic):
    make_draft(question, lambda: question.topics.add(topic))


def test_the_index_follows_a_draft_saved_discarded_and_published(seeded):
    question = Question.objects.published().order_by("pk").first()
    topic = Topic.objects.exclude(questions=question).order_by("pk").first()
    assert drafts_linking(topic) == []

    with_topic(question, topic)  # saved
    assert drafts_linking(topic) == [(question, [(Question, "topics")], True)]
    make_draft(question, lambda: question.topics.remove(topic))  # saved again, without it
    assert drafts_linking(topic) == []
    with_topic(question, topic)
    services.discard_draft(question, user=None)
    assert drafts_linking(topic) == []
    assert not DraftReference.objects.exists(), "a discarded draft's index goes with it"

    with_topic(question, topic)
    services.publish(question, user=None)
    assert drafts_linking(topic) == [], "published: the live row links to it now"
    assert question.topics.filter(pk=topic.pk).exists()
    assert not DraftReference.objects.exists()


def test_the_index_knows_the_slug_a_draft_gives_its_object(seeded):
    question = Question.objects.published().order_by("pk").first()
    make_draft(question, lambda: Question.objects.filter(pk=question.pk).update(slug="new-4720"))
    assert services.draft_of(question).slug == "new-4720"


def test_the_migration_indexes_the_drafts_pending_before_it(seeded):
    question = Question.objects.published().order_by("pk").first()
    topic = Topic.objects.exclude(questions=question).order_by("pk").first()
    make_draft(
        question,
        lambda: (
            question.topics.add(topic),
            Question.objects.filter(pk=question.pk).update(slug="new-4721"),
        ),
    )
    expected = set(DraftReference.objects.values_list("referrer_type", "field", "target_id"))
    DraftReference.objects.all().delete()  # as before the migration
    Draft.objects.update(slug="")

    migration.index_drafts(apps, None)

    assert services.draft_of(question).slug == "new-4721"
    assert set(DraftReference.objects.values_list("referrer_type", "field", "target_id")) == (
        expected
    )
    assert drafts_linking(topic) == [(question, [(Question, "topics")], True)]
