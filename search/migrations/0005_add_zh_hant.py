"""Trigram (pg_trgm) GIN indexes on the zh-hant columns of the searched fields, as 0002 made
for zh_hans and en: the search matches every language's column (search.engine), and one
unindexed column in its OR would make PostgreSQL scan the table. Nothing on SQLite.

The CJK grams of 0004 stay built from the Simplified and English columns: a query is also
searched in its Simplified fold (translations.conversion.script_variants), so 養老 finds the
rows whose Simplified text has 养老 through them.
"""

from django.db import migrations

# (table, columns): the searched fields, frozen here as 0002 froze them.
COLUMNS = {
    "cards_comparison": ["title", "introduction"],
    "cards_comparisonpoint": ["aspect", "heading"],
    "cards_pointtext": ["text"],
    "cards_cardtype": ["name", "short_name", "summary", "issuer", "eligibility", "main_uses"],
    "legislation_law": ["title", "short_title", "summary"],
    "legislation_article": ["text"],
}
LANGUAGE = "zh_hant"


def indexes():
    for table, fields in COLUMNS.items():
        for field in fields:
            column = f"{field}_{LANGUAGE}"
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
        ("search", "0004_cjk_grams"),
        ("cards", "0005_add_zh_hant"),
        ("legislation", "0006_add_zh_hant"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
