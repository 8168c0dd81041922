"""Cheap to poll: strong ETags, Last-Modified and 304 answers; an edit changes the ETag."""

import pytest

from cards.models import ComparisonPoint
from tests.factories import make_comparison

URL = "/api/v1/comparisons/{}/"
MINUTE = 1_800_000_000


@pytest.fixture(autouse=True)
def _one_minute(monkeypatch):
    """Requests of a test fall in the same minute, however slow the machine."""
    monkeypatch.setattr("api.conditional.current_minute", lambda: MINUTE)


def test_a_new_minute_changes_the_etag(client, db, monkeypatch):
    # A publication window may open or close by itself: answers are exact to the minute.
    comparison = make_comparison()
    etag = client.get(URL.format(comparison.slug))["ETag"]
    monkeypatch.setattr("api.conditional.current_minute", lambda: MINUTE + 60)
    response = client.get(URL.format(comparison.slug), headers={"if-none-match": etag})
    assert response.status_code == 200 and response["ETag"] != etag


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
