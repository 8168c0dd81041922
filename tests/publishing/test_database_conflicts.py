"""An editor's save that the database ends to settle a conflict with another transaction (a
deadlock or serialization failure on PostgreSQL, "database is locked" on SQLite) is run again
once, as a whole, instead of being a 503; a second loss, or any other database error, is the
503 with one log line naming its cause. The real deadlock: test_concurrent_previews.py."""

import logging

import psycopg
import pytest
from django.db import OperationalError
from django.test import Client

from cards.models import CardType
from publishing import services
from tests.cards.test_admin import form_data
from tests.factories import make_card_type
from tests.translations.conftest import make_user
from translations.roles import EDITORS

pytestmark = pytest.mark.django_db(transaction=True)  # the save is its own transaction


def deadlock(cls=psycopg.errors.DeadlockDetected, message="deadlock detected"):
    """The error Django raises when PostgreSQL ends a transaction to break a deadlock (or
    another conflict: `cls`)."""
    try:
        raise cls(f"{message}\nDETAIL:  Process 7 waits")
    except psycopg.Error as cause:
        try:
            raise OperationalError(str(cause)) from cause
        except OperationalError as error:
            return error


def failing(real, errors):
    """`real`, raising each of `errors` on the first calls (after doing the real work: the
    transaction's writes are there to be undone)."""
    calls = []

    def call(*args, **kwargs):
        result = real(*args, **kwargs)
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return result

    call.calls = calls
    return call


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (deadlock(), "deadlock"),
        (deadlock(psycopg.errors.SerializationFailure, "serialize"), "serialization failure"),
        (OperationalError("database is locked"), "locked"),
        (OperationalError("connection refused"), None),
        (deadlock(psycopg.errors.AdminShutdown, "terminating connection"), None),
    ],
)
def test_what_is_retried(error, cause):
    assert services.conflict(error) == cause


@pytest.fixture
def editor(seeded):
    client = Client(raise_request_exception=False)
    client.force_login(make_user("editor", EDITORS))
    return client


def save_card(editor, card, name):
    url = f"/en/admin/cards/cardtype/{card.pk}/change/"
    return editor.post(url, {**form_data(editor.get(url)), "name_en": name, "_save": "Save"})


def drafted_name(card):
    with services.draft_applied(card):
        return CardType.objects.get(pk=card.pk).name_en


def test_a_save_that_lost_a_deadlock_is_saved(editor, monkeypatch, caplog):
    card = CardType.objects.published().order_by("pk").first()
    save_draft = failing(services.save_draft, [deadlock()])
    monkeypatch.setattr(services, "save_draft", save_draft)
    caplog.set_level(logging.WARNING)
    response = save_card(editor, card, "Renamed after a deadlock")
    assert response.status_code == 302
    assert len(save_draft.calls) == 2
    assert drafted_name(card) == "Renamed after a deadlock"
    assert services.draft_of(card) is not None
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert lines == ["transaction retried once (deadlock): deadlock detected"]


def test_a_save_that_loses_twice_is_a_503_with_its_cause_and_saves_nothing(
    editor, monkeypatch, caplog
):
    card = CardType.objects.published().order_by("pk").first()
    monkeypatch.setattr(
        services, "save_draft", failing(services.save_draft, [deadlock(), deadlock()])
    )
    response = save_card(editor, card, "Never saved")
    assert response.status_code == 503
    assert services.draft_of(card) is None
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    # The database answered (it broke a deadlock): not an outage, and not told as one.
    assert errors == ["database error: OperationalError: deadlock detected"]
    assert "could not complete this request" in response.content.decode()
    assert "cannot reach its data" not in response.content.decode()


def test_another_database_error_is_not_retried(editor, monkeypatch):
    card = CardType.objects.published().order_by("pk").first()
    save_draft = failing(services.save_draft, [OperationalError("server closed the connection")])
    monkeypatch.setattr(services, "save_draft", save_draft)
    assert save_card(editor, card, "Not saved").status_code == 503
    assert len(save_draft.calls) == 1


def test_a_publish_that_lost_a_deadlock_is_published(editor, monkeypatch):
    card = CardType.objects.published().order_by("pk").first()
    assert save_card(editor, card, "Published after a deadlock").status_code == 302
    publish = failing(services.publish, [deadlock()])
    monkeypatch.setattr(services, "publish", publish)
    url = f"/en/admin/cards/cardtype/{card.pk}/publish/"
    page = editor.get(url)
    data = {"base_revision": page.context["base_revision"], "confirm_translations": "1"}
    assert editor.post(url, data).status_code == 302
    assert len(publish.calls) == 2
    assert services.draft_of(card) is None
    assert CardType.objects.get(pk=card.pk).name_en == "Published after a deadlock"


def shown(editor, response):
    """The messages the editor sees on the page the save redirects to, in order."""
    return [str(m) for m in editor.get(response["Location"]).context["messages"]]


def test_a_retried_save_says_once_that_it_was_saved(editor, monkeypatch):
    card = make_card_type(is_published=False)
    # Lost after Django said "changed successfully": as a deadlock found at the commit is.
    record = failing(services.record, [deadlock()])
    monkeypatch.setattr(services, "record", record)
    response = save_card(editor, card, "Saved once after a deadlock")
    assert response.status_code == 302
    assert len(record.calls) == 2
    assert CardType.objects.get(pk=card.pk).name_en == "Saved once after a deadlock"
    told = shown(editor, response)
    assert len(told) == 1
    assert "was changed successfully" in told[0]
