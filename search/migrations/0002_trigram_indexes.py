"""Trigram (pg_trgm) GIN indexes for the site search on PostgreSQL; nothing on SQLite.

Why pg_trgm: the search matches substrings (`icontains`), because Chinese has no spaces to
split words at and PostgreSQL ships no Chinese text-search configuration (zhparser and
pg_jieba are not packaged for Debian's PostgreSQL). pg_trgm is a contrib module shipped with
PostgreSQL itself, and its GIN operator class serves LIKE '%…%' on the same expression Django
writes for icontains: UPPER(column::text). Queries of one or two characters (社保, 卡) have no
trigram to look up and are answered by a scan, which the small corpus makes cheap.

CREATE EXTENSION needs a role allowed to create it (a superuser, or the database owner on
PostgreSQL 13+ for this trusted extension).
"""

from django.db import migrations

# (table, columns): every language's column of every searched field, frozen here as it was.
COLUMNS = {
    "cards_comparison": ["title", "introduction"],
    "cards_comparisonpoint": ["aspect", "heading"],
    "cards_pointtext": ["text"],
    "cards_cardtype": ["name", "short_name", "summary", "issuer", "eligibility", "main_uses"],
    "legislation_law": ["title", "short_title", "summary"],
    "legislation_article": ["text"],
}
LANGUAGES = ["zh_hans", "en"]


def indexes():
    for table, fields in COLUMNS.items():
        for field in fields:
            for language in LANGUAGES:
                column = f"{field}_{language}"
                yield f"search_trgm_{table}_{column}"[:63], table, column


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in indexes():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in indexes():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
        ("cards", "0001_initial"),
        ("legislation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
