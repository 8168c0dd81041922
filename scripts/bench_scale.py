"""Per-page cost with the seed content and with a large synthetic data set, side by side.

    .venv/bin/python scripts/bench_scale.py [rounds]      (or `make bench-scale`)

Builds two throwaway SQLite databases: the seed content alone, and the seed content plus
`seed_synthetic --comparisons 10000 --laws 100 --articles-per-law 500` (timed), then
measures each page in-process with the page cache off (PAGE_CACHE_TIMEOUT=0): SQL queries,
median server time over `rounds` requests, and size. Pages that only exist in the large data
set (a synthetic law of 500 articles, the later list pages) are measured there only.
Prints a Markdown table for docs/benchmarks.md.
"""

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIG = ["--comparisons", "10000", "--laws", "100", "--articles-per-law", "500"]
DATABASES = {"seed": "/tmp/bench-scale-seed.sqlite3", "large": "/tmp/bench-scale-large.sqlite3"}

# (label, address); {lang} is filled in. Both data sets have the seed content.
PAGES = [
    ("home", "/{lang}/"),
    ("comparison", "/{lang}/compare/citizen-card-vs-social-security-card/"),
    ("card type", "/{lang}/cards/citizen-card/"),
    ("law list", "/{lang}/laws/"),
    ("law (98 articles)", "/{lang}/laws/social-insurance-law/"),
    ("article", "/{lang}/laws/social-insurance-law/articles/2/"),
    ("search 社保", "/{lang}/search/?q=%E7%A4%BE%E4%BF%9D"),
    ("search “pension”", "/{lang}/search/?q=pension"),
    ("guide", "/{lang}/guide/"),
    ("API comparisons list", "/api/v1/comparisons/?lang={lang}"),
    ("sitemap index", "/sitemap.xml"),
    ("sitemap, articles p. 1", "/sitemap-articles.xml"),
    # Only in the large data set:
    ("home, page 250", "/{lang}/?page=250"),
    ("law list, page 5", "/{lang}/laws/?page=5"),
    ("synthetic card type, page 2", "/{lang}/cards/synthetic-card-1/?page=2"),
    ("synthetic comparison", "/{lang}/compare/synthetic-comparison-5000/"),
    ("synthetic law (500 articles)", "/{lang}/laws/synthetic-law-50/"),
    ("synthetic article", "/{lang}/laws/synthetic-law-50/articles/250/"),
    ("API articles of a synthetic law", "/api/v1/laws/synthetic-law-50/articles/?lang={lang}"),
    ("sitemap, articles p. 10", "/sitemap-articles.xml?p=10"),
]


def manage(database, *args):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    start = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)
    return time.perf_counter() - start


def build():
    """Both databases; returns the seconds seed_synthetic took."""
    manage(DATABASES["seed"], "collectstatic", "--noinput", "--verbosity", "0")
    for database in DATABASES.values():
        Path(database).unlink(missing_ok=True)
        manage(database, "migrate", "--noinput", "--verbosity", "0")
        manage(database, "load_seed", "--verbosity", "0")
    return manage(DATABASES["large"], "seed_synthetic", *BIG)


def measure(rounds):
    """In a child process whose settings point at one database: {url: (queries, ms, KiB)}."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    request_started.disconnect(close_old_connections)  # one connection, as in production
    request_finished.disconnect(close_old_connections)
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for _label, page in PAGES:
        for lang in ("zh-hans", "en"):
            url = page.format(lang=lang)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            count = len(queries)  # read now: the next request resets the log
            if response.status_code != 200:
                continue  # not in this data set
            timings = []
            for _ in range(rounds):
                start = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
            results[url] = (count, statistics.median(timings), len(response.content) / 1024)
    print(json.dumps(results))


def run_measure(name, rounds):
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{DATABASES[name]}",
        "PAGE_CACHE_TIMEOUT": "0",
        "API_RATE_LIMIT": "",
    }
    child = subprocess.run(
        [PYTHON, __file__, "--measure", str(rounds)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if child.returncode:
        sys.exit(child.stderr)
    return json.loads(child.stdout.strip().splitlines()[-1])


def cell(result):
    if result is None:
        return "–", "–", "–"
    queries, ms, kib = result
    return str(queries), f"{ms:.1f}", f"{kib:.0f}"


def main(rounds):
    seconds = build()
    print(f"seed_synthetic {' '.join(BIG)}: {seconds:.1f} s wall-clock (with its start-up)\n")
    seed, large = run_measure("seed", rounds), run_measure("large", rounds)
    print("| page | lang | queries seed / large | median ms seed / large | KiB seed / large |")
    print("|---|---|---:|---:|---:|")
    for label, page in PAGES:
        for lang in ("zh-hans", "en"):
            url = page.format(lang=lang)
            if "{lang}" not in page and lang == "en":
                continue
            small, big = cell(seed.get(url)), cell(large.get(url))
            language = lang if "{lang}" in page else "–"
            print(
                f"| {label} | {language} | {small[0]} / {big[0]} | {small[1]} / {big[1]} "
                f"| {small[2]} / {big[2]} |"
            )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--measure"]:
        measure(int(sys.argv[2]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
