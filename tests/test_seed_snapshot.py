"""The `seeded` fixture copies back the rows `load_seed` wrote for an earlier test: the copy
must be the same database, or every seeded test would test something else than the site."""

from django.core.management import call_command
from django.db import connection, transaction

from tests.seedsnapshot import SeedSnapshot, _content_types
from translations.models import TranslationState


def everything():
    qn = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT * FROM {qn(table)}")
            tables[table] = sorted(map(repr, cursor.fetchall()))
    return tables


def test_a_restored_seed_is_row_for_row_what_load_seed_wrote(db):
    snapshot = SeedSnapshot()
    point = transaction.savepoint()
    snapshot.take(lambda: call_command("load_seed", verbosity=0))
    loaded = everything()
    transaction.savepoint_rollback(point)
    assert everything() != loaded

    assert snapshot.restore()
    assert everything() == loaded
    assert sum(map(len, loaded.values())) > 500  # laws, articles, history: not an empty copy


def by_content_type(tables):
    """`everything()` of these tables with each content type id written as the content type's
    name: a flush creates the content types again under new ids."""
    names = {str(pk): f"{app}.{model}" for pk, app, model in _content_types()}
    qn = connection.ops.quote_name
    result = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {qn(table)}")
            columns = [c[0] for c in cursor.description]
            result[table] = sorted(
                repr(
                    tuple(
                        names.get(str(v), v) if column == "content_type_id" else v
                        for column, v in zip(columns, row, strict=True)
                    )
                )
                for row in cursor.fetchall()
            )
    return result


def flush():
    """What pytest-django does after a transactional test: every table emptied, the content
    types and permissions created again, ids not reset (so they are new ones)."""
    call_command(
        "flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=False
    )


def test_a_seed_restored_after_a_flush_is_what_load_seed_writes_there(transactional_db):
    """The live server's tests (transactional) get the copy too: after a flush the content
    types have new ids, and the copied rows must point at the new ones."""
    snapshot = SeedSnapshot()
    snapshot.take(lambda: call_command("load_seed", verbosity=0))
    # The tables the seed writes (the editors' and translators' groups are written again by
    # the flush's post_migrate, under new ids, whatever the seed does).
    tables = sorted(snapshot.rows)
    assert "reversion_version" in tables and "translations_translationstate" in tables
    loaded = by_content_type(tables)
    old_ids = _content_types()
    flush()
    assert _content_types() != old_ids  # the case under test: the ids moved on
    assert by_content_type(tables) != loaded

    assert snapshot.restore()
    assert by_content_type(tables) == loaded
    state = TranslationState.objects.first()
    # The state's content type leads to the seeded row it describes.
    assert state.content_type.get_object_for_this_type(pk=state.object_id)
