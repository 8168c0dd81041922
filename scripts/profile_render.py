"""CPU per uncached render of one page, in-process, through the whole WSGI application
(production settings, SQLite, local-memory cache, page cache off): the figure the
uncached rows of `make bench-load` come from, without a load test.

    DATABASE_URL=sqlite:////tmp/profile.sqlite3 .venv/bin/python scripts/profile_render.py \
        [--path /zh-hans/compare/citizen-card-vs-social-security-card/] [-n 200] \
        [--fragments 3600] [--profile out.prof] [--after-write cards.Comparison:<slug>]

The database must exist (migrate, load_seed). Prints the median, p10 and p90 of
time.process_time() per request over n requests after 20 warm-up requests; with --profile,
writes a cProfile of n more requests (read it with `python -m pstats`).
"""

import argparse
import cProfile
import io
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--path", default="/zh-hans/compare/citizen-card-vs-social-security-card/")
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--fragments", default="3600", help="FRAGMENT_CACHE_TIMEOUT")
    parser.add_argument("--profile", help="write a cProfile here")
    parser.add_argument(
        "--after-write",
        metavar="MODEL:SLUG",
        help="a render right after a write of this object (e.g. cards.Comparison:"
        "citizen-card-vs-social-security-card): page cache and fragments on, its cache tags"
        " bumped before each request, outside the timing, as a publish does",
    )
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    os.environ.setdefault("SECRET_KEY", "profile-render-" + "x" * 50)
    os.environ.setdefault("CACHE_URL", "locmemcache://")
    os.environ.update(
        PAGE_CACHE_TIMEOUT="3600" if args.after_write else "0",
        FRAGMENT_CACHE_TIMEOUT="3600" if args.after_write else args.fragments,
        SECURE_SSL_REDIRECT="0",
        LOG_LEVEL="ERROR",
        ALLOWED_HOSTS="127.0.0.1",
    )
    from django.core.wsgi import get_wsgi_application

    application = get_wsgi_application()
    path, _, query = args.path.partition("?")
    write = _writer(args.after_write) if args.after_write else (lambda: None)

    def request():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8102",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        status = []
        body = b"".join(application(environ, lambda s, h, *a: status.append(s)))
        if not status[0].startswith("200"):
            raise SystemExit(f"{args.path}: {status[0]}")
        return body

    for _ in range(20):
        write()
        request()
    times = []
    for _ in range(args.n):
        write()
        start = time.process_time()
        request()
        times.append((time.process_time() - start) * 1000)
    times.sort()
    print(
        f"{args.path} fragments={args.fragments}: median {statistics.median(times):.2f} ms CPU,"
        f" p10 {times[len(times) // 10]:.2f}, p90 {times[len(times) * 9 // 10]:.2f}"
        f" (n={args.n}, {len(request())} bytes)"
    )
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            profiler.disable()
            write()
            profiler.enable()
            request()
        profiler.disable()
        profiler.dump_stats(args.profile)


def _writer(target):
    """A function that bumps the cache tags a write of `target` ("app.Model:slug") bumps."""
    from django.apps import apps

    from publishing import content, dependencies

    label, _, slug = target.partition(":")
    obj = apps.get_model(label).objects.get(slug=slug)
    tags = frozenset(dependencies.written(obj))
    return lambda: content.tags_changed(tags)


if __name__ == "__main__":
    from portal import stack

    # As the gunicorn worker runs its loop (portal.workers): from a roomy frame.
    stack.call(main)
