"""A page that shows a pending draft and another editor's save, at the same time, on
PostgreSQL (real transactions on two connections): every save is saved (302) and every page
shown (200). Showing the draft had written the change feed's rows in its rolled-back
transaction; a save of a card type the comparison shows wrote the same rows in another order,
and PostgreSQL broke the deadlock by failing one of them: the editor got a 503.

PostgreSQL only: it runs in the suite's PostgreSQL pass (CI's second), skipped on SQLite as
tests/search/test_postgres_indexes.py. A save that loses a conflict all the same is run again
once: tests/publishing/test_database_conflicts.py."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from tests.cards.test_admin import form_data
from tests.factories import make_draft
from tests.translations.conftest import make_user
from translations.roles import EDITORS

pytestmark = [
    pytest.mark.django_db(transaction=True),  # two connections see each other's commits
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only"),
]

SAVES = 12


def editor(name):
    client = Client(raise_request_exception=False)  # a 503 is an answer, as a browser gets
    client.force_login(make_user(name, EDITORS))
    return client


def in_thread(work, results):
    """Run `work()` on a thread of its own (its own database connection), keeping what it
    returns or raises in `results`."""

    def run():
        try:
            results.extend(work())
        except Exception as error:  # noqa: BLE001 - reported by the test
            results.append(error)
        finally:
            connections.close_all()  # this thread's

    return threading.Thread(target=run)


@pytest.mark.parametrize(
    "page",
    ["/en/admin/cards/comparison/{pk}/change/", "/en/admin/cards/comparison/{pk}/publish/",
     "/en/compare/{slug}/"],
)  # fmt: skip
def test_a_save_while_another_editor_looks_at_a_draft_is_saved(comparison, page):
    card = comparison.compared_card_types()[0]

    def change():
        comparison.introduction_en = "A pending draft"
        comparison.save()

    make_draft(comparison, change)
    url = page.format(pk=comparison.pk, slug=comparison.slug)
    card_url = f"/en/admin/cards/cardtype/{card.pk}/change/"
    reader, writer = editor("reader"), editor("writer")
    saving = threading.Event()
    saving.set()

    def look():
        statuses = []
        while saving.is_set() and len(statuses) < 400:
            statuses.append(("GET", url, reader.get(url).status_code))
        return statuses

    def save():
        statuses = []
        try:
            for _ in range(SAVES):
                form = writer.get(card_url)
                statuses.append(("GET", card_url, form.status_code))
                if form.status_code == 200:
                    saved = writer.post(card_url, {**form_data(form), "_save": "Save"})
                    statuses.append(("POST", card_url, saved.status_code))
        finally:
            saving.clear()
        return statuses

    looked, saved = [], []
    threads = [in_thread(look, looked), in_thread(save, saved)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    failed = [s for s in looked + saved if not isinstance(s, tuple) or s[2] not in (200, 302)]
    assert not failed, failed
    assert [s[2] for s in saved if s[0] == "POST"] == [302] * SAVES
