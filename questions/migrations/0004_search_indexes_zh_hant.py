"""Trigram (pg_trgm) GIN indexes on the questions' zh-hant search columns, as search/0005 made
them for the other searched tables (one unindexed column in the search's OR would make
PostgreSQL scan the table). Nothing on SQLite. The CJK grams of 0002 stay built from the
Simplified and English columns: a query is also searched in its Simplified fold."""

from django.db import migrations

TABLE = "questions_question"
FIELDS = ["question", "short_answer"]  # the kind's search_fields, frozen here as they were
LANGUAGE = "zh_hant"


def indexes():
    for field in FIELDS:
        column = f"{field}_{LANGUAGE}"
        yield f"search_trgm_{TABLE}_{column}"[:63], column


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in indexes():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{TABLE}" '
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _column in indexes():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0003_add_zh_hant"),
        ("search", "0005_add_zh_hant"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
