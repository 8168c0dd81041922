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


def scheduled_question_due():
    """A live question with a scheduled change whose time has come (applied by the next
    request), and (its address, its live English text)."""
    from datetime import timedelta

    from django.utils import timezone

    from publishing import services
    from questions.models import Question
    from tests.factories import make_draft

    question = Question.objects.published().filter(publish_at__isnull=True).first()
    when = timezone.now() + timedelta(seconds=2)

    def change():
        Question.objects.filter(pk=question.pk).update(question_en="LATER", publish_at=when)

    make_draft(question, change)
    services.publish(question, user=None)  # scheduled: the live version stays
    assert services.draft_of(question).apply_at is not None
    return when, f"/en/questions/{question.slug}/", question.question_en


@postgresql_only
@pytest.mark.parametrize("page_cache", [0, 600], ids=["page cache off", "page cache on"])
def test_a_scheduled_change_due_while_the_database_is_read_only_costs_no_visitor_the_page(
    read_only_database, settings, caplog, monkeypatch, page_cache
):
    """What the second tester met: every address, /healthz too, was a 500 once a scheduled
    change fell due on a standby, since applying it (a write) runs before the request is
    answered. Now the live version is served, one WARNING says why, and the change applies
    once the database takes writes again."""
    from unittest import mock

    from django.core.cache import cache
    from django.utils import timezone

    from publishing import services

    settings.PAGE_CACHE_TIMEOUT = page_cache
    monkeypatch.setattr(services, "retry_due_after", 0.0)
    maintenance(  # the change is scheduled while the database still takes writes
        f'ALTER DATABASE "{connection.settings_dict["NAME"]}" RESET default_transaction_read_only'
    )
    connections.close_all()
    cache.clear()
    when, page, live = scheduled_question_due()
    maintenance(
        f'ALTER DATABASE "{connection.settings_dict["NAME"]}" '
        "SET default_transaction_read_only = on"
    )
    connections.close_all()
    visitor = Client(raise_request_exception=False)
    later = when + timezone.timedelta(seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        for address in (page, "/healthz", "/api/v1/questions/", page):
            assert visitor.get(address).status_code == 200, address
        assert live in visitor.get(page).content.decode()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert len([w for w in warnings if "scheduled changes not applied" in w]) == 1, warnings
    assert not logged(caplog)  # no ERROR: nothing failed for the visitor
    maintenance(
        f'ALTER DATABASE "{connection.settings_dict["NAME"]}" RESET default_transaction_read_only'
    )
    connections.close_all()
    monkeypatch.setattr(services, "retry_due_after", 0.0)  # the wait after a failure, over
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "LATER" in visitor.get(page).content.decode()


def test_a_due_change_the_database_refuses_is_tried_again_after_a_wait(seeded, caplog, monkeypatch):
    """On every database: the refusal is logged once, the visitor gets the live page, and the
    requests that follow within the wait do not ask the database again."""
    from unittest import mock

    from django.utils import timezone

    from publishing import services

    monkeypatch.setattr(services, "retry_due_after", 0.0)
    when, page, live = scheduled_question_due()
    refused = InternalError("cannot execute SELECT FOR UPDATE in a read-only transaction")
    later = when + timezone.timedelta(seconds=5)
    with (
        mock.patch("django.utils.timezone.now", return_value=later),
        mock.patch.object(services, "apply_due", side_effect=refused) as apply_due,
    ):
        for _ in range(3):
            response = Client(raise_request_exception=False).get(page)
            assert response.status_code == 200 and live in response.content.decode()
    assert apply_due.call_count == 1
    [warning] = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warning == (
        "scheduled changes not applied, tried again in 30 s: InternalError: "
        "cannot execute SELECT FOR UPDATE in a read-only transaction"
    )
