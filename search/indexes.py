"""Keeping PostgreSQL's planner informed about the searched tables.

The search's indexes (pg_trgm, search/0002; CJK grams, search/0004) are only chosen when the
planner's statistics say the tables are large: right after a bulk load, before autovacuum's
next ANALYZE, it would scan. And a GIN index keeps what a bulk load adds in a pending list
that every lookup reads through until VACUUM merges it (200 ms for "pension" on the points
after seed_synthetic, 50 ms merged). The seed loaders call analyze() when they have written.
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
    """ANALYZE the searched tables and merge their GIN indexes' pending lists on PostgreSQL
    (gin_clean_pending_list, unlike VACUUM, runs inside a transaction: tests); nothing
    elsewhere."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
            cursor.execute(
                "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i"
                " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
                " WHERE a.amname = 'gin' AND i.indrelid = %s::regclass",
                [table],
            )
