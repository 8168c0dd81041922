"""Each endpoint runs the same number of queries for 5 and for 500 objects."""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from api import conditional
from api.models import Change
from cards.models import CardType
from legislation.models import Chapter, Section
from publishing.content import content_version
from tests.factories import make_card_type, make_comparison, make_law


def count(client, url):
    # The publication schedule behind the ETag is read once per content version and process
    # (api.conditional, tested in test_conditional.py), not per request: read it first.
    conditional.last_change(content_version())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url + ("&" if "?" in url else "?") + "lang=en")
    assert response.status_code == 200, (url, response.content[:200])
    return len(queries)


def counts(client, build, url):
    """Queries of `url` after build(5) and after build(500) (both in one database)."""
    result = []
    for size in (5, 500):
        result.append(count(client, url(build(size))))
    return result


@pytest.mark.django_db
def test_comparison_detail(client):
    def build(size):
        law = make_law(articles=size)
        return make_comparison(points=size, cite=law.articles.all())

    small, large = counts(client, build, lambda c: f"/api/v1/comparisons/{c.slug}/")
    assert small == large <= 6


@pytest.mark.django_db
def test_comparison_and_card_type_lists(client):
    batch = itertools.count()

    def build(size):
        n = next(batch)
        cards = [make_card_type() for _ in range(2)]
        for _ in range(size // 5):
            make_comparison(card_types=cards, points=0)
        CardType.objects.bulk_create(
            CardType(slug=f"bulk-{n}-{i}", name_zh_hans="卡", summary_zh_hans="卡")
            for i in range(size)
        )
        return cards[0]

    for url in (lambda card: "/api/v1/comparisons/", lambda card: "/api/v1/card-types/"):
        small, large = counts(client, build, url)
        assert small == large <= 4
    small, large = counts(client, build, lambda card: f"/api/v1/card-types/{card.slug}/")
    assert small == large <= 2


@pytest.mark.django_db
def test_laws_and_articles(client):
    def build(size):
        law = make_law(articles=size, chapters=0)
        chapters = Chapter.objects.bulk_create(
            Chapter(law=law, number=i, title_zh_hans=f"章{i}") for i in range(1, size + 1)
        )
        Section.objects.bulk_create(
            Section(law=law, chapter=chapter, number=1, title_zh_hans="节") for chapter in chapters
        )
        for _ in range(size // 50):
            make_law(articles=0, chapters=1)
        return law

    for url, ceiling in [
        (lambda law: "/api/v1/laws/", 4),
        (lambda law: f"/api/v1/laws/{law.slug}/", 3),
        (lambda law: f"/api/v1/laws/{law.slug}/articles/", 3),
        (lambda law: f"/api/v1/laws/{law.slug}/articles/?date=2020-01-01", 3),
        (lambda law: f"/api/v1/laws/{law.slug}/articles/3/?date=2020-01-01", 2),
    ]:
        small, large = counts(client, build, url)
        assert small == large <= ceiling


@pytest.mark.django_db
def test_changes(client):
    def build(size):
        law = make_law(articles=0, chapters=0)
        Change.objects.bulk_create(
            Change(object_type="law", object_key=law.slug, kind="changed", happened_at=law_time)
            for _ in range(size)
        )
        return law

    from django.utils import timezone

    law_time = timezone.now()
    small, large = counts(client, build, lambda law: "/api/v1/changes/")
    assert small == large <= 1
