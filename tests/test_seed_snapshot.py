"""The `seeded` fixture copies back the rows `load_seed` wrote for an earlier test: the copy
must be the same database, or every seeded test would test something else than the site."""

from django.core.management import call_command
from django.db import connection, transaction

from tests.seedsnapshot import SeedSnapshot


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
