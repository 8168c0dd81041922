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

from django.db import InterfaceError, OperationalError
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


def log_database_unavailable(exc):
    """One line for every 503 a database error makes (pages and API alike), with its cause: a
    deadlock that lost is told from an outage, and no 503 goes unlogged."""
    logger.error("database unavailable: %s", database_fault(exc), extra={"status_code": 503})


def database_unavailable(exc):
    log_database_unavailable(exc)
    response = Response(
        problem(503, _("The site cannot reach its data right now. Please try again in a minute.")),
        status=503,
        headers={"Retry-After": str(RETRY_AFTER_OUTAGE), "Cache-Control": "no-store"},
        content_type=CONTENT_TYPE,
    )
    # Logged above: not a second ERROR line from django.request per answer,
    # as portal.middleware.DatabaseUnavailableMiddleware does for the pages.
    response._has_been_logged = True
    return response


def exception_handler(exc, context):
    """DRF's exception handler, answering with problem details. A database that cannot be
    reached is a 503 with Retry-After, as the HTML pages' (portal.middleware)."""
    if isinstance(exc, (OperationalError, InterfaceError)):
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
