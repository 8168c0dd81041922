"""A database that answers but refuses (a standby answering read-only during a failover, out of
connections, shut down by its operator) is the styled 503 with Retry-After, on the pages and
in the API alike, whatever DB-API class psycopg files the error under: PostgreSQL's
"cannot execute INSERT in a read-only transaction" is an InternalError, not an
OperationalError. An error from our own SQL (ProgrammingError) stays a 500 that we notice.

The read-only database is real on PostgreSQL (ALTER DATABASE on the test database, reset
after); the SQLSTATE rule is checked on both databases with psycopg's own errors."""

import psycopg
import psycopg.errors
import pytest
from django.contrib.auth import get_user_model
from django.db import InternalError, ProgrammingError, connection, connections
from django.test import Client

from api.views import PublicDetailView
from cards.views import ComparisonDetailView

COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"
LAW = "/api/v1/laws/social-insurance-law/"
LOGIN = "/{lang}/admin/login/"
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")
# What the pages and the API say of a request the database could not complete.
PAGE_TEXT = {
    "en": "The site&#x27;s database could not complete this request just now.",
    "zh-hans": "网站的数据库暂时未能完成这个请求，请稍后再试。",
}


def write_something(*args, **kwargs):
    """A write, as a view that saves something makes: refused by a read-only database."""
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_session SET expire_date = expire_date WHERE 1 = 0")
    raise AssertionError("the database accepted a write")


def maintenance(sql):
    """Run `sql` on the server's maintenance database, outside the test database."""
    settings = connection.settings_dict
    with psycopg.connect(
        dbname="postgres",
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as other:
        other.execute(sql)


@pytest.fixture
def read_only_database(transactional_db, seeded):
    """The test database answers every new session read-only, as a standby does during a
    failover; reset (and every connection dropped) before the test database is flushed."""
    user = get_user_model().objects.create_superuser("boss", password="pw-pw-pw-9")
    name = connection.settings_dict["NAME"]
    maintenance(f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    connections.close_all()
    try:
        yield user
    finally:
        maintenance(f'ALTER DATABASE "{name}" RESET default_transaction_read_only')
        connections.close_all()


def logged(caplog):
    return [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]


READ_ONLY_LINE = "database error: InternalError: cannot execute UPDATE in a read-only transaction"


@postgresql_only
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_a_read_only_database_is_the_styled_503_on_a_page(
    read_only_database, monkeypatch, caplog, lang
):
    monkeypatch.setattr(ComparisonDetailView, "get_object", write_something)
    response = Client(raise_request_exception=False).get(COMPARISON.format(lang=lang))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert PAGE_TEXT[lang] in body
    assert "Something went wrong" not in body and "InternalError" not in body
    assert logged(caplog) == [READ_ONLY_LINE]


@postgresql_only
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_signing_in_to_a_read_only_database_is_the_styled_503(read_only_database, caplog, lang):
    """What the acceptance tester met: the sign-in saves a session, which a standby refuses."""
    response = Client(raise_request_exception=False).post(
        LOGIN.format(lang=lang), {"username": "boss", "password": "pw-pw-pw-9"}
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert PAGE_TEXT[lang] in response.content.decode()
    [line] = logged(caplog)
    assert line.startswith("database error: InternalError: cannot execute ")
    assert line.endswith(" in a read-only transaction")


@postgresql_only
@pytest.mark.parametrize(
    ("lang", "detail"),
    [
        ("en", "The site's database could not complete this request just now."),
        ("zh-CN", "网站的数据库暂时未能完成这个请求"),
    ],
)
def test_a_read_only_database_is_a_problem_503_in_the_api(
    read_only_database, monkeypatch, caplog, lang, detail
):
    monkeypatch.setattr(PublicDetailView, "get_object", write_something)
    response = Client(raise_request_exception=False).get(LAW, headers={"accept-language": lang})
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "30"
    assert detail in response.json()["detail"]
    assert logged(caplog) == [READ_ONLY_LINE]


def refused(error_class, cause):
    """Django's error raised from psycopg's, as Django's database wrapper raises it."""

    def view(*args, **kwargs):
        raise error_class(str(cause)) from cause

    return view


@pytest.mark.parametrize(
    "cause",
    [
        psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT in a read-only transaction"),
        psycopg.errors.DiskFull("could not extend file"),
        psycopg.errors.IdleInTransactionSessionTimeout("terminating connection"),
    ],
    ids=["read-only", "disk-full", "idle-timeout"],
)
def test_a_refusal_filed_as_an_internal_error_is_a_503(seeded, monkeypatch, caplog, cause):
    monkeypatch.setattr(ComparisonDetailView, "get_object", refused(InternalError, cause))
    response = Client(raise_request_exception=False).get(COMPARISON.format(lang="en"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert logged(caplog) == [f"database error: InternalError: {cause}"]


@pytest.mark.parametrize("url", [COMPARISON.format(lang="en"), LAW])
def test_an_error_in_our_own_sql_stays_a_500(seeded, monkeypatch, url):
    """A bug of ours is not told to visitors as the database's trouble, nor logged as such."""
    cause = psycopg.errors.UndefinedColumn('column "nonesuch" does not exist')
    for view in (ComparisonDetailView, PublicDetailView):
        monkeypatch.setattr(view, "get_object", refused(ProgrammingError, cause))
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 500
    assert "Retry-After" not in response
