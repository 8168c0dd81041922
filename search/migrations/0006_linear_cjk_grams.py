"""search_cjk_grams() (0004) in time proportional to the text, with the same result.

0004 cut the text with substr(value, i, 1) and substr(value, i, 2) for every position i:
substr counts characters from the start of a multibyte text each time, so the function was
quadratic (PostgreSQL 15: 1,000 characters 32 ms, 10,000 1.4 s, 100,000 141 s). An article of
100,000 characters, written through a generated column, hit the statement timeout and
import_law failed. This version splits the text into its characters once
(string_to_array(value, NULL)), numbers them, and pairs each with the next (lead()): 1,000
characters 4 ms, 10,000 25-40 ms, 100,000 0.35-0.38 s.

The grams are the same, in the same order (array_agg(DISTINCT) sorts them), so the generated
columns need no rewrite: the function is only replaced, and rows written from now on use it.
tests/search/test_cjk_grams.py compares both versions.
"""

import importlib

from django.db import migrations

HAN = "[㐀-鿿豈-﫿]"  # as 0004: CJK Unified Ideographs (with Extension A), compatibility ideographs

# A gram is a character, or a character and the next one (NULL at the end); one or two Han
# characters and nothing else make a gram.
FUNCTION = f"""
CREATE OR REPLACE FUNCTION search_cjk_grams(value text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT gram), '{{}}')
  FROM (
    SELECT c, lead(c) OVER (ORDER BY i) AS next
    FROM unnest(string_to_array(value, NULL)) WITH ORDINALITY AS chars(c, i)
  ) AS pairs
  CROSS JOIN LATERAL (VALUES (c), (c || next)) AS grams(gram)
  WHERE gram ~ '^{HAN}{{1,2}}$'
$$
"""


def replace(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        first = importlib.import_module("search.migrations.0004_cjk_grams")
        schema_editor.execute(first.FUNCTION)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_add_zh_hant")]

    operations = [migrations.RunPython(replace, restore, elidable=False)]
