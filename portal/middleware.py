"""Request hygiene that the framework leaves to the project."""

import logging
import re
import uuid

from csp import constants as csp_constants
from csp import middleware as csp_middleware
from csp import utils as csp_utils
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import (
    Http404,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.utils.encoding import escape_uri_path
from django.utils.http import escape_leading_slashes
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext_lazy as _

from api import problems

from . import errorpages
from .logging import request_id_var

logger = logging.getLogger(__name__)
security_logger = logging.getLogger("portal.security")


def reject_nul_characters(get_response):
    """No page has a NUL character in its address: 404 for one in the path, and a redirect to
    the same page without its query string for one in the query.

    Forms already refuse NUL, but query strings go straight into lookups such as the admin's
    search, and PostgreSQL rejects NUL in text with an error (a 500) where SQLite does not.
    Placed after LocaleMiddleware, so the 404 page speaks the language of the URL."""

    def middleware(request):
        if "\x00" in request.path:
            raise Http404("NUL character in the path")
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            # Escaped as CommonMiddleware does: `//evil.example/` must stay on this site.
            return HttpResponseRedirect(escape_leading_slashes(escape_uri_path(request.path)))
        return get_response(request)

    return middleware


_FIRST_SEGMENT = re.compile(r"^/([A-Za-z]{2,8}(?:[-_][A-Za-z]{2,8})?)(?=/|$)")


def canonical_language_prefix(get_response):
    """`/EN/…`, `/zh-Hans/…` or `/zh_hans/…` is a visitor's (or a link's) spelling of a language
    prefix: redirect permanently to the canonical lower-case one rather than a 404. Placed
    before LocaleMiddleware, which matches prefixes exactly."""
    canonical = {code.lower(): code for code, _name in settings.LANGUAGES}

    def middleware(request):
        match = _FIRST_SEGMENT.match(request.path_info)
        if match:
            segment = match[1]
            code = canonical.get(segment.lower().replace("_", "-"))
            if code and code != segment:
                full_path = request.get_full_path()
                location = f"/{code}{full_path[1 + len(segment) :]}"
                return HttpResponsePermanentRedirect(escape_leading_slashes(location))
        return get_response(request)

    return middleware


API_URL_TOO_LONG = _("The address is too long.")


def reject_long_urls(get_response):
    """An address longer than settings.MAX_URL_LENGTH is a 414 at once, before anything can
    echo it into a header (a redirect's Location, a login's `next`): no answer's headers
    then outgrow the proxy's buffers, whatever a client sends. No page of the site has an
    address near the limit. One WARNING line, with the start of the address only."""
    limit = settings.MAX_URL_LENGTH

    def middleware(request):
        full_path = request.get_full_path()
        if len(full_path) > limit:
            security_logger.warning(
                "URL too long (%d characters): %s…",
                len(full_path),
                full_path[:100],
                extra={"status_code": 414},
            )
            if problems.is_api(request):
                response = problems.django_error(request, 414, API_URL_TOO_LONG)
            else:
                response = errorpages.response(errorpages.TOO_LONG, 414)
            response._has_been_logged = True  # Django's own flag: no second line
            return response
        return get_response(request)

    return middleware


def head_without_body(get_response):
    """A HEAD answer carries the headers of the GET answer (Content-Length included) and no
    body. Django's handler sends the body and leaves it to the server to drop; gunicorn
    warns on every such response. Outermost, so every other middleware has run."""

    def middleware(request):
        response = get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                if hasattr(response, "close"):
                    response.close()
                response.streaming_content = []
            else:
                response.content = b""
        return response

    return middleware


def security_headers(get_response):
    """The response headers of settings.SECURITY_HEADERS (Permissions-Policy, CORP) that
    Django's SecurityMiddleware does not set; a view may set its own value instead."""
    headers = settings.SECURITY_HEADERS

    def middleware(request):
        response = get_response(request)
        for name, value in headers.items():
            response.headers.setdefault(name, value)
        return response

    return middleware


# An id a proxy may pass in (nginx's $request_id is 32 hex digits); anything else is replaced.
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id(get_response):
    """Gives every request an id, put on each of its log lines (portal.logging) and sent back
    as X-Request-ID, so a visitor's report or a proxy's log finds the server's lines. An id
    from the proxy in front is kept. The context variable is set, never reset: Django logs an
    error answer after the middleware chain has returned."""

    def middleware(request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request_id_var.set(request.id)
        response = get_response(request)
        response["X-Request-ID"] = request.id
        return response

    return middleware


def reject_bad_host(get_response):
    """A Host header outside ALLOWED_HOSTS (scanners send them by the thousand) gets the plain
    400 page and one WARNING line without a traceback, instead of Django's ERROR with a full
    traceback plus a second "Bad Request" line."""

    def middleware(request):
        try:
            request.get_host()
        except DisallowedHost as exc:
            security_logger.warning("Bad Host header: %s", exc, extra={"status_code": 400})
            response = errorpages.response(errorpages.BAD_REQUEST, 400)
            response._has_been_logged = True  # Django's own flag: no second "Bad Request" line
            return response
        return get_response(request)

    return middleware


class DatabaseUnavailableMiddleware:
    """A database error that is the database's, not our code's (api.problems.is_database_fault:
    unreachable, or refusing by SQLSTATE, such as a read-only standby during a failover), is a
    styled 503 with Retry-After in the language of the address, in every language without one
    (the stand-alone page, portal.errorpages), not a 500, and says what happened: a database
    down, restarting or out of connections "cannot be reached"; a statement timeout is a
    request that took too long; any other error (a deadlock, a read-only database) one the
    database could not complete (api.problems.database_fault_kind). Each one is logged, one
    line with its cause (api.problems.log_database_unavailable).

    Nothing to reset afterwards: Django drops a connection that failed at the end of the
    request, and the next request connects afresh, so the site recovers on its own when the
    database is back."""

    RETRY_AFTER = 30  # seconds
    # Only an outage is "cannot reach its data": a statement timeout says so (the database
    # stopped a request that took too long), any other database error too.
    PAGES = {
        problems.UNREACHABLE: errorpages.UNAVAILABLE,
        problems.TIMED_OUT: errorpages.TIMED_OUT,
        problems.FAILED: errorpages.DATABASE_ERROR,
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not problems.is_database_fault(exception):  # a bug of ours stays a 500
            return None
        problems.log_database_unavailable(exception)  # one line per 503, with its cause
        page = self.PAGES[problems.database_fault_kind(exception)]
        language = get_language_from_path(request.path_info)
        response = None
        if language:
            heading, message = errorpages.PAGES[page]
            context = {"heading": heading, "message": message}
            try:
                response = render(request, "503.html", context, status=503)
            except Exception:  # noqa: BLE001 - the page itself must not need the database
                response = None
        if response is None:
            response = errorpages.response(page, 503)
        response["Retry-After"] = str(self.RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        response._has_been_logged = True
        return response


class CSPMiddleware(csp_middleware.CSPMiddleware):
    """django-csp's middleware, with the policy built once per process for the answers that
    need nothing else: no nonce used (every public page) and no per-view policy
    (`_csp_config`, `_csp_update`, `_csp_replace`, as the embeds set). django-csp builds it
    from the settings on every answer (copying them through `dataclasses.asdict`), about a
    tenth of a page served from its fragments. Any other answer goes through django-csp."""

    PER_VIEW = ("_csp_config", "_csp_update", "_csp_replace")
    PER_VIEW += tuple(f"{name}_ro" for name in PER_VIEW)
    FROM_SETTINGS = (
        (csp_constants.HEADER, "CONTENT_SECURITY_POLICY", False, "_csp_exempt"),
        (csp_constants.HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True,
         "_csp_exempt_ro"),
    )  # fmt: skip
    _built = {}  # setting name -> (policy, excluded prefixes); emptied when settings change

    @classmethod
    def _policy(cls, setting, report_only):
        if setting not in cls._built:
            config = getattr(settings, setting, None) or {}
            prefixes = tuple(config.get("EXCLUDE_URL_PREFIXES", None) or ())
            cls._built[setting] = (csp_utils.build_policy(report_only=report_only), prefixes)
        return cls._built[setting]

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in self.PER_VIEW
        ):
            return super().process_response(request, response)
        if response.status_code in (500, 404) and settings.DEBUG:  # as django-csp: debug pages
            return response
        for header, setting, report_only, exempt in self.FROM_SETTINGS:
            policy, prefixes = self._policy(setting, report_only)
            if (
                policy
                and getattr(response, exempt, False) is False
                and header not in response
                and not request.path_info.startswith(prefixes)
            ):
                response[header] = policy
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = csp_middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response


@receiver(setting_changed)
def _csp_settings_changed(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        CSPMiddleware._built.clear()
