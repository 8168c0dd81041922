"""Per-page cost of the public pages: SQL queries, server time and size, in both languages.

Runs in-process against the database the settings point at (seed it first), through the full
middleware stack with Django's test client, so the figures exclude network and server
overhead. Usage: `make bench` (or `.venv/bin/python scripts/bench.py [rounds]`).
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ.setdefault("API_RATE_LIMIT", "")  # the API's rate limit would answer 429 here

import django  # noqa: E402

django.setup()

from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

PAGES = [
    "/{lang}/",
    "/{lang}/compare/citizen-card-vs-social-security-card/",
    "/api/v1/comparisons/citizen-card-vs-social-security-card/?lang={lang}",
    "/{lang}/cards/citizen-card/",
    "/{lang}/laws/",
    "/{lang}/laws/social-insurance-law/",
    "/{lang}/laws/social-insurance-law/articles/2/",
    "/{lang}/laws/social-insurance-law/?date=2015-06-01",
    "/{lang}/laws/social-insurance-law/?view=parallel",
    "/{lang}/laws/social-insurance-law/articles/64/",
    "/{lang}/laws/social-insurance-law/articles/64/?date=2015-06-01&view=parallel",
    "/{lang}/laws/labour-contract-law/",
    "/{lang}/laws/labour-contract-law/articles/38/",
    "/{lang}/guide/",
    "/{lang}/search/?q=%E7%A4%BE%E4%BF%9D",
    "/{lang}/search/?q=old-age+insurance",
]


def measure(client, url, rounds):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    count = len(queries)  # read now: the log is reset by the next request
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return count, statistics.median(timings), max(timings), len(response.content)


def main(rounds=50):
    # Keep one connection, as production does with CONN_MAX_AGE (and as Django's tests do).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'page':76} {'queries':>7} {'median ms':>9} {'max ms':>7} {'KiB':>6}")
    for page in PAGES:
        for lang in ("zh-hans", "en"):
            url = page.format(lang=lang)
            queries, median, worst, size = measure(client, url, rounds)
            print(f"{url:76} {queries:7} {median:9.1f} {worst:7.1f} {size / 1024:6.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
