"""The page cache of public pages (publishing.pagecache): hits run no SQL, any write shows at
once, editors always see fresh pages, browsers and CDNs get validators, and a dead cache
server only makes the site slower. Across processes: tests/production/test_shared_cache.py."""

import logging

import pytest
from django.contrib.auth.models import User
from django.db import connection, reset_queries
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date

from cards.models import CardType
from publishing import services
from translations.i18n import language_tag

CARD = "/en/cards/citizen-card/"

pytestmark = [
    pytest.mark.django_db(transaction=True),  # writes commit: versions get bumped
    pytest.mark.usefixtures("page_cache"),
]


def test_a_second_visit_is_served_from_the_cache_without_sql(client, django_assert_num_queries):
    first = client.get(CARD)
    assert (first.status_code, first["X-Page-Cache"]) == (200, "miss")
    with django_assert_num_queries(0):
        second = client.get(CARD)
    assert (second.status_code, second["X-Page-Cache"]) == (200, "hit")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert second["X-Request-ID"] != first["X-Request-ID"]


def test_a_miss_costs_only_the_pages_own_queries_once_the_schedule_is_known(
    client, settings, django_assert_num_queries
):
    """The next scheduled publication or withdrawal is looked up once per content version,
    not on every miss."""
    settings.PAGE_CACHE_TIMEOUT = 0
    reset_queries()  # the log holds the seed load's queries, up to its length limit
    with CaptureQueriesContext(connection) as own:
        client.get(CARD)
    own = len(own)  # now: the next request empties the log the context reads from
    settings.PAGE_CACHE_TIMEOUT = 600
    assert client.get("/en/")["X-Page-Cache"] == "miss"  # the first miss of this version
    with django_assert_num_queries(own):
        assert client.get(CARD)["X-Page-Cache"] == "miss"


@pytest.mark.parametrize("path", ["/en/", "/zh-hans/", "/en/laws/social-insurance-law/"])
def test_each_language_and_address_has_its_own_entry(client, path):
    assert client.get(path)["X-Page-Cache"] == "miss"
    hit = client.get(path)
    assert hit["X-Page-Cache"] == "hit"
    assert f'<html lang="{language_tag(path.split("/")[1])}"' in hit.content.decode()
    assert client.get(path + "?page=1")["X-Page-Cache"] == "miss"


def test_a_save_shows_at_once(client):
    client.get(CARD)
    card = CardType.objects.get(slug="citizen-card")
    card.summary_en = "A brand-new summary."
    card.save()
    response = client.get(CARD)
    assert response["X-Page-Cache"] == "miss"
    assert "A brand-new summary." in response.content.decode()


