"""Every API error is an RFC 9457 problem (application/problem+json) in the caller's
language, documented in the schema; the pages keep their HTML error pages."""

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client

from tests.api.conftest import invalid_parameters

PROBLEM = "application/problem+json"
LAW = "/api/v1/laws/social-insurance-law/"


@pytest.fixture
def dead_database(seeded):
    def refuse(self, *args, **kwargs):
        raise OperationalError("connection refused")

    patch = pytest.MonkeyPatch()
    patch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    yield
    patch.undo()


def test_every_api_503_is_one_error_line_with_its_cause(dead_database, caplog):
    client = Client(raise_request_exception=False)
    for _ in range(2):
        assert client.get("/api/v1/laws/").status_code == 503
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors == ["database unavailable: OperationalError: connection refused"] * 2


@pytest.mark.parametrize("url", ["/api/v1/laws/", LAW, "/api/v1/changes/", "/api/v1/guide/"])
def test_a_database_outage_is_a_json_503_with_retry_after(dead_database, url):
    response = Client(raise_request_exception=False).get(url, headers={"accept-language": "en"})
    assert response.status_code == 503
    assert response["Content-Type"] == PROBLEM
    assert response["Retry-After"] == "30"
    body = response.json()
    assert body["status"] == 503 and body["title"] == "Service Unavailable"
    assert body["detail"].startswith("The site cannot reach its data right now.")
    # The pages keep their styled HTML page.
    page = Client(raise_request_exception=False).get("/en/laws/")
    assert page.status_code == 503 and page["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "query", ["?lang=en%00", "?lang=en&page=1%00", "?x%00=1&lang=en", "?since=%00&lang=en"]
)
def test_a_nul_in_the_query_is_a_400_problem_not_a_redirect(client, db, query):
    url = "/api/v1/changes/" if "since" in query else "/api/v1/laws/"
    response = client.get(url + query, headers={"accept-language": "en"})
    assert response.status_code == 400
    errors = invalid_parameters(response)
    assert all(m == ["A parameter may not contain a NUL character."] for m in errors.values())
    chinese = client.get(url + query, headers={"accept-language": "zh-CN"})
    assert chinese.json()["errors"][0]["detail"] == "参数不能包含 NUL 字符。"


@pytest.mark.parametrize("page", ["", "0", "-1", "last", "1.5", "²"])
def test_page_must_be_a_positive_integer_as_the_schema_says(client, db, page):
    response = client.get(f"/api/v1/laws/?page={page}", headers={"accept-language": "en"})
    assert response.status_code == 400
    assert invalid_parameters(response) == {"page": ["Give a page number: 1, 2, 3…"]}


def test_an_empty_since_is_the_beginning_as_the_schema_says(client, db):
    empty = client.get("/api/v1/changes/?since=")
    assert empty.status_code == 200
    assert empty.json()["results"] == client.get("/api/v1/changes/").json()["results"]


def test_the_schema_documents_problem_answers(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        responses = operations["get"]["responses"]
        for status in ("400", "404", "405", "406", "414", "429", "500", "503"):
            assert PROBLEM in responses[status]["content"], (path, status)
        assert "options" not in operations


@pytest.mark.parametrize("url", ["/api/v1/laws/%00/", "/api/v1/%00"])
def test_errors_answered_by_django_itself_are_problems_too(client, db, url):
    response = client.get(url, headers={"accept-language": "en"})
    assert response.status_code == 404
    assert response["Content-Type"] == PROBLEM
    assert response.json()["detail"] == "Not found."
    page = client.get("/en/laws/%00/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_an_uncaught_error_in_the_api_is_a_problem_500(db, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("api.views.PublicListView.answer", broken)  # /laws/ is one
    response = Client(raise_request_exception=False).get("/api/v1/laws/")
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert "a bug" not in response.content.decode() and "Traceback" not in response.content.decode()


def test_too_many_requests_is_a_problem_429_with_retry_after(client, db, settings):
    settings.API_RATE_LIMIT = "1/min"
    assert client.get("/api/v1/laws/").status_code == 200
    response = client.get("/api/v1/laws/", headers={"accept-language": "en"})
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["title"] == "Too Many Requests" and body["detail"].startswith(
        "Request was throttled"
    )


def test_head_is_answered_like_get_without_a_body(client, db):
    response = client.head("/api/v1/laws/")
    assert response.status_code == 200 and response.content == b""
    assert response["ETag"] == client.get("/api/v1/laws/")["ETag"]


def test_a_statement_timeout_is_not_called_an_outage_by_the_api(caplog):
    """The database answered that it stopped a request that took too long."""
    import psycopg.errors
    from django.utils import translation

    from api import problems

    message = "canceling statement due to statement timeout"
    try:
        raise OperationalError(message) from psycopg.errors.QueryCanceled(message)
    except OperationalError as error:
        with translation.override("en"):
            response = problems.database_unavailable(error)
    assert response.status_code == 503
    assert response.data["detail"].startswith("The site stopped this request because it took")
    logged = [r.getMessage() for r in caplog.records]
    assert logged == [f"database statement timed out: OperationalError: {message}"]
