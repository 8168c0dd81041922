"""Invalidation by dependency (publishing.dependencies): a write makes exactly the cached pages
that show what changed stale (and the lists, search results, feeds and sitemaps), the others
stay cached; every public answer names its tags for a CDN, which is asked to purge them."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command

from cards.models import CardType, ComparedCard, Comparison
from legislation.importer import import_law
from legislation.models import Article, Law
from publishing import services
from publishing.pagecache import PageCacheMiddleware
from search.models import Synonym
from tests.factories import make_draft

pytestmark = [
    pytest.mark.django_db(transaction=True),  # writes commit: versions get bumped
    pytest.mark.usefixtures("page_cache"),
]

LANGUAGES = ("zh-hans", "en")


def law_pages(slug):
    law = Law.objects.get(slug=slug)
    pages = [f"/{lang}/laws/{slug}/" for lang in LANGUAGES]
    for number in law.articles.order_by("number").values_list("number", flat=True):
        pages += [f"/{lang}/laws/{slug}/articles/{number}/" for lang in LANGUAGES]
    return pages


def edit_article(article, text):
    def change():
        article.text_en = text
        article.save()

    make_draft(article, change)
    services.publish(Article.objects.get(pk=article.pk), user=None)


def test_editing_one_labour_contract_article_leaves_the_social_insurance_law_cached(client):
    social, labour = law_pages("social-insurance-law"), law_pages("labour-contract-law")
    warm = social + labour[:2]  # 200 pages: every Social Insurance Law page, the other law's
    assert len(warm) == 200
    for path in warm:
        assert client.get(path)["X-Page-Cache"] == "miss"
    article = Article.objects.get(law__slug="labour-contract-law", number=10)
    old = article.text_en
    search = f"/en/search/?q={old.split()[0]}+{old.split()[1]}"
    assert client.get(search).status_code == 200  # a search result showing it, cached too
    found = "/en/search/?q=wording+published+today"
    link = 'href="/en/laws/labour-contract-law/articles/10/'
    assert link not in client.get(found).text
    edit_article(article, "A new wording, published today.")

    served = [client.get(path)["X-Page-Cache"] for path in social]
    assert served.count("hit") / len(served) >= 0.9, served.count("hit")
    # Every page that shows the article shows the new text at once.
    for path in ("/en/laws/labour-contract-law/", "/en/laws/labour-contract-law/articles/10/"):
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss"
        assert "A new wording, published today." in response.text
    assert link in client.get(found).text
    assert old[:40] not in client.get(search).text


SEED = Path(__file__).resolve().parents[2] / "legislation" / "seed"


def test_a_law_import_leaves_another_law_cached_and_shows_its_new_text_at_once(client):
    """A bulk write names what it wrote: an amendment of one law makes the pages of that law
    and of what cites its articles stale, not the other law's (publishing.content)."""
    labour = law_pages("labour-contract-law")[:40]
    showing = [
        "/zh-hans/laws/social-insurance-law/",
        "/zh-hans/laws/social-insurance-law/articles/2/",
        "/zh-hans/compare/citizen-card-vs-social-security-card/",  # cites article 2
    ]
    for path in labour + showing:
        client.get(path)
    text = (SEED / "social-insurance-law-2018.zh-hans.txt").read_text(encoding="utf-8")
    amended = text.replace("国家建立基本养老保险", "国家建立并完善基本养老保险", 1)
    assert amended != text
    assert import_law(amended, slug="social-insurance-law", language="zh-hans").changes

    assert [client.get(path)["X-Page-Cache"] for path in labour] == ["hit"] * len(labour)
    for path in showing:
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss", path
        assert "国家建立并完善基本养老保险" in response.text, path


def test_a_seed_load_that_changes_nothing_leaves_the_pages_cached(client):
    pages = [
        "/en/",
        "/en/compare/citizen-card-vs-social-security-card/",
        "/en/guide/",
        "/zh-hans/laws/social-insurance-law/",
        "/en/laws/labour-contract-law/articles/10/",
    ]
    for path in pages:
        client.get(path)
    call_command("load_seed", verbosity=0)
    assert [client.get(path)["X-Page-Cache"] for path in pages] == ["hit"] * len(pages)


