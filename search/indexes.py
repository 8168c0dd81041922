"""Keeping PostgreSQL's planner informed about the searched tables.

The search's indexes (pg_trgm, search/0002; CJK grams, search/0004) are only chosen when the
planner's statistics say the tables are large: right after a bulk load, before autovacuum's
next ANALYZE, it would scan. The seed loaders call analyze() when they have written.
"""

from django.db import connection

# The tables the search reads (the same as in migrations 0002 and 0004).
TABLES = (
    "cards_comparison",
    "cards_comparisonpoint",
    "cards_pointtext",
    "cards_cardtype",
    "legislation_law",
    "legislation_article",
    "questions_question",
)


def analyze():
    """ANALYZE the searched tables on PostgreSQL; nothing elsewhere."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
