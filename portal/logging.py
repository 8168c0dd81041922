"""Logging helpers: a request id on every log line, and the JSON formatter of production.

settings.LOGGING wires them up; portal.middleware.request_id sets the id per request."""

import contextvars
import logging
import time

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

# "-" outside a request (management commands, start-up).
request_id_var = contextvars.ContextVar("request_id", default="-")


class RequestContextFilter(logging.Filter):
    """Adds `request_id` to every record, and `method`/`path` when Django passed the request
    (django.request and django.security records carry it as `record.request`)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        request = getattr(record, "request", None)
        if request is not None and not hasattr(record, "path"):
            record.method = getattr(request, "method", None)
            record.path = getattr(request, "path", None)
        return True


class ClientFaultFilter(logging.Filter):
    """A client's fault (a 4xx: too many fields, too large a body, a disallowed admin lookup,
    a 403) is one WARNING line without a traceback. Django logs some of them as an ERROR
    with the whole traceback, which lets anyone flood the error log and hides real errors;
    the answer itself (a 400, 403 or 413 page) is unchanged."""

    def filter(self, record):
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            if record.levelno > logging.WARNING:
                record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = record.exc_text = None
        return True


class JsonLogFormatter(JsonFormatter):
    """One JSON object per line: time, level, logger, message, request_id, and the traceback
    (`exc_info`) when there is one. The HttpRequest object itself is left out."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "server_time"])
        kwargs.setdefault("timestamp", True)
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        super().__init__("%(levelname)s %(name)s %(message)s %(request_id)s", *args, **kwargs)


class Throttle:
    """True at most once per `interval` seconds (per process): for faults that would
    otherwise log the same line for every request while they last."""

    def __init__(self, interval=60):
        self.interval, self.last = interval, float("-inf")

    def __call__(self):
        now = time.monotonic()
        if now - self.last < self.interval:
            return False
        self.last = now
        return True