def test_a_new_comparison_shows_on_the_card_pages_and_lists_at_once(client):
    paths = ["/en/cards/citizen-card/", "/en/", "/en/feed.atom", "/sitemap-comparisons.xml"]
    for path in paths:
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit"
    other = "/en/laws/social-insurance-law/articles/5/"
    client.get(other)
    comparison = Comparison.objects.create(slug="a-new-comparison", title_en="A new comparison")
    ComparedCard.objects.create(
        comparison=comparison, card_type=CardType.objects.get(slug="citizen-card"), position=3
    )
    services.publish(comparison, user=None)
    for path in paths:
        assert "a-new-comparison" in client.get(path).text, path
    assert client.get(other)["X-Page-Cache"] == "hit"  # shows nothing of it


def test_withdrawing_an_article_takes_it_off_its_law_page(client):
    law_page = "/en/laws/labour-contract-law/"
    article = Article.objects.get(law__slug="labour-contract-law", number=98)
    assert 'id="article-98"' in client.get(law_page).text
    services.unpublish(article, user=None)
    assert 'id="article-98"' not in client.get(law_page).text
    assert client.get("/en/laws/labour-contract-law/articles/98/").status_code == 404


def test_a_synonym_changes_search_results_at_once(client):
    search = "/zh-hans/search/?q=劳合法"
    assert "<mark>劳动合同</mark>" not in client.get(search).text
    assert client.get(search)["X-Page-Cache"] == "hit"
    Synonym.objects.create(term="劳合法", expansions="劳动合同")
    assert "<mark>劳动合同</mark>" in client.get(search).text


def test_answers_name_their_tags_and_what_a_cdn_may_keep(client):
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    response = client.get("/en/laws/social-insurance-law/articles/2/")
    keys = response["Surrogate-Key"].split()
    assert response["xkey"] == response["Surrogate-Key"]
    assert {"all", f"article-{article.pk}", f"law-{article.law_id}"} <= set(keys)
    assert not any(key.startswith("list-") for key in keys)  # a page of one article
    assert "s-maxage=" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert "list-article" in client.get("/en/search/?q=pension")["Surrogate-Key"].split()
    assert "list-article" in client.get("/sitemap-articles.xml")["Surrogate-Key"].split()


def test_signed_in_answers_are_never_shared(client):
    User.objects.create_superuser("editor", "e@example.com", "a-long-password-1")
    client.force_login(User.objects.get(username="editor"))
    for path in ("/en/cards/citizen-card/", "/en/admin/", "/api/v1/laws/"):
        response = client.get(path)
        assert "private" in response["Cache-Control"], path
        assert "public" not in response["Cache-Control"], path
        assert "Surrogate-Key" not in response


class Purges(BaseHTTPRequestHandler):
    seen = []

    def do_PURGE(self):  # noqa: N802 - the HTTP method's name
        Purges.seen.append(set(self.headers["xkey-purge"].split()))
        assert self.headers["Surrogate-Key"] == self.headers["xkey-purge"]
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def purge_server():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Purges)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Purges.seen.clear()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def test_a_publish_purges_exactly_its_keys_and_a_dead_cdn_breaks_nothing(
    client, settings, purge_server, caplog
):
    settings.CDN_PURGE_URLS = [purge_server, "http://127.0.0.1:9/"]  # the second refuses
    settings.CDN_PURGE_TIMEOUT = 1
    article = Article.objects.get(law__slug="labour-contract-law", number=10)
    edit_article(article, "Purged at the CDN.")
    purged = set().union(*Purges.seen)
    assert f"article-{article.pk}" in purged and "list-article" in purged
    others = Article.objects.filter(law__slug="social-insurance-law").values_list("pk", flat=True)
    assert not purged & {f"article-{pk}" for pk in others}
    assert "all" not in purged
    assert "Purged at the CDN." in client.get("/en/laws/labour-contract-law/articles/10/").text
    assert "CDN purge" in caplog.text and "127.0.0.1:9" in caplog.text


