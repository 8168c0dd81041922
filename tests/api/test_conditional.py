"""Cheap to poll: strong ETags and Last-Modified derived from what the answer shows, 304
answers; an edit or a scheduled publication changes them, the clock alone does not."""

import datetime

import pytest
from django.utils import timezone
from django.utils.http import http_date

from cards.models import ComparisonPoint
from tests.factories import make_comparison

URL = "/api/v1/comparisons/{}/"


@pytest.fixture
def clock(monkeypatch):
    """Moves the clock that publication windows and validators read."""
    start = timezone.now()

    def move(**delta):
        moment = start + datetime.timedelta(**delta)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return move


def test_validators_stay_while_nothing_changes(client, db, clock):
    # A consumer polling every few hours gets 304s; Last-Modified does not move either.
    comparison = make_comparison()
    first = client.get(URL.format(comparison.slug))
    for later in (61, 3600 * 5):
        clock(seconds=later)
        again = client.get(URL.format(comparison.slug))
        assert again["ETag"] == first["ETag"]
        assert again["Last-Modified"] == first["Last-Modified"]
        conditional = client.get(
            URL.format(comparison.slug), headers={"if-none-match": first["ETag"]}
        )
        assert conditional.status_code == 304


def test_a_scheduled_publication_changes_the_validators_when_it_comes(client, db, clock):
    # No write happens when a publication window opens: the validators see it all the same.
    soon = timezone.now() + datetime.timedelta(hours=1)
    make_comparison(publish_at=soon)
    before = client.get("/api/v1/comparisons/")
    assert before.json()["count"] == 0
    clock(minutes=30)
    assert client.get("/api/v1/comparisons/")["ETag"] == before["ETag"]
    clock(hours=2)
    after = client.get("/api/v1/comparisons/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and after.json()["count"] == 1
    assert after["ETag"] != before["ETag"]
    assert after["Last-Modified"] == http_date(soon.timestamp())


@pytest.mark.parametrize("query", ["?page=abc", "?page=", "?page=0", "?lang=xx", "?page=last"])
def test_parameters_are_validated_before_a_304(client, db, query):
    make_comparison()
    response = client.get("/api/v1/comparisons/" + query, headers={"if-none-match": "*"})
    assert response.status_code == 400
    etag = client.get("/api/v1/comparisons/")["ETag"]
    response = client.get("/api/v1/comparisons/" + query, headers={"if-none-match": etag})
    assert response.status_code == 400


def test_if_none_match_star_is_no_304_for_what_does_not_exist(client, db):
    assert client.get(URL.format("no-such"), headers={"if-none-match": "*"}).status_code == 404
    bad_date = "/api/v1/laws/x/articles/2/?date=yesterday"
    assert client.get(bad_date, headers={"if-none-match": "*"}).status_code == 400


def test_second_request_with_if_none_match_is_a_304_without_body(client, db):
    comparison = make_comparison()
    first = client.get(URL.format(comparison.slug))
    etag = first["ETag"]
    assert first.status_code == 200 and etag.startswith('"')  # strong: no W/ prefix
    again = client.get(URL.format(comparison.slug), headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_last_modified_answers_if_modified_since(client, db):
    comparison = make_comparison()
    first = client.get(URL.format(comparison.slug))
    since = first["Last-Modified"]
    again = client.get(URL.format(comparison.slug), headers={"if-modified-since": since})
    assert again.status_code == 304


def test_etag_differs_by_language_and_address(client, db):
    comparison = make_comparison()
    zh = client.get(URL.format(comparison.slug) + "?lang=zh-hans")["ETag"]
    en = client.get(URL.format(comparison.slug) + "?lang=en")["ETag"]
    listing = client.get("/api/v1/comparisons/")["ETag"]
    assert len({zh, en, listing}) == 3
    response = client.get(URL.format(comparison.slug) + "?lang=en", headers={"if-none-match": zh})
    assert response.status_code == 200


def test_an_edit_changes_the_etag_and_the_answer(client, db, django_capture_on_commit_callbacks):
    comparison = make_comparison(points=1)
    url = URL.format(comparison.slug) + "?lang=en"
    etag = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        point = ComparisonPoint.objects.get(comparison=comparison)
        point.heading_en = "A new heading"
        point.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert response.json()["points"][0]["heading"]["value"] == "A new heading"


def test_without_a_cache_the_etag_comes_from_the_body(client, db, monkeypatch):
    comparison = make_comparison()
    monkeypatch.setattr("api.conditional.content_version", lambda: None)
    monkeypatch.setattr("api.conditional.answer_versions", lambda tags: None)
    first = client.get(URL.format(comparison.slug))
    assert first.status_code == 200 and "Last-Modified" not in first
    again = client.get(URL.format(comparison.slug), headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_the_change_feed_has_a_body_etag(client, db):
    make_comparison()
    first = client.get("/api/v1/changes/")
    again = client.get("/api/v1/changes/", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_publishing_a_draft_changes_the_etag_and_shows_in_the_feed(
    client, db, django_capture_on_commit_callbacks
):
    draft = make_comparison(is_published=False)
    listing = client.get("/api/v1/comparisons/")
    assert listing.json()["count"] == 0
    feed = client.get("/api/v1/changes/").json()
    with django_capture_on_commit_callbacks(execute=True):
        draft.is_published = True
        draft.save()
    again = client.get("/api/v1/comparisons/", headers={"if-none-match": listing["ETag"]})
    assert again.status_code == 200
    assert [c["slug"] for c in again.json()["results"]] == [draft.slug]
    changes = client.get(f"/api/v1/changes/?since={feed['cursor']}").json()["results"]
    assert ("comparison", draft.slug, "published") in {
        (c["type"], c["id"], c["kind"]) for c in changes
    }


def test_if_none_match_star_is_a_304_with_the_usual_etag_for_what_exists(client, db):
    comparison = make_comparison()
    etag = client.get(URL.format(comparison.slug))["ETag"]
    response = client.get(URL.format(comparison.slug), headers={"if-none-match": "*"})
    assert response.status_code == 304 and response["ETag"] == etag


def test_the_guide_changes_when_a_tasks_publication_date_comes_not_every_midnight(
    client, seeded, clock
):
    from guide.models import Task

    today = timezone.localdate()
    Task.objects.filter(pk=Task.objects.first().pk).update(
        published_on=today + datetime.timedelta(days=2)
    )
    first = client.get("/api/v1/guide/")
    clock(days=1)  # a midnight passes, no task is due
    assert client.get("/api/v1/guide/")["ETag"] == first["ETag"]
    clock(days=2)  # the task's publication date
    later = client.get("/api/v1/guide/", headers={"if-none-match": first["ETag"]})
    assert later.status_code == 200 and later["ETag"] != first["ETag"]
    assert later.json()["count"] == first.json()["count"] + 1


def test_an_edit_changes_only_the_etags_of_answers_that_show_it(
    client, db, django_capture_on_commit_callbacks
):
    edited, other = make_comparison(points=1), make_comparison(points=1)
    urls = [URL.format(comparison.slug) + "?lang=en" for comparison in (edited, other)]
    first = [client.get(url) for url in urls]
    assert f"comparison-{edited.pk}" in first[0]["Surrogate-Key"].split()
    assert first[0]["xkey"] == first[0]["Surrogate-Key"]
    for url, answer in zip(urls, first, strict=True):  # tagged from the first answer on
        assert client.get(url, headers={"if-none-match": answer["ETag"]}).status_code == 304
    with django_capture_on_commit_callbacks(execute=True):
        point = ComparisonPoint.objects.get(comparison=edited)
        point.heading_en = "A new heading"
        point.save()
    changed = client.get(urls[0], headers={"if-none-match": first[0]["ETag"]})
    assert changed.status_code == 200
    assert changed.json()["points"][0]["heading"]["value"] == "A new heading"
    assert client.get(urls[1], headers={"if-none-match": first[1]["ETag"]}).status_code == 304
