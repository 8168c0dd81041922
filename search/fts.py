"""Substring lookups on SQLite through FTS5 tables.

SQLite has no index for `LIKE '%…%'`: a rare word scanned every comparison, point and article
(200 ms for "pension" at seed_synthetic's size). Each searched table gets two FTS5 tables over
its searched columns (every language, as search.engine lists them), kept in step by triggers:

- `search_fts_<table>`, external content, trigram tokenizer: a variant of three characters or
  more is looked up there (the trigram tokenizer has nothing for one or two).
- `search_grams_<table>`, unicode61 tokenizer, one column per searched column holding that
  column's distinct Han characters and pairs of adjacent Han characters, space-separated
  (search_cjk_grams(), the SQLite counterpart of PostgreSQL's search/0004, as Lucene's CJK
  analyzer indexes text): a variant of one or two Han characters is the token looked up.
  Triggers cannot compute grams in SQL, so search_cjk_grams() is a Python function registered
  on every connection Django opens (search.apps); every write through Django, bulk updates
  and raw SQL included, keeps the table in step, and a write from a connection without it
  fails ("no such function") rather than leaving the index stale.

PostgreSQL uses pg_trgm and the CJK grams column instead (migrations 0002, 0004).

The tables and triggers are (re)made after every `migrate` (post_migrate), not in a migration:
SQLite's schema editor rebuilds a table to alter it, which drops its triggers, and a new
language adds columns; ensure() makes what is missing or out of date and fills it.
`manage.py rebuild_search_index` remakes them all.
"""

from django.db.models import Q
from django.db.models.expressions import RawSQL

from .query import HAN

MIN_LENGTH = 3  # the trigram tokenizer indexes nothing shorter
FUNCTION = "search_cjk_grams"


def cjk_grams(*values):
    """The distinct Han characters and pairs of adjacent Han characters of `values`,
    space-separated (pairs never span two values)."""
    grams = set()
    for value in values:
        if not value:
            continue
        previous = False
        for i, char in enumerate(value):
            han = bool(HAN.match(char))
            if han:
                grams.add(char)
                if previous:
                    grams.add(value[i - 1 : i + 1])
            previous = han
    return " ".join(sorted(grams))


def register_function(connection):
    """Make search_cjk_grams() callable (by the grams tables' triggers) on a new SQLite
    connection; connection_created calls this."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, -1, cjk_grams, deterministic=True)


class Index:
    def __init__(self, prefix, usable):
        self.prefix = prefix
        self.usable = usable

    def name(self, table):
        return f"{self.prefix}_{table}"

    def contains(self, table, columns, variant):
        """Rows of `table` one of whose `columns` contains `variant` (case-insensitive)."""
        phrase = '"' + variant.replace('"', '""') + '"'
        column_filter = "{" + " ".join(columns) + "}"
        fts = self.name(table)
        return Q(
            pk__in=RawSQL(
                f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s',
                (f"{column_filter}: {phrase}",),
            )
        )


def _is_short_han(variant):
    return 1 <= len(variant) <= 2 and all(HAN.match(c) for c in variant)


TRIGRAMS = Index("search_fts", lambda variant: len(variant) >= MIN_LENGTH)
GRAMS = Index("search_grams", _is_short_han)


def index_for(connection, variant):
    """The FTS index that answers `variant` on this connection, or None (LIKE, or another
    database's indexes)."""
    if connection.vendor != "sqlite":
        return None
    return next((index for index in (TRIGRAMS, GRAMS) if index.usable(variant)), None)


def ensure(connection, tables, rebuild=False):
    """Make the FTS tables and triggers for {table: [columns]} where missing or with other
    columns (every one with `rebuild`), and fill them from their tables. Nothing on other
    databases."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table, columns in tables.items():
            for index, make in ((TRIGRAMS, _make_trigrams), (GRAMS, _make_grams)):
                fts = index.name(table)
                if rebuild or not _current(cursor, table, fts, list(columns)):
                    make(cursor, table, fts, list(columns))


def _current(cursor, table, fts, columns):
    cursor.execute(f'PRAGMA table_info("{fts}")')
    existing = [row[1] for row in cursor.fetchall()]
    cursor.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s"
        " AND name LIKE %s",
        [table, f"{fts}_%"],
    )
    return existing == columns and cursor.fetchone()[0] == 3


def _drop(cursor, fts):
    for suffix in ("ai", "ad", "au"):
        cursor.execute(f'DROP TRIGGER IF EXISTS "{fts}_{suffix}"')
    cursor.execute(f'DROP TABLE IF EXISTS "{fts}"')


def _triggers(cursor, table, fts, columns, insert, delete):
    # AFTER UPDATE OF the searched columns only: publishing a row rewrites no index entry.
    updated = ", ".join(f'"{c}"' for c in columns)
    cursor.execute(f'CREATE TRIGGER "{fts}_ai" AFTER INSERT ON "{table}" BEGIN {insert} END')
    cursor.execute(f'CREATE TRIGGER "{fts}_ad" AFTER DELETE ON "{table}" BEGIN {delete} END')
    cursor.execute(
        f'CREATE TRIGGER "{fts}_au" AFTER UPDATE OF {updated} ON "{table}" '
        f"BEGIN {delete} {insert} END"
    )


def _make_trigrams(cursor, table, fts, columns):
    listed = ", ".join(f'"{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    _drop(cursor, fts)
    cursor.execute(
        f'CREATE VIRTUAL TABLE "{fts}" USING fts5({listed}, content="{table}", '
        f"content_rowid=\"id\", tokenize='trigram')"
    )
    cursor.execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'rebuild\')')
    insert = f'INSERT INTO "{fts}"(rowid, {listed}) VALUES (new."id", {new});'
    delete = f'INSERT INTO "{fts}"("{fts}", rowid, {listed}) VALUES (\'delete\', old."id", {old});'
    _triggers(cursor, table, fts, columns, insert, delete)


def _make_grams(cursor, table, fts, columns):
    # The table keeps its own copy of the grams (not external content: the searched table
    # has no grams column), so a row is deleted by its rowid alone.
    listed = ", ".join(f'"{c}"' for c in columns)
    grams = ", ".join(f'{FUNCTION}("{c}")' for c in columns)
    new = ", ".join(f'{FUNCTION}(new."{c}")' for c in columns)
    _drop(cursor, fts)
    cursor.execute(f"CREATE VIRTUAL TABLE \"{fts}\" USING fts5({listed}, tokenize='unicode61')")
    cursor.execute(f'INSERT INTO "{fts}"(rowid, {listed}) SELECT "id", {grams} FROM "{table}"')
    insert = f'INSERT INTO "{fts}"(rowid, {listed}) VALUES (new."id", {new});'
    delete = f'DELETE FROM "{fts}" WHERE rowid = old."id";'
    _triggers(cursor, table, fts, columns, insert, delete)