def test_a_miss_waits_for_the_render_under_way_and_takes_over_from_a_dead_one(client, settings):
    """A request that finds the page being rendered elsewhere waits for it; if the renderer
    died (its lock stays until it expires), it renders the page itself after the wait."""
    settings.PAGE_CACHE_LOCK_WAIT = 0.5
    path = "/en/cards/citizen-card/"
    request = client.get(path).wsgi_request
    key = PageCacheMiddleware.key(request, "en")
    stored = cache.get(key)
    cache.delete(key)
    cache.set(f"{key}:render", 1, 60)  # another request is rendering it

    def store_soon():
        time.sleep(0.2)
        cache.set(key, stored, 60)

    threading.Thread(target=store_soon).start()
    assert client.get(path)["X-Page-Cache"] == "hit"  # waited, then served that render

    cache.delete(key)  # the renderer died: its lock stays, nothing is stored
    started = time.monotonic()
    response = client.get(path)
    assert response["X-Page-Cache"] == "miss" and response.status_code == 200
    assert 0.5 <= time.monotonic() - started < 5


LISTS_OF_ARTICLES = (
    "/sitemap-articles.xml",
    "/en/feed.atom",
    "/en/laws/labour-contract-law/",
    "/en/search/?q=labour",
)


@pytest.mark.parametrize("path", LISTS_OF_ARTICLES)
def test_a_list_stored_before_a_scheduled_publication_is_not_served_after_it(
    client, path, monkeypatch
):
    """Art. 10 is withdrawn, then published again from a time a minute ahead: every list that
    will show it (sitemap, feed, law page, search, API list) stored before that time caps
    what a CDN may keep at it, and is rendered anew once it has passed."""
    import datetime

    from django.utils import timezone

    article = Article.objects.get(law__slug="labour-contract-law", number=10)
    services.unpublish(article, user=None)
    assert client.get(path).status_code == 200
    assert client.get(path)["X-Page-Cache"] == "hit"
    soon = timezone.now() + datetime.timedelta(seconds=60)
    article = Article.objects.get(pk=article.pk)
    article.publish_at = soon
    article.save()
    services.publish(article, user=None)
    for _ in range(2):
        response = client.get(path)
        assert "stale-while-revalidate=0" in response["Cache-Control"]  # kept 60 s at most
    assert response["X-Page-Cache"] == "hit"
    later = soon + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert client.get(path)["X-Page-Cache"] == "miss"


def test_a_schedule_seen_inside_a_rolled_back_transaction_is_not_kept(client, monkeypatch):
    """An editor's preview renders with drafts applied inside a transaction that is rolled
    back (publishing.services.drafts_applied); a look at the schedule from in there (a kept
    value stored while rendering) saw rows that never were. The process must not keep it:
    the sitemap stored next, under the same content version, still caps what a CDN keeps at
    the article's real publication time and expires by then."""
    import datetime

    from django.db import transaction
    from django.utils import timezone

    from publishing import content, pagecache

    article = Article.objects.get(law__slug="labour-contract-law", number=10)
    services.unpublish(article, user=None)
    article = Article.objects.get(pk=article.pk)
    article.publish_at = timezone.now() + datetime.timedelta(seconds=60)
    article.save()
    services.publish(article, user=None)
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(publish_at=None)  # as a draft had it
        pagecache.until_next_scheduled_change(600, content.content_version())
        transaction.set_rollback(True)
    response = client.get("/sitemap-articles.xml")
    assert response["X-Page-Cache"] == "miss"
    assert "stale-while-revalidate=0" in response["Cache-Control"]  # kept 60 s at most
    later = article.publish_at + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    response = client.get("/sitemap-articles.xml")
    assert response["X-Page-Cache"] == "miss"
    assert "/labour-contract-law/articles/10/" in response.text
