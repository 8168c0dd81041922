"""A copy of the rows `load_seed` writes, to give later tests the seed content without running
the command again (it parses and imports two statutes: most of a seeded test's time).

The rows are read and written with plain SQL, so no model code (modeltranslation, signals,
history) sees them twice: the restored database is the one the command left, row for row.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
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


def _cached_content_types():
    """The content types in ContentTypeManager's cache (Django keeps it per process)."""
    cached = ContentType.objects._cache.get(connection.alias, {}).values()
    return sorted({(ct.app_label, ct.model) for ct in cached})


def _references(models, columns):
    """{column index: referenced table} for the columns that are foreign keys."""
    fields = {f.column: f for model in models for f in model._meta.local_concrete_fields}
    return {
        i: fields[column].related_model._meta.db_table
        for i, column in enumerate(columns)
        if fields[column].is_relation and fields[column].related_model
    }


class SeedSnapshot:
    def __init__(self):
        self.rows = None  # {table: (columns, rows)}
        self.models = []
        self.content_types = None  # the ids the rows refer to
        self.cached_types = []  # see restore()

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
        self.cached_types = _cached_content_types()

    def _content_type_ids(self):
        """{id in the kept rows: id now} for the content types, or None when the kept rows
        cannot be made to fit. A transactional test's flush (the live server's tests) creates
        the content types again under new ids: the rows' references to them are moved on; a
        reference to a row of any other table the seed did not write (a user, a permission:
        new ids too) would be left dangling, so such rows are not restored after a flush."""
        now = _content_types()
        if now == self.content_types:
            return {}
        for table, (columns, rows) in self.rows.items():
            models = [m for m in self.models if m._meta.db_table == table]
            for i, target in _references(models, columns).items():
                if target not in (*self.rows, "django_content_type") and any(
                    row[i] is not None for row in rows
                ):
                    return None
        ids = {(app, model): pk for pk, app, model in now}
        try:
            return {pk: ids[app, model] for pk, app, model in self.content_types}
        except KeyError:  # a content type that is gone
            return None

    def restore(self):
        """Write the kept rows back; False when there are none to write or they would not fit
        (see _content_type_ids)."""
        if self.rows is None or (moved := self._content_type_ids()) is None:
            return False
        qn = connection.ops.quote_name
        adapt = _adapter()
        # Foreign keys are checked at commit (Django creates them deferred), so order is free.
        with transaction.atomic(), connection.cursor() as cursor:
            for table, (columns, rows) in self.rows.items():
                if moved:
                    models = [m for m in self.models if m._meta.db_table == table]
                    refs = _references(models, columns)
                    at = [i for i, target in refs.items() if target == "django_content_type"]
                    if at:
                        rows = [
                            tuple(moved.get(v, v) if i in at else v for i, v in enumerate(row))
                            for row in rows
                        ]
                marks = ", ".join(["%s"] * len(columns))
                names = ", ".join(qn(c) for c in columns)
                cursor.executemany(
                    f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})",
                    [tuple(adapt(v) for v in row) for row in rows],
                )
            for sql in connection.ops.sequence_reset_sql(no_style(), self.models):
                cursor.execute(sql)
        # The command also left these content types in Django's per-process cache; a flush
        # (post_migrate) empties it. Without them the next request would run lookups that
        # the command's run had spared it (tests count a page's queries).
        for app_label, model in self.cached_types:
            ContentType.objects.get_by_natural_key(app_label, model)
        return True


def _adapter():
    if connection.vendor != "postgresql":
        return lambda value: value
    from psycopg.types.json import Jsonb

    return lambda value: Jsonb(value) if isinstance(value, dict | list) else value


_seed = SeedSnapshot()


def load_seed():
    """The seed content, as `load_seed` writes it. The first call runs the command; later ones
    get the same rows copied back (about 20× faster), which tests/test_seed_snapshot.py checks,
    after a transactional test's flush too (the live server's tests in tests/browser)."""
    if not _seed.restore():
        _seed.take(lambda: call_command("load_seed", verbosity=0))
