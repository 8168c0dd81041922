"""Faults an operator meets: a database that is gone, the load balancer's health checks,
request ids and logs. A real database outage through gunicorn is in tests/production."""

import json
import logging

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from cards.views import ComparisonDetailView
from portal import health
from portal.logging import JsonLogFormatter, RequestContextFilter, Throttle
from translations.i18n import language_tag

COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"


@pytest.fixture
def dead_database(seeded):
    """Every new query fails as it does when the database server is unreachable. Undone
    before the test database is rolled back."""

    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    patch = pytest.MonkeyPatch()
    patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    yield patch
    patch.undo()


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "Temporarily unavailable"), ("zh-hans", "暂时无法访问")]
)
def test_a_dead_database_is_a_styled_503_in_the_urls_language(dead_database, lang, text):
    response = Client(raise_request_exception=False).get(COMPARISON.format(lang=lang))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert f'<html lang="{language_tag(lang)}"' in body and text in body
    assert "OperationalError" not in body and "Traceback" not in body


def test_a_dead_database_is_bilingual_without_a_language(dead_database):
    response = Client(raise_request_exception=False).get("/sitemap.xml")
    assert response.status_code == 503
    body = response.content.decode()
    assert "暂时无法访问" in body and "Temporarily unavailable" in body


def test_the_site_recovers_when_the_database_returns(dead_database):
    client = Client(raise_request_exception=False)
    assert client.get(COMPARISON.format(lang="en")).status_code == 503
    dead_database.undo()
    assert client.get(COMPARISON.format(lang="en")).status_code == 200


def test_healthz_needs_no_database(dead_database, client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_reports_the_database(dead_database, client):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": False, "cache": True}


def test_readyz_is_ok_when_everything_answers(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": True, "cache": True}}


def test_every_answer_has_a_request_id_and_a_proxys_id_is_kept(client, db):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32 and first["X-Request-ID"] != second["X-Request-ID"]
    kept = client.get("/healthz", headers={"x-request-id": "0123456789abcdef0123"})
    assert kept["X-Request-ID"] == "0123456789abcdef0123"
    forged = client.get("/healthz", headers={"x-request-id": "x\nforged log line"})
    assert "\n" not in forged["X-Request-ID"]


def test_a_500_logs_one_json_line_with_its_traceback_and_request_id(seeded, monkeypatch, caplog):
    def broken(self, queryset=None):
        raise RuntimeError("database exploded")

    monkeypatch.setattr(ComparisonDetailView, "get_object", broken)
    caplog.set_level(logging.ERROR, logger="django.request")
    response = Client(raise_request_exception=False).get(COMPARISON.format(lang="en"))
    assert response.status_code == 500
    [record] = [r for r in caplog.records if r.levelno >= logging.ERROR]
    RequestContextFilter().filter(record)
    line = JsonLogFormatter().format(record)
    assert "\n" not in line
    logged = json.loads(line)
    assert logged["level"] == "ERROR" and logged["status_code"] == 500
    assert logged["request_id"] == response["X-Request-ID"]
    assert "RuntimeError: database exploded" in logged["exc_info"]
    assert logged["path"] == COMPARISON.format(lang="en")


def test_every_503_logs_one_line_with_its_cause(dead_database, caplog):
    """Each 503 served is one line naming its cause (a deadlock, a refused connection…),
    without a traceback and without Django's second "Service Unavailable" line. Once a
    minute per process had left most 503s without any line: a tester counted 5 of 66."""
    caplog.set_level(logging.WARNING)
    client = Client(raise_request_exception=False)
    for _ in range(3):
        assert client.get(COMPARISON.format(lang="en")).status_code == 503
    lines = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert [r.getMessage() for r in lines] == [
        "database unavailable: OperationalError: connection refused"
    ] * 3
    assert all(r.exc_info is None and r.status_code == 503 for r in lines)
    assert not [r for r in caplog.records if r.name == "django.request"]


def test_a_503_logs_only_the_first_line_of_a_long_database_error(seeded, monkeypatch, caplog):
    def deadlock(self, queryset=None):
        raise OperationalError("deadlock detected\nDETAIL:  Process 1 waits for ShareLock")

    monkeypatch.setattr(ComparisonDetailView, "get_object", deadlock)
    response = Client(raise_request_exception=False).get(COMPARISON.format(lang="en"))
    assert response.status_code == 503
    [line] = [r.getMessage() for r in caplog.records if "database unavailable" in r.getMessage()]
    assert line == "database unavailable: OperationalError: deadlock detected"


def test_readyz_logs_a_fault_once_a_minute_and_no_error(dead_database, client, caplog, monkeypatch):
    """A load balancer asks every second: the fault is one warning, not an ERROR a second."""
    monkeypatch.setitem(health._should_log, "database", Throttle(60))  # none logged yet
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            assert client.get("/readyz").status_code == 503
    logged = [(r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= logging.WARNING]
    assert logged == [("WARNING", "readyz: database unreachable: OperationalError")]


@pytest.fixture
def statement_timeout(seeded, monkeypatch):
    """The comparison's query runs past the statement timeout: for real on PostgreSQL, as
    psycopg reports it on SQLite (which has no statement timeout)."""
    import psycopg.errors
    from django.db import connection, transaction

    def slow(self, queryset=None):
        if connection.vendor == "postgresql":
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 50")
                cursor.execute("SELECT pg_sleep(2)")
        message = "canceling statement due to statement timeout"
        raise OperationalError(message) from psycopg.errors.QueryCanceled(message)

    monkeypatch.setattr(ComparisonDetailView, "get_object", slow)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The site stopped this request because it took too long."),
        ("zh-hans", "这个请求用时太长，网站已将其停止。"),
    ],
)
def test_a_statement_timeout_is_not_called_an_unreachable_database(
    statement_timeout, caplog, lang, text
):
    """The database answered: it stopped a request that took too long. Saying the site
    "cannot reach its data" sent a tester looking for an outage that was not there."""
    response = Client(raise_request_exception=False).get(COMPARISON.format(lang=lang))
    assert response.status_code == 503
    body = response.content.decode()
    assert text in body
    assert "cannot reach its data" not in body and "暂时无法读取数据" not in body
    [line] = [r.getMessage() for r in caplog.records if r.name == "api.problems"]
    assert line == (
        "database statement timed out: OperationalError: canceling statement due to statement "
        "timeout"
    )


def test_the_page_without_a_language_tells_a_timeout_in_both_languages(db):
    from portal import errorpages

    body = errorpages.render(errorpages.TIMED_OUT)
    assert "took too long" in body and "用时太长" in body
