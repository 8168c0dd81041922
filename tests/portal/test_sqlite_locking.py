"""On SQLite, a transaction that reads and then writes while another connection's transaction
writes waits for it (transaction_mode IMMEDIATE, portal.settings.base), instead of failing at
once with "database is locked": an editor's save beside another editor's draft preview had
failed so (9 of 20 requests). Two connections to one database file, as runserver has."""

import threading

import pytest
from django.db import connection, connections, transaction

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own locking")


@pytest.fixture
def two_connections(tmp_path, django_db_blocker):
    """The aliases "first" and "second": connections to one new database file, configured as
    the default database is (each thread opens its own)."""
    path = tmp_path / "locking.sqlite3"
    for alias in ("first", "second"):
        connections.settings[alias] = {**connection.settings_dict, "NAME": str(path)}
    with django_db_blocker.unblock():
        yield
        for alias in ("first", "second"):
            connections[alias].close()
            del connections.settings[alias]


def test_a_save_and_a_preview_at_once_both_succeed(two_connections):
    """The save writes, then commits; meanwhile the preview reads, then writes (applying the
    draft) and rolls back. Begun deferred, the preview held its read lock while waiting to
    write and the save's commit waited for that read lock: SQLite failed one of them at
    once. Begun immediate, the preview waits for the save before it reads anything."""
    with connections["first"].cursor() as cursor:
        cursor.execute("CREATE TABLE row (value INTEGER)")
        cursor.execute("INSERT INTO row VALUES (0)")
    reading = threading.Event()
    outcome = []

    def preview():
        try:
            with transaction.atomic(using="second"), connections["second"].cursor() as cursor:
                cursor.execute("SELECT value FROM row")
                reading.set()
                cursor.execute("UPDATE row SET value = value + 100")  # the draft applied
                transaction.set_rollback(True, using="second")
            outcome.append("shown")
        except Exception as error:  # noqa: BLE001 - reported by the test
            outcome.append(str(error))
        finally:
            reading.set()
            connections["second"].close()  # this thread's

    try:
        with transaction.atomic(using="first"), connections["first"].cursor() as cursor:
            cursor.execute("UPDATE row SET value = value + 1")  # the save
            thread = threading.Thread(target=preview)
            thread.start()
            reading.wait(2)  # begun deferred, it has read; begun immediate, it waits for us
        outcome.append("saved")
    except Exception as error:  # noqa: BLE001 - reported by the test
        outcome.append(str(error))
    thread.join()
    assert sorted(outcome) == ["saved", "shown"]
    with connections["first"].cursor() as cursor:
        cursor.execute("SELECT value FROM row")
        assert cursor.fetchone() == (1,)
