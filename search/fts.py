"""Substring lookups on SQLite through FTS5 tables with the trigram tokenizer.

SQLite has no index for `LIKE '%…%'`: a rare word scanned every comparison, point and article
(200 ms for "pension" at seed_synthetic's size). Each searched table gets an external-content
FTS5 table `search_fts_<table>` over its searched columns (every language), kept in step by
triggers; a variant of three characters or more is then looked up there (the trigram
tokenizer has nothing for one or two: those still use LIKE). PostgreSQL uses pg_trgm and the
CJK grams instead (migrations 0002, 0004).

The tables and triggers are (re)made after every `migrate` (post_migrate), not in a migration:
SQLite's schema editor rebuilds a table to alter it, which drops its triggers, and a new
language adds columns; ensure() makes what is missing or out of date and refills it.
"""

from django.db.models import Q
from django.db.models.expressions import RawSQL

MIN_LENGTH = 3  # the trigram tokenizer indexes nothing shorter


def name(table):
    return f"search_fts_{table}"


def usable(connection, variant):
    return connection.vendor == "sqlite" and len(variant) >= MIN_LENGTH


def contains(table, columns, variant):
    """Rows of `table` one of whose `columns` contains `variant` (case-insensitive)."""
    phrase = '"' + variant.replace('"', '""') + '"'
    column_filter = "{" + " ".join(columns) + "}"
    fts = name(table)
    return Q(
        pk__in=RawSQL(
            f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s', (f"{column_filter}: {phrase}",)
        )
    )


def ensure(connection, tables):
    """Make the FTS tables and triggers for {table: [columns]} where missing or with other
    columns, and fill them from their tables. Nothing on other databases."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table, columns in tables.items():
            fts = name(table)
            cursor.execute(f'PRAGMA table_info("{fts}")')
            existing = [row[1] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s"
                " AND name LIKE %s",
                [table, f"{fts}_%"],
            )
            if existing == list(columns) and cursor.fetchone()[0] == 3:
                continue
            _make(cursor, table, fts, list(columns))


def _make(cursor, table, fts, columns):
    listed = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    for suffix in ("ai", "ad", "au"):
        cursor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
    cursor.execute(f'DROP TABLE IF EXISTS "{fts}"')
    cursor.execute(
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5({listed}, content="{table}", '
        f"content_rowid=\"id\", tokenize='trigram')"
    )
    cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
    insert = f'INSERT INTO "{fts}"(rowid, {listed}) VALUES (new."id", {new});'
    delete = f'INSERT INTO "{fts}"("{fts}", rowid, {listed}) VALUES (\'delete\', old."id", {old});'
    cursor.execute(f'CREATE TRIGGER "{fts}_ai" AFTER INSERT ON "{table}" BEGIN {insert} END')
    cursor.execute(f'CREATE TRIGGER "{fts}_ad" AFTER DELETE ON "{table}" BEGIN {delete} END')
    cursor.execute(
        f'CREATE TRIGGER "{fts}_au" AFTER UPDATE ON "{table}" BEGIN {delete} {insert} END'
    )
