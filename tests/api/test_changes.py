"""The change feed: publish, edit and withdraw show up; drafts never do; cursors page on."""

import datetime

import pytest
from django.utils import timezone

from api.models import Change
from cards.models import CardType, Comparison, ComparisonPoint, PointText
from legislation.models import Article
from tests.api.conftest import invalid_parameters
from tests.factories import make_card_type, make_comparison, make_law


def feed(client, since=None):
    url = "/api/v1/changes/" + (f"?since={since}" if since else "")
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


def events(data, type_=None):
    return [(c["type"], c["id"], c["kind"]) for c in data["results"] if c["type"] == type_]


@pytest.mark.django_db
def test_publish_edit_and_withdraw_of_a_comparison(client):
    comparison = make_comparison(is_published=False, points=2)
    start = feed(client)["cursor"]
    assert events(feed(client), "comparison") == []  # a draft, and its edits, are invisible

    comparison.is_published = True
    comparison.save()
    data = feed(client, start)
    assert events(data, "comparison") == [("comparison", comparison.slug, "published")]
    change = next(c for c in data["results"] if c["type"] == "comparison")
    assert change["url"] == f"http://testserver/api/v1/comparisons/{comparison.slug}/"
    cursor = data["cursor"]

    assert events(feed(client, cursor), "comparison") == []  # nothing new since
    text = PointText.objects.filter(point__comparison=comparison).first()
    text.text_en = "Edited."
    text.save()
    data = feed(client, cursor)
    assert events(data, "comparison") == [("comparison", comparison.slug, "changed")]

    cursor = data["cursor"]
    comparison.is_published = False  # unpublished: withdrawn
    comparison.save()
    assert events(feed(client, cursor), "comparison") == [
        ("comparison", comparison.slug, "withdrawn")
    ]


@pytest.mark.django_db
def test_an_edit_of_a_published_object_is_one_changed_event(client):
    comparison = make_comparison(points=3)
    cursor = feed(client)["cursor"]
    comparison.title_en = "New title"
    comparison.save()
    for point in ComparisonPoint.objects.filter(comparison=comparison):
        point.heading_en = "New"
        point.save()
    data = feed(client, cursor)
    assert events(data, "comparison") == [("comparison", comparison.slug, "changed")]
    # The card types list their comparisons' titles: they changed too.
    assert {e[1] for e in events(data, "card-type")} == {
        card.slug for card in comparison.card_types.all()
    }


@pytest.mark.django_db
def test_deleting_and_renaming_withdraw_the_old_identifier(client):
    comparison = make_comparison()
    old = comparison.slug
    cursor = feed(client)["cursor"]
    comparison.slug = "renamed"
    comparison.save()
    data = feed(client, cursor)
    assert events(data, "comparison") == [
        ("comparison", old, "withdrawn"),
        ("comparison", "renamed", "published"),
    ]
    cursor = data["cursor"]
    Comparison.objects.get(slug="renamed").delete()
    assert events(feed(client, cursor), "comparison")[-1] == ("comparison", "renamed", "withdrawn")


@pytest.mark.django_db
def test_statute_edits_reach_the_articles_and_the_comparisons_citing_them(client):
    law = make_law(articles=3)
    comparison = make_comparison(cite=law.articles.filter(number=2))
    cursor = feed(client)["cursor"]
    article = Article.objects.get(law=law, number=2)
    article.text_en = "Amended."
    article.save()
    data = feed(client, cursor)
    assert events(data, "article") == [("article", f"{law.slug}/2", "changed")]
    assert next(c for c in data["results"] if c["type"] == "article")["url"].endswith(
        f"/api/v1/laws/{law.slug}/articles/2/"
    )
    assert events(data, "comparison") == [("comparison", comparison.slug, "changed")]

    cursor = data["cursor"]
    Article.objects.get(law=law, number=3).delete()
    assert events(feed(client, cursor), "article") == [("article", f"{law.slug}/3", "withdrawn")]

    cursor = feed(client)["cursor"]
    comparison.legal_basis.add(Article.objects.get(law=law, number=1))
    assert events(feed(client, cursor), "comparison") == [
        ("comparison", comparison.slug, "changed")
    ]


@pytest.mark.django_db
def test_card_type_changes(client):
    cursor = feed(client)["cursor"]
    card = make_card_type()
    assert events(feed(client, cursor), "card-type") == [("card-type", card.slug, "published")]
    cursor = feed(client)["cursor"]
    CardType.objects.get(pk=card.pk).delete()
    assert events(feed(client, cursor), "card-type") == [("card-type", card.slug, "withdrawn")]


@pytest.mark.django_db
def test_scheduled_publication_and_withdrawal_appear_when_their_time_comes(client):
    later = timezone.now() + datetime.timedelta(days=1)
    comparison = make_comparison(publish_at=later)
    assert events(feed(client), "comparison") == []
    scheduled = Change.objects.get(object_key=comparison.slug)
    assert scheduled.kind == "published" and scheduled.happened_at == later
    comparison.is_published = False  # cancelled before the time: nothing ever appears
    comparison.save()
    assert not Change.objects.filter(object_key=comparison.slug).exists()

    shown = make_comparison(unpublish_at=later)
    kinds = Change.objects.filter(object_key=shown.slug).values_list("kind", "happened_at")
    assert sorted(kinds, key=lambda k: k[1])[-1] == ("withdrawn", later)
    assert events(feed(client), "comparison")[0] == ("comparison", shown.slug, "published")
    assert ("comparison", shown.slug, "withdrawn") not in events(feed(client), "comparison")


@pytest.mark.django_db
def test_since_accepts_times_and_rejects_nonsense(client):
    make_comparison()
    past = feed(client, "2000-01-01T00:00:00Z")["results"]
    assert past and past == feed(client)["results"]
    assert feed(client, "2999-01-01T00:00:00%2B08:00")["results"] == []
    assert feed(client, "2999-01-01T00:00:00")["results"] == []  # naive: Beijing time
    for bad in ["yesterday", "c12", "c1_x", "2026-13-01T00:00:00Z", "c" + "9" * 40 + "_1"]:
        response = client.get(f"/api/v1/changes/?since={bad}", headers={"accept-language": "en"})
        assert response.status_code == 400, bad
        assert "since" in invalid_parameters(response)


@pytest.mark.django_db
def test_the_feed_pages_with_its_cursor(client, settings):
    law = make_law(articles=0, chapters=0)
    Change.objects.all().delete()
    now = timezone.now()
    Change.objects.bulk_create(
        Change(object_type="law", object_key=law.slug, kind="changed", happened_at=now)
        for _ in range(150)
    )
    first = feed(client)
    assert len(first["results"]) == 100 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 50 and second["next"] is None
    assert feed(client, second["cursor"])["results"] == []


@pytest.mark.django_db
def test_a_draft_is_not_in_the_feed_until_published(admin_client, client):
    from publishing import services
    from tests.cards.test_admin import form_data

    card = make_card_type(slug="old-name")
    cursor = feed(client)["cursor"]
    url = f"/en/admin/cards/cardtype/{card.pk}/change/"
    response = admin_client.post(url, {**form_data(admin_client.get(url)), "slug": "new-name"})
    assert response.status_code == 302
    assert events(feed(client, cursor), "card-type") == []  # a draft: visitors see no change
    services.publish(CardType.objects.get(pk=card.pk), user=None)
    assert events(feed(client, cursor), "card-type")[:2] == [
        ("card-type", "old-name", "withdrawn"),
        ("card-type", "new-name", "published"),
    ]
