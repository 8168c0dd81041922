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
