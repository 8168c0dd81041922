"""On PostgreSQL the search's substring lookups are served by pg_trgm GIN indexes (migration
search 0002); on SQLite the migration does nothing and the search still works."""

import pytest
from django.db import connection

from legislation.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm is PostgreSQL only")
def test_icontains_on_a_translated_column_uses_the_trigram_index():
    queryset = Article.objects.filter(text_en__icontains="old-age insurance").order_by()
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # Tiny test tables: rule out the scans that would win on them anyway.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "search_trgm_legislation_article_text_en" in plan, plan


def test_sqlite_has_no_trigram_indexes():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE 'search_trgm_%'")
        assert cursor.fetchall() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
@pytest.mark.parametrize("q", ["社", "社会", "社会保险", "pension"])
def test_every_searched_kind_uses_an_index_for_queries_of_any_length(seeded, q):
    """社会 (two characters: the CJK grams of search/0004), 社会保险 and "pension" with its
    synonyms (pg_trgm): no searched table is scanned, for any kind of content."""
    from search import query as search_query
    from search.engine import sources
    from search.models import Synonym

    parsed = search_query.parse(q)
    parsed = parsed.with_synonyms(Synonym.objects.expansions_for(parsed.words))
    for source in sources():
        rows = source.matching(parsed).values_list("pk", flat=True)[:200]
        sql, params = rows.query.sql_with_params()
        with connection.cursor() as cursor:
            # Tiny test tables: a scan, or reading a whole index in key order, would win on
            # them; forbid both unless nothing else works (as the test above does).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        for table in source.tables:
            assert f"Seq Scan on {table}" not in plan, (q, source, plan)
            # pg_trgm's index can answer a one- or two-character LIKE only by reading all of
            # itself: those queries must look up the CJK grams instead.
            if len(q) <= 2:
                assert f"search_grams_{table}" in plan, (q, source, plan)
            else:  # pg_trgm, or the grams for a Chinese query's bigrams
                used = f"search_trgm_{table}" in plan or f"search_grams_{table}" in plan
                assert used, (q, source, plan)
