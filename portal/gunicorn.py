"""gunicorn configuration for `make serve` and the cluster (`gunicorn -c python:portal.gunicorn`).

Every value can be overridden from the environment: GUNICORN_BIND, GUNICORN_WORKERS (default:
the CPU count), GUNICORN_WORKER_CLASS (sync or gthread) and GUNICORN_THREADS. Sync workers
are the default, for this app's short, CPU-bound requests behind a buffering proxy (nginx
keeps slow clients off them): against gthread (docs/benchmarks.md), threads made the renders
slower and every p99 worse.
"""

import os

from gunicorn import util

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", os.cpu_count() or 1))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
threads = int(os.environ.get("GUNICORN_THREADS", 4 if worker_class == "gthread" else 1))
if worker_class == "sync":
    # gunicorn's sync worker, its loop run from a roomy frame (portal/stack.py): without it,
    # renders whose calls sit on the edge of a CPython frame-stack chunk map and unmap memory
    # on every call (a cold law page cost twice its CPU).
    worker_class = "portal.workers.SyncWorker"
# Import the app before forking: workers share its memory and a broken configuration (no
# SECRET_KEY) stops the master at once instead of every worker in a loop.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
# Requests are logged by the app (JSON, with a request id) where they matter; gunicorn's own
# messages go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"
# Trust X-Forwarded-* only from a proxy on this machine (nginx in `make cluster`).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# As much as nginx passes on (large_client_header_buffers 4 8k, scripts/cluster): an address
# or header that nginx accepts reaches the app, which answers a long address with its own 414
# page, instead of gunicorn answering with its bare error page.
limit_request_line = 8190
limit_request_fields = 32768


def write_error(sock, status_int, reason, mesg):
    """gunicorn's own answer to a request it refuses before the app sees it (a control byte in
    a header, an odd method, a malformed X-Forwarded-For): the site's stand-alone error page
    instead of gunicorn's bare one, which echoes the offending header's name and value."""
    from portal import errorpages

    try:
        page = errorpages.BAD_REQUEST if status_int < 500 else errorpages.SERVER_ERROR
        body = errorpages.render(page).encode()
    except Exception:  # noqa: BLE001 - an error page must not fail
        body = f"{status_int} {reason}\n".encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "Cache-Control: no-store\r\n"
        "X-Content-Type-Options: nosniff\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


# gunicorn has no setting for its error pages; its workers call util.write_error for them.
util.write_error = write_error
