"""Detail pages' bodies kept in the shared cache (publishing.fragments): the same page as
rendered afresh, one query on a page-cache miss, never stale after a write of anything the
body shows, and never a draft."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from cards.models import CardType, Comparison, PointText
from legislation.models import Article, Law
from tests.factories import make_draft
from tests.publishing.test_pagecache import DEAD_REDIS

COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"
LAW = "/{lang}/laws/social-insurance-law/"
PAGES = [
    COMPARISON,
    LAW,
    LAW + "?date=2015-06-01",
    LAW + "?view=parallel",
    LAW + "?date=not-a-date",
]

pytestmark = pytest.mark.django_db(transaction=True)  # writes commit: versions get bumped


@pytest.fixture(autouse=True)
def fragments_on(settings, seeded):
    settings.FRAGMENT_CACHE_TIMEOUT = 600
    cache.clear()
    yield
    cache.clear()


def html(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_a_kept_body_makes_the_same_page_with_one_query(client, settings, lang, page):
    path = page.format(lang=lang)
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    fresh = html(client, path)
    settings.FRAGMENT_CACHE_TIMEOUT = 600
    assert html(client, path) == fresh  # stored
    with CaptureQueriesContext(connection) as queries:
        assert html(client, path) == fresh  # printed from the fragment
    assert len(queries) == 1  # the object itself: is it (still) public, under this slug?


def test_each_language_and_variant_has_its_own_body(client):
    chinese, english = html(client, LAW.format(lang="zh-hans")), html(client, LAW.format(lang="en"))
    assert '<html lang="zh-Hans">' in chinese and '<html lang="en">' in english
    parallel = html(client, LAW.format(lang="en") + "?view=parallel")
    assert parallel != html(client, LAW.format(lang="en"))


def test_an_article_edit_leaves_the_bodies_of_what_does_not_show_it_kept(client):
    """Fragments go by the cache tags of what they show (publishing.dependencies), not by a
    version of the whole site: an edit of a Labour Contract Law article leaves the Social
    Insurance Law's body and the comparison's kept, and shows at once where it is shown."""
    kept = [LAW.format(lang="en"), LAW.format(lang="zh-hans") + "?date=2015-06-01",
            COMPARISON.format(lang="en")]  # fmt: skip
    labour = "/en/laws/labour-contract-law/"
    for path in [*kept, labour]:
        html(client, path)
    article = Article.objects.get(law__slug="labour-contract-law", number=10)
    article.text_en = "A Labour Contract Law article edited just now."
    article.save()
    # The first page after a write also asks what is flagged and scheduled, once per content
    # version and process (publishing.pagecache): the law whose article changed.
    assert "A Labour Contract Law article edited just now." in html(client, labour)
    for path in kept:
        with CaptureQueriesContext(connection) as queries:
            html(client, path)
        assert len(queries) == 1, path  # printed from the kept body
    with CaptureQueriesContext(connection) as queries:
        html(client, labour)
    assert len(queries) == 1  # kept again, under the article's new version


def test_a_point_text_edit_shows_at_once(client):
    path = COMPARISON.format(lang="en")
    html(client, path)
    slug = "citizen-card-vs-social-security-card"
    text = PointText.objects.filter(point__comparison__slug=slug)[0]
    text.text_en = "A point text edited just now."
    text.save()
    assert "A point text edited just now." in html(client, path)


def test_a_cited_article_edit_shows_at_once_on_the_comparison(client):
    """The article is another object: its write changes the comparison's body all the same."""
    path = COMPARISON.format(lang="zh-hans")
    html(client, path)
    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    cited = comparison.legal_basis.all()[0]
    cited.text_zh_hans = "刚刚修改的条文。"
    cited.save()
    assert "刚刚修改的条文。" in html(client, path)


def test_a_card_type_withdrawn_loses_its_link_at_once(client):
    path = COMPARISON.format(lang="en")
    card = CardType.objects.get(slug="citizen-card")
    link = 'href="/en/cards/citizen-card/"'
    assert link in html(client, path)
    card.is_published = False
    card.save()
    assert link not in html(client, path)


