"""The site search's indexes for questions on PostgreSQL, as search/0002 (pg_trgm) and
search/0004 (CJK grams) made them for the other searched tables; nothing on SQLite."""

from django.db import migrations

TABLE = "questions_question"
FIELDS = ["question", "short_answer"]  # the kind's search_fields, frozen here as they were
LANGUAGES = ["zh_hans", "en"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field in FIELDS:
        for language in LANGUAGES:
            column = f"{field}_{language}"
            name = f"search_trgm_{TABLE}_{column}"[:63]
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{TABLE}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )
    joined = " || ' ' || ".join(
        f"coalesce(\"{field}_{language}\", '')" for field in FIELDS for language in LANGUAGES
    )
    schema_editor.execute(
        f'ALTER TABLE "{TABLE}" ADD COLUMN IF NOT EXISTS "{TABLE}_grams" text[] '
        f"GENERATED ALWAYS AS (search_cjk_grams({joined})) STORED"
    )
    schema_editor.execute(
        f'CREATE INDEX IF NOT EXISTS "search_grams_{TABLE}" ON "{TABLE}" USING gin ("{TABLE}_grams")'
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f'ALTER TABLE "{TABLE}" DROP COLUMN IF EXISTS "{TABLE}_grams"')
    for field in FIELDS:
        for language in LANGUAGES:
            name = f"search_trgm_{TABLE}_{field}_{language}"[:63]
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("questions", "0001_initial"),
        ("search", "0004_cjk_grams"),  # search_cjk_grams()
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
