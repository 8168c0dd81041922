"""API errors as RFC 9457 problem details (`application/problem+json`): every error of
/api/v1/ (400, 404, 405, 429, 503) has the same shape, whatever raised it, and the schema
documents it (api.schema). HTML pages keep their own error pages.

    {"type": "about:blank", "title": "Bad Request", "status": 400,
     "detail": "A parameter is invalid.", "errors": [{"parameter": "lang", "detail": "…"}]}

`title` is the status's standard phrase (RFC 9457 asks that for "about:blank"); `detail` is in
the language of the answer; `errors` (400 only) names each invalid parameter.
"""

import logging
from http import HTTPStatus

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .negotiation import accepted_language

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/problem+json"
RETRY_AFTER_OUTAGE = 30  # seconds, as the HTML pages' 503


def problem(status, detail, **members):
    """The body of a problem answer."""
    return {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": str(detail),
        **members,
    }


def problem_response(status, detail, headers=None, **members):
    """A problem answer outside DRF (middleware, Django's error handlers)."""
    response = JsonResponse(
        problem(status, detail, **members),
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def is_api(request):
    return request.path_info.startswith("/api/")


def django_error(request, status, detail):
    """The problem answer for an error Django's own handlers answer (portal.views): a NUL in
    an API path (404), a request too large (400), an uncaught error (500)."""
    with translation.override(accepted_language(request.headers.get("Accept-Language", ""))):
        response = problem_response(status, detail)
    if status >= 500:
        response["Cache-Control"] = "no-store"
    return response


def parameter_errors(detail):
    """[{"parameter": name, "detail": message}] from a ValidationError's detail."""
    if isinstance(detail, dict):
        return [
            {"parameter": str(name), "detail": str(message)}
            for name, messages in detail.items()
            for message in (messages if isinstance(messages, list) else [messages])
        ]
    messages = detail if isinstance(detail, list) else [detail]
    return [{"detail": str(message)} for message in messages]


def database_fault(exc):
    """The cause of a database error in one line: its class and the first line of its message
    (PostgreSQL's go on with DETAIL and CONTEXT lines)."""
    message = str(exc).strip().split("\n", 1)[0]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


# What a database error means for the user. Only a database that does not answer (no
# connection: refused, closed, shut down, out of connections) "cannot be reached"; a statement
# timeout or a deadlock is the database answering that it stopped this one request.
UNREACHABLE, TIMED_OUT, FAILED = "unreachable", "timed-out", "failed"
# SQLSTATEs of a server that cannot take the request: class 08 (connection exception),
# admin/crash shutdown, cannot connect now, too many connections.
UNREACHABLE_SQLSTATES = ("08", "57P01", "57P02", "57P03", "53300")
TIMED_OUT_SQLSTATES = ("57014",)  # query_canceled: statement_timeout (or a cancel)
LOG_LINES = {
    UNREACHABLE: "database unavailable: %s",
    TIMED_OUT: "database statement timed out: %s",
    FAILED: "database error: %s",
}


# SQLSTATE classes of an error that is the database refusing, not our code failing, whatever
# DB-API class psycopg files it under (a read-only database is an InternalError): connection
# exception (08), read-only transaction (25006: a standby answers so during a failover), idle
# session timeout (25P03), insufficient resources (53: disk full, out of memory, too many
# connections), operator intervention (57: shutdown, cancel), system error (58: I/O).
REFUSED_SQLSTATES = ("08", "25006", "25P03", "53", "57", "58")


def sqlstate(exc):
    """The server's SQLSTATE of a database error (psycopg gives it; Django raises its own error
    from psycopg's), or None."""
    return getattr(exc.__cause__, "sqlstate", None) or getattr(exc, "sqlstate", None)


def is_database_fault(exc):
    """True for a database error that is the styled 503, not a 500: the database could not be
    reached, or it could not or would not do the request (OperationalError, InterfaceError, and
    any other DatabaseError whose SQLSTATE says the server refused: REFUSED_SQLSTATES). A
    ProgrammingError from our SQL or an IntegrityError from our bug stays a 500 we notice."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return True
    code = sqlstate(exc) if isinstance(exc, DatabaseError) else None
    return bool(code) and code.startswith(REFUSED_SQLSTATES)


def database_fault_kind(exc):
    """UNREACHABLE, TIMED_OUT or FAILED for a database error. The server's SQLSTATE tells them
    apart; an error without one came from the client side: no server answered (or SQLite's
    database is locked)."""
    code = sqlstate(exc)
    if isinstance(exc, InterfaceError) or not code:
        return UNREACHABLE
    if code.startswith(TIMED_OUT_SQLSTATES):
        return TIMED_OUT
    return UNREACHABLE if code.startswith(UNREACHABLE_SQLSTATES) else FAILED


def database_fault_message(kind):
    """What the user is told, in the active language (the pages' portal.errorpages says the
    same)."""
    if kind == TIMED_OUT:
        return _(
            "The site stopped this request because it took too long. Please try again in a "
            "minute; if it happens again, the request may be too large."
        )
    if kind == FAILED:
        return _(
            "The site's database could not complete this request just now. Please try again "
            "in a minute."
        )
    return _("The site cannot reach its data right now. Please try again in a minute.")


def log_database_unavailable(exc):
    """One line for every 503 a database error makes (pages and API alike), with what it was
    and its cause: a timeout or a deadlock is told from an outage, and no 503 goes unlogged."""
    line = LOG_LINES[database_fault_kind(exc)]
    logger.error(line, database_fault(exc), extra={"status_code": 503})


def database_unavailable(exc):
    log_database_unavailable(exc)
    response = Response(
        problem(503, database_fault_message(database_fault_kind(exc))),
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_OUTAGE), "Cache-Control": "no-store"},
        content_type=CONTENT_TYPE,
    )
    # Logged above: not a second ERROR line from django.request per answer,
    # as portal.middleware.DatabaseUnavailableMiddleware does for the pages.
    response._has_been_logged = True
    return response


def exception_handler(exc, context):
    """DRF's exception handler, answering with problem details. A database error is a 503
    with Retry-After that says what happened, as the HTML pages' (portal.middleware)."""
    if is_database_fault(exc):
        return database_unavailable(exc)
    # Django's Http404 carries an English message naming the model: answer DRF's own,
    # translated "Not found." instead.
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:  # not an API error: a 500, which Django's handler answers
        return None
    members = {}
    if isinstance(exc, exceptions.ValidationError):
        detail = _("A parameter is invalid.")
        members["errors"] = parameter_errors(exc.detail)
    else:
        detail = exc.detail if not isinstance(exc.detail, (dict, list)) else exc.default_detail
    response.data = problem(response.status_code, detail, **members)
    response.content_type = CONTENT_TYPE
    return response