def test_an_article_edit_and_a_law_rename_show_at_once_on_the_law(client):
    path = LAW.format(lang="zh-hans")
    html(client, path)
    article = Article.objects.get(law__slug="social-insurance-law", number=2)
    article.text_zh_hans = "修改后的第二条。"
    article.save()
    assert "修改后的第二条。" in html(client, path)
    Law.objects.filter(slug="social-insurance-law").update(title_zh_hans="改名的法律")
    from publishing.content import content_changed

    content_changed()  # a bulk write says so itself (publishing.content)
    assert "改名的法律" in html(client, path)


def test_a_withdrawn_page_is_a_404_however_its_body_was_kept(client):
    path = COMPARISON.format(lang="en")
    html(client, path)
    Comparison.objects.filter(slug="citizen-card-vs-social-security-card").update(
        is_published=False
    )  # no signal, no new content version: the object's own query still decides
    assert client.get(path).status_code == 404


def test_staff_previews_are_neither_read_from_nor_written_to_fragments(client):
    path = COMPARISON.format(lang="en")
    live = html(client, path)  # kept
    comparison = Comparison.objects.get(slug="citizen-card-vs-social-security-card")
    make_draft(
        comparison,
        lambda: Comparison.objects.filter(pk=comparison.pk).update(
            title_en="A draft title nobody may see yet"
        ),
    )
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("ed", "ed@example.com", "pw"))
    assert "A draft title nobody may see yet" in html(editor, path)  # not the kept body
    assert "A draft title nobody may see yet" not in html(client, path)
    cache.clear()
    assert "A draft title nobody may see yet" in html(editor, path)
    assert html(client, path) == live  # the preview stored nothing


def test_without_a_cache_server_pages_are_rendered_as_before(client, settings):
    from publishing import content

    path = COMPARISON.format(lang="en")
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    fresh = html(client, path)
    settings.FRAGMENT_CACHE_TIMEOUT = 600
    with override_settings(CACHES=DEAD_REDIS):
        assert html(client, path) == fresh
        assert html(client, path) == fresh
    content._pending_bump.clear()


SEARCH = "/{lang}/search/?q=%E7%A4%BE%E4%BC%9A"  # 社会


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_kept_search_matches_make_the_same_page(client, settings, lang):
    path = SEARCH.format(lang=lang)
    settings.FRAGMENT_CACHE_TIMEOUT = 0
    fresh = html(client, path)
    settings.FRAGMENT_CACHE_TIMEOUT = 600
    assert html(client, path) == fresh
    assert html(client, path) == fresh


def test_a_write_finds_search_matches_afresh(client):
    path = "/en/search/?q=zyxwvut"
    assert "0 results" in html(client, path)
    card = CardType.objects.get(slug="citizen-card")
    card.summary_en = "Now mentions zyxwvut."
    card.save()
    assert "1 result" in html(client, path)
    card.is_published = False
    card.save()
    assert "0 results" in html(client, path)


def test_a_withdrawal_without_a_new_version_still_hides_a_kept_match(client):
    """The page's objects are fetched with the public rule again, whatever was kept."""
    path = "/en/search/?q=citizen+card"
    assert "/en/cards/citizen-card/" in html(client, path)
    CardType.objects.filter(slug="citizen-card").update(is_published=False)  # no signal
    assert "/en/cards/citizen-card/" not in html(client, path)


def test_an_article_edit_finds_only_the_articles_search_matches_afresh(client, monkeypatch):
    """Each kind's matches are kept under the tags of its lists: an edit of a Labour Contract
    Law article may change which articles match (so they are found afresh, and the page
    shows the new text at once), not which comparisons, questions, card types or laws do."""
    from search import engine

    path = (
        "/zh-hans/search/?q=%E7%A4%BE%E4%BC%9A%E4%BF%9D%E9%99%A9%E5%88%B6%E5%BA%A6"  # 社会保险制度
    )
    assert "已修改" not in html(client, path)
    searched = []
    find = engine.Source.find

    def counted(self, query):
        searched.append(self.kind.name)
        return find(self, query)

    monkeypatch.setattr(engine.Source, "find", counted)
    article = Article.objects.get(law__slug="labour-contract-law", number=1)
    article.text_zh_hans = "劳动合同之社会保险制度（已修改）"
    article.save()
    assert "劳动合同之<mark>社会保险制度</mark>（已修改）" in html(client, path)
    assert searched == ["article"]
    searched.clear()
    html(client, path)
    assert searched == []  # all kept again