def test_an_admin_save_and_publish_show_at_once_to_visitors(client):
    client.get(CARD)
    User.objects.create_superuser("editor", "e@example.com", "pw-editor-1")
    editor = Client()
    editor.force_login(User.objects.get(username="editor"))
    card = CardType.objects.get(slug="citizen-card")
    form = editor.get(f"/en/admin/cards/cardtype/{card.pk}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: v for k, v in data.items() if v is not None}
    data["summary_en"] = "Edited in the admin."
    response = editor.post(f"/en/admin/cards/cardtype/{card.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    # A live card type's change is a draft: visitors keep the published page until it is
    # published, then see the new one at once.
    assert "Edited in the admin." not in client.get(CARD).content.decode()
    services.publish(CardType.objects.get(pk=card.pk), user=None)
    assert "Edited in the admin." in client.get(CARD).content.decode()


def test_editors_always_get_a_fresh_private_page(admin_client, client):
    client.get(CARD)
    for _ in range(2):
        response = admin_client.get(CARD)
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


def test_validators_and_cdn_headers(client):
    page = client.get(CARD)
    assert (
        "s-maxage=60" in page["Cache-Control"] and "stale-while-revalidate" in page["Cache-Control"]
    )
    assert "public" in page["Cache-Control"]
    assert page["Vary"] == "Cookie"
    again = client.get(CARD, headers={"if-none-match": page["ETag"]})
    assert (again.status_code, again.content) == (304, b"")
    since = client.get(CARD, headers={"if-modified-since": page["Last-Modified"]})
    assert since.status_code == 304
    earlier = http_date(parse_http_date(page["Last-Modified"]) - 3600)
    assert client.get(CARD, headers={"if-modified-since": earlier}).status_code == 200
    card = CardType.objects.get(slug="citizen-card")
    card.summary_en = "Changed."
    card.save()
    changed = client.get(CARD, headers={"if-none-match": page["ETag"]})
    assert changed.status_code == 200 and "Changed." in changed.content.decode()


DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


def test_a_dead_cache_server_still_serves_and_logs_once(client, caplog):
    from publishing import content

    content._last_fault_logged[0] = float("-inf")
    caplog.set_level(logging.WARNING, logger="publishing.content")
    with override_settings(CACHES=DEAD_REDIS):
        for _ in range(5):
            response = client.get(CARD)
            assert response.status_code == 200 and "X-Page-Cache" not in response
        card = CardType.objects.get(slug="citizen-card")
        card.save()  # the bump cannot reach the cache either
    faults = [r for r in caplog.records if r.name == "publishing.content"]
    assert len(faults) == 1 and faults[0].levelname == "WARNING"
    assert faults[0].exc_info is None
    content._pending_bump.clear()


def test_pages_are_not_served_past_midnight(client, monkeypatch):
    """A comparison whose publication date is tomorrow appears then without any write."""
    import datetime

    from publishing import pagecache

    client.get(CARD)
    assert client.get(CARD)["X-Page-Cache"] == "hit"
    tomorrow = pagecache.timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: tomorrow)
    assert client.get(CARD)["X-Page-Cache"] == "miss"


def test_publication_windows_are_honoured_by_a_warm_cache_whatever_the_server_holds(
    client, monkeypatch
):
    """An object's publish_at / unpublish_at passing writes nothing: the pages stored before
    it are not served after it (the entry's own expiry is checked on every hit, not left to
    the cache server's clock, which here still holds them), so the withdrawn card type is
    gone and the newly public one is listed."""
    import datetime

    from django.utils import timezone

    from tests.factories import make_card_type

    soon = timezone.now() + datetime.timedelta(seconds=60)
    card = CardType.objects.get(slug="citizen-card")
    card.unpublish_at = soon
    card.save()
    coming = make_card_type(publish_at=soon)
    coming_link = f'href="/en/cards/{coming.slug}/"'
    for path in (CARD, "/en/"):
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit"
    home = client.get("/en/").content.decode()
    assert coming_link not in home and 'href="/en/cards/citizen-card/"' in home
    # A CDN may keep the stored page no longer than until then either.
    assert int(client.get(CARD)["Cache-Control"].split("s-maxage=")[1].split(",")[0]) <= 60

    later = soon + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(CARD).status_code == 404
    home = client.get("/en/")
    assert home["X-Page-Cache"] == "miss"
    assert coming_link in home.content.decode()
    assert 'href="/en/cards/citizen-card/"' not in home.content.decode()


def test_a_scheduled_withdrawal_is_not_outlived_by_a_cached_page(client):
    """No write happens when an unpublication time passes: the entry must expire by then."""
    import datetime
    import time

    from django.utils import timezone

    card = CardType.objects.get(slug="citizen-card")
    card.unpublish_at = timezone.now() + datetime.timedelta(seconds=3)
    card.save()
    assert client.get(CARD).status_code == 200
    assert client.get(CARD)["X-Page-Cache"] == "hit"
    time.sleep(3.5)
    assert client.get(CARD).status_code == 404


def test_a_made_up_session_cookie_is_served_from_the_cache(client, admin_client):
    """Anyone can send `Cookie: sessionid=…`: a session that does not exist is no editor's,
    so it cannot force an uncached render; a real editor still gets a fresh private page."""
    client.get(CARD)
    client.cookies["sessionid"] = "bogus"
    response = client.get(CARD)
    assert (response.status_code, response["X-Page-Cache"]) == (200, "hit")
    editor = admin_client.get(CARD)
    assert "X-Page-Cache" not in editor and "private" in editor["Cache-Control"]
