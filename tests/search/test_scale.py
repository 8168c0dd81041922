"""Search that stays bounded at scale (issue 15, item 4): ranking works on a bounded set of
candidates, and SQLite looks substrings of three characters or more up in FTS5 trigram tables
kept in step with the content (search.fts). The times are in docs/benchmarks.md
(scripts/bench_search.py), not asserted here."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection

from legislation.models import Article
from search import engine
from tests.factories import make_law

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