def test_kept_search_hits_show_an_edit_of_what_they_list_at_once(client):
    """The hits of a page of results are kept under the tags of the objects they show: the
    page fetches none of them again (only which are still public: ids), and an edit of one
    shows at once."""
    path = "/en/search/?q=citizen+card"
    html(client, path)
    with CaptureQueriesContext(connection) as queries:
        kept = html(client, path)
    assert queries and not any("summary_en" in query["sql"] for query in queries)
    assert "(city-issued)" not in kept
    card = CardType.objects.get(slug="citizen-card")
    card.name_en += " (city-issued)"
    card.save()
    assert "(city-issued)</a>" in html(client, path)


def test_the_compiled_check_of_what_is_public_follows_the_public_rule(db):
    """search.engine.public_ids (SQL compiled once per process) gives what the kinds' own
    public rule gives, for a withdrawn row, a row of a withdrawn law and a scheduled one."""
    from django.utils import timezone
    from django.utils.translation import get_language

    from search import engine

    Article.objects.filter(law__slug="labour-contract-law").update(is_published=False)
    Law.objects.filter(slug="social-insurance-law").update(
        publish_at=timezone.now() + timezone.timedelta(days=1)
    )
    CardType.objects.filter(slug="citizen-card").update(is_published=False)
    engine._compiled.clear()
    for source in engine.sources():
        pks = list(source.model._base_manager.order_by("pk").values_list("pk", flat=True)[:20])
        expected = set(source.visible_rows(pks).values_list("pk", flat=True))
        assert engine.public_ids(source, pks) == expected, source.kind.name
        key = (connection.alias, get_language(), type(source).__name__, source.kind.name, len(pks))
        assert engine._compiled[key], source.kind.name  # compiled, not the ORM's fallback
    assert Article.objects.filter(law__slug="labour-contract-law").exists()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_page_printed_from_a_kept_body_is_cached_under_the_tags_of_what_it_shows(
    client, settings, lang
):
    """The page cache stores pages under the tags of the rows they load (cache tags); a page
    printed from a kept body loads none of the articles it shows, yet an edit of one of them
    must reach it at once."""
    from legislation.review import citers

    path = LAW.format(lang=lang)
    settings.PAGE_CACHE_TIMEOUT = 0
    html(client, path)  # the body is kept (the page cache is off)
    settings.PAGE_CACHE_TIMEOUT = 600
    html(client, path)  # the page, printed from the kept body, is stored
    assert client.get(path)["X-Page-Cache"] == "hit"
    # An article nothing cites: a cited one's change is a legal-basis note, which makes
    # every page stale anyway (legislation.review).
    articles = Article.objects.with_law().filter(law__slug="social-insurance-law")
    cited = citers(list(articles.values_list("pk", flat=True)))
    article = next(a for a in articles.order_by("number") if not cited[a.pk])
    article.text_zh_hans += "（已修改）"
    article.text_en += " (amended)"
    article.save()
    assert ("（已修改）" if lang == "zh-hans" else "(amended)") in html(client, path)


@pytest.mark.parametrize("page", [COMPARISON, LAW])
def test_a_query_the_language_switcher_keeps_is_not_kept_for_other_visitors(client, page):
    """The frame's language switcher carries ?q= and ?page= along (LANGUAGE_SWITCH_KEEPS): a
    visitor's query must not end up in the frame kept for the next visitor of the address."""
    path = page.format(lang="en")
    assert 'href="/zh-hans/' in html(client, path + "?q=stray-query")  # kept with its query
    assert "?q=stray-query" in html(client, path + "?q=stray-query")
    assert "stray-query" not in html(client, path)
