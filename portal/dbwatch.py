"""A client-side limit on every database call of a request, for a database server that hangs
on a connection that is already open (CONN_MAX_AGE keeps them): its kernel, or a proxy in
between, still acknowledges what is sent, so neither the connect timeout, the server's
statement timeout nor TCP keepalives notice, and the worker would wait for gunicorn's 30 s.

A call that outlasts DATABASE_CLIENT_TIMEOUT (by default the statement timeout plus 2 s, so the
server's own limit comes first when the server answers at all) has its socket shut down by
one watcher thread per process: psycopg then raises OperationalError, the request gets the
styled 503 (DatabaseUnavailableMiddleware) and Django drops the connection. A watched call
costs two dict operations.
"""

import contextlib
import os
import socket
import threading
import time

from django.conf import settings
from django.db import connections

CHECK_SECONDS = 0.25

_running = {}  # token -> (deadline, the psycopg connection)
_lock = threading.Lock()
_watcher = [None]


def _watch():
    while True:
        time.sleep(CHECK_SECONDS)
        now = time.monotonic()
        with _lock:
            overdue = [(t, c) for t, (deadline, c) in _running.items() if deadline < now]
            for token, _connection in overdue:
                _running.pop(token, None)
        for _token, connection in overdue:
            # A duplicate of libpq's socket: shutting it down wakes the waiting call.
            with (
                contextlib.suppress(OSError, ValueError),
                socket.socket(fileno=os.dup(connection.fileno())) as sock,
            ):
                sock.shutdown(socket.SHUT_RDWR)


def _start_watcher():
    with _lock:
        if _watcher[0] is None or not _watcher[0].is_alive():
            _watcher[0] = threading.Thread(target=_watch, name="database-watch", daemon=True)
            _watcher[0].start()


def _limited(execute, sql, params, many, context):
    connection = context["connection"].connection
    token = object()
    with _lock:
        _running[token] = (time.monotonic() + settings.DATABASE_CLIENT_TIMEOUT, connection)
    try:
        return execute(sql, params, many, context)
    finally:
        with _lock:
            _running.pop(token, None)


def database_client_timeout(get_response):
    """Middleware: every query of the request under DATABASE_CLIENT_TIMEOUT (PostgreSQL)."""

    def middleware(request):
        if not settings.DATABASE_CLIENT_TIMEOUT:
            return get_response(request)
        _start_watcher()
        with contextlib.ExitStack() as stack:
            for connection in connections.all():  # this thread's
                if connection.vendor != "postgresql":
                    continue
                stack.enter_context(connection.execute_wrapper(_limited))
            return get_response(request)

    return middleware
