"""CJK unigrams and bigrams, indexed, for one- and two-character Chinese queries on PostgreSQL;
nothing on SQLite.

pg_trgm (migration 0002) has no trigram in 社会 or 卡, so those queries scanned every row. As
Lucene's CJK analyzer does, each searched table gets a generated column `<table>_grams`: the
distinct single Han characters and pairs of adjacent Han characters of all its searched
columns (both languages), with a GIN index. A query of one or two Han characters is then
`<table>_grams && ARRAY['社会']`, an index lookup that finds exactly the rows containing it
(the columns are joined with a space, so no pair spans two fields). Each column is named
after its table (legislation_article_grams) so that a query may name it unqualified whatever
alias Django gives the table, even with another searched table joined. PostgreSQL 15 here has no
pg_bigm package; this needs nothing beyond core PostgreSQL.

Statistics are gathered at the end (ANALYZE), so the planner uses the indexes at once; the
seed loaders gather them again after loading (search.indexes.analyze).
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
HAN = "[㐀-鿿豈-﫿]"  # CJK Unified Ideographs (with Extension A) and compatibility ideographs

FUNCTION = f"""
CREATE OR REPLACE FUNCTION search_cjk_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT gram), '{{}}')
  FROM (
    SELECT substr(value, i, 1) AS gram FROM generate_series(1, length(value)) AS i
    WHERE substr(value, i, 1) ~ '^{HAN}$'
    UNION ALL
    SELECT substr(value, i, 2) FROM generate_series(1, length(value) - 1) AS i
    WHERE substr(value, i, 2) ~ '^{HAN}{{2}}$'
  ) AS grams
$$
"""


def column(table):
    return f"{table}_grams"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    for table, fields in COLUMNS.items():
        joined = " || ' ' || ".join(
            f"coalesce(\"{field}_{language}\", '')" for field in fields for language in LANGUAGES
        )
        schema_editor.execute(
            f'ALTER TABLE "{table}" ADD COLUMN IF NOT EXISTS "{column(table)}" text[] '
            f"GENERATED ALWAYS AS (search_cjk_grams({joined})) STORED"
        )
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "search_grams_{table}" ON "{table}" '
            f'USING gin ("{column(table)}")'
        )
        schema_editor.execute(f'ANALYZE "{table}"')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in COLUMNS:
        schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{column(table)}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS search_cjk_grams(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_law_search"),
        ("cards", "0001_initial"),
        ("legislation", "0001_initial"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
