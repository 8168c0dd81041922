"""Search that stays bounded at scale (issue 15, item 4): ranking works on a bounded set of
candidates, and SQLite looks substrings up in FTS5 tables kept in step with the content
(search.fts): trigrams for three characters or more, CJK unigrams and bigrams for one or
two. The times are in docs/benchmarks.md (scripts/bench_search.py), not asserted here."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from legislation.models import Article
from search import engine
from tests.factories import make_law
from translations.registry import column, languages

pytestmark = pytest.mark.django_db

sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 tables")


def result_links(client, q):
    response = client.get("/en/search/", {"q": q})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    return [a["href"] for a in soup.select(".search-result__title")]


def test_a_law_title_match_ranks_first_beyond_the_candidates(client):
    """More matches than are ranked: the articles of a law whose title matches still come
    first, although the database finds the others first (they were written before)."""
    make_law(articles=engine.CANDIDATES + 10)  # every article says 第一款
    titled = make_law(articles=2, title_zh_hans="第一款测试法")
    links = result_links(client, "第一款")
    articles = [link for link in links if "/articles/" in link]
    expected = [f"/en/laws/{titled.slug}/articles/{n}/#article-{n}-1" for n in (1, 2)]
    assert articles[:2] == expected, links[:5]


def test_the_ranking_reads_a_bounded_set_of_candidates(django_assert_max_num_queries):
    """The query that orders the matches is given at most 2 × CANDIDATES ids, however many
    rows match (it used to sort every match)."""
    from django.test.utils import CaptureQueriesContext

    from search import query as search_query

    make_law(articles=engine.CANDIDATES * 3)
    source = next(s for s in engine.sources() if s.kind.name == "article")
    with CaptureQueriesContext(connection) as queries:
        found = source.find(search_query.parse("第一款"))
    assert len(found) == engine.MAX_PER_KIND
    ranking = queries.captured_queries[-1]["sql"]
    assert "ORDER BY" in ranking
    listed = ranking.split(" IN (", 1)[1].split(")", 1)[0].count(",") + 1
    assert listed <= 2 * engine.CANDIDATES, listed


def fts_plan(q):
    from search import query as search_query

    source = next(s for s in engine.sources() if s.kind.name == "article")
    sql, params = source.matching(search_query.parse(q)).values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return " ".join(str(row[3]) for row in cursor.fetchall())


@sqlite_only
def test_sqlite_looks_three_characters_up_in_the_trigram_table(client):
    assert "search_fts_legislation_article" in fts_plan("pension")
    assert "search_fts_legislation_article" in fts_plan("养老保险")
    assert "search_fts_legislation_article" not in fts_plan("社会")  # no trigram in two


@sqlite_only
@pytest.mark.parametrize("q", ["社", "社会"])
def test_sqlite_looks_one_and_two_han_characters_up_in_the_grams_table(client, q):
    plan = fts_plan(q)
    assert "search_grams_legislation_article VIRTUAL TABLE" in plan, plan
    assert "SCAN legislation_article" not in plan, plan


def test_cjk_grams_are_the_han_characters_and_their_adjacent_pairs():
    from search.fts import cjk_grams

    assert cjk_grams("社会保险 card 卡", None, "医保") == "会 会保 保 保险 医 医保 卡 社 社会 险"
    assert cjk_grams("pension") == ""


def grams_links(client, q):
    return [link for link in result_links(client, q) if "/articles/" in link]


@sqlite_only
def test_sqlite_grams_table_follows_saves_bulk_updates_and_deletes(client):
    law = make_law(articles=2)
    article = Article.objects.get(law=law, number=1)
    url = f"/en/laws/{law.slug}/articles/1/"
    article.text_zh_hans = "本条说麒麟。"
    article.save()
    assert url in grams_links(client, "麒麟")
    assert url in grams_links(client, "麟")
    # Every language's column: an update() bypasses the Traditional conversion of save().
    Article.objects.filter(pk=article.pk).update(
        **{column("text", code): "本条说凤凰。" for code in languages()}
    )
    assert url not in grams_links(client, "麒麟")
    assert url in grams_links(client, "凤凰")
    Article.objects.filter(pk=article.pk).delete()
    assert url not in grams_links(client, "凤凰")


@sqlite_only
def test_rebuild_search_index_remakes_the_grams_from_the_content(client):
    """Rows written while the triggers were missing (a tool that bypassed them) are found
    once the command has run."""
    from django.core.management import call_command

    law = make_law(articles=1)
    with connection.cursor() as cursor:  # (a save may insert, then update the conversion)
        for event in ("ai", "au", "ad"):
            cursor.execute(f'DROP TRIGGER IF EXISTS "search_grams_legislation_article_{event}"')
    Article.objects.create(law=law, number=2, text_zh_hans="独角兽条款。", is_published=True)
    url = f"/en/laws/{law.slug}/articles/2/"
    assert url not in grams_links(client, "独角")
    call_command("rebuild_search_index", verbosity=0)
    assert url in grams_links(client, "独角")
    Article.objects.create(law=law, number=3, text_zh_hans="独角兽第二条。", is_published=True)
    assert f"/en/laws/{law.slug}/articles/3/" in grams_links(client, "独角")  # triggers back


@sqlite_only
def test_sqlite_trigram_table_follows_inserts_updates_and_deletes(client):
    law = make_law(articles=2)
    article = Article.objects.get(law=law, number=1)
    article.text_en = "Zanzibarian pensions."
    article.save()
    url = f"/en/laws/{law.slug}/articles/1/"
    assert url in result_links(client, "zanzibarian")
    article.text_en = "Nothing of the kind."
    article.save()
    assert url not in result_links(client, "zanzibarian")
    assert url in result_links(client, "nothing of")
    article.delete()
    assert url not in result_links(client, "nothing of")


@sqlite_only
def test_sqlite_trigram_tables_are_remade_after_migrate_when_a_trigger_is_lost(client):
    """A table SQLite's schema editor rebuilt has lost its triggers: post_migrate remakes
    them (search.apps) and refills the table."""
    from search.apps import make_fts_tables

    law = make_law(articles=1)
    with connection.cursor() as cursor:
        cursor.execute('DROP TRIGGER "search_fts_legislation_article_ai"')
    Article.objects.create(law=law, number=2, text_en="Quixotic clause.", is_published=True)
    make_fts_tables(using=connection.alias)
    assert f"/en/laws/{law.slug}/articles/2/" in result_links(client, "quixotic")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
            " AND name = 'search_fts_legislation_article_ai'"
        )
        assert cursor.fetchone()[0] == 1
