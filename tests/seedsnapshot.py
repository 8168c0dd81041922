"""A copy of the rows `load_seed` writes, to give later tests the seed content without running
the command again (it parses and imports two statutes: most of a seeded test's time).

The rows are read and written with plain SQL, so no model code (modeltranslation, signals,
history) sees them twice: the restored database is the one the command left, row for row.
"""

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from publishing import registry


def _tables():
    """Every table of the project, with the models whose id sequences may need moving on."""
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        tables.setdefault(model._meta.db_table, []).append(model)
    return sorted(tables.items())


def _rows(cursor, table, models):
    # The models' columns, not *: a generated column (search's grams) cannot be inserted back.
    qn = connection.ops.quote_name
    columns = list(
        dict.fromkeys(f.column for model in models for f in model._meta.local_concrete_fields)
    )
    cursor.execute(f"SELECT {', '.join(map(qn, columns))} FROM {qn(table)}")
    return columns, cursor.fetchall()


def _is_content(models):
    return any(registry.is_content(model) for model in models)


def _content_types():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, app_label, model FROM django_content_type ORDER BY id")
        return cursor.fetchall()


class SeedSnapshot:
    def __init__(self):
        self.rows = None  # {table: (columns, rows)}
        self.models = []
        self.content_types = None  # the ids the rows refer to

    def take(self, load):
        """Run `load` and keep the rows it added."""
        tables = _tables()
        with connection.cursor() as cursor:
            # repr: PostgreSQL gives JSON columns back as lists and dicts, which cannot be hashed.
            before = {
                table: set(map(repr, _rows(cursor, table, models)[1])) for table, models in tables
            }
            load()
            self.rows, self.models = {}, []
            for table, models in tables:
                columns, rows = _rows(cursor, table, models)
                added = [row for row in rows if repr(row) not in before[table]]
                if added:
                    self.rows[table] = (columns, added)
                    self.models += models
        # Rows a test wrote before asking for the seed would make the command skip or keep
        # some of its own: such a copy is not the seed, so it is not kept.
        if any(before[table] for table, models in tables if _is_content(models)):
            self.rows = None
        self.content_types = _content_types()

    def restore(self):
        """Write the kept rows back; False when there are none to write or they would not fit
        (a transactional test's flush gives content types new ids)."""
        if self.rows is None or _content_types() != self.content_types:
            return False
        qn = connection.ops.quote_name
        adapt = _adapter()
        # Foreign keys are checked at commit (Django creates them deferred), so order is free.
        with transaction.atomic(), connection.cursor() as cursor:
            for table, (columns, rows) in self.rows.items():
                marks = ", ".join(["%s"] * len(columns))
                names = ", ".join(qn(c) for c in columns)
                cursor.executemany(
                    f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})",
                    [tuple(adapt(v) for v in row) for row in rows],
                )
            for sql in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(sql)
        return True


def _adapter():
    if connection.vendor != "postgresql":
        return lambda value: value
    from psycopg.types.json import Jsonb

    return lambda value: Jsonb(value) if isinstance(value, dict | list) else value
