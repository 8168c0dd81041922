"""Search time at the seed size and at scale, on one database, with the query plans.

    DATABASE_URL=postgres://…/name .venv/bin/python scripts/bench_search.py [rounds]
    DATABASE_URL=sqlite:////tmp/bench-search.sqlite3 .venv/bin/python scripts/bench_search.py

Empties the database (migrate to zero is not needed: the tables are flushed), loads the seed,
measures /search/ for 社会, 社会保险 and "pension" in both languages (median server time over
`rounds` requests, page cache off, in-process), then adds
`seed_synthetic --comparisons 10000 --laws 100 --articles-per-law 500` and measures again.
At the large size it also prints each kind's candidate query's plan (search.engine.Source:
EXPLAIN ANALYZE on PostgreSQL; EXPLAIN QUERY PLAN on
SQLite), and `uptime` before each measurement. On SQLite the seed database is copied before
seed_synthetic and the two are measured in turns, three sittings each (the median of their
medians), so that both see the same load on a shared machine. Prints Markdown for
docs/benchmarks.md. It writes to the database it is given (and, on SQLite, to a copy beside
it): use a throwaway one.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIG = ["--comparisons", "10000", "--laws", "100", "--articles-per-law", "500"]
QUERIES = ["社会", "社会保险", "pension"]


def manage(*args):
    start = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", *args, "--verbosity", "0"], cwd=ROOT, check=True)
    return time.perf_counter() - start


def measure(rounds):
    """In a child process: {query: {lang: ms}} and, on PostgreSQL, {query: {kind: plan}}."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from search import query as search_query
    from search.engine import CANDIDATES, sources
    from search.models import Synonym

    client = Client(HTTP_HOST="127.0.0.1")
    times, plans = {}, {}
    for q in QUERIES:
        for lang in ("zh-hans", "en"):
            client.get(f"/{lang}/search/", {"q": q})  # warm
            timings = []
            for _ in range(rounds):
                start = time.perf_counter()
                assert client.get(f"/{lang}/search/", {"q": q}).status_code == 200
                timings.append((time.perf_counter() - start) * 1000)
            times.setdefault(q, {})[lang] = statistics.median(timings)
        parsed = search_query.parse(q)
        parsed = parsed.with_synonyms(Synonym.objects.expansions_for(parsed.words))
        for source in sources():
            rows = source.matching(parsed).values_list("pk", flat=True)[:CANDIDATES]
            sql, params = rows.query.sql_with_params()
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                else:
                    cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
                    plan = "\n".join(str(row[3]) for row in cursor.fetchall())
            plans.setdefault(q, {})[f"{source.kind.name}:{type(source).__name__}"] = plan
    print(json.dumps({"times": times, "plans": plans}))


def run_measure(rounds, database_url=None):
    print(
        "uptime before measuring:",
        subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip(),
        flush=True,
    )
    env = {
        **os.environ,
        **({"DATABASE_URL": database_url} if database_url else {}),
        "PAGE_CACHE_TIMEOUT": "0",
        "STATUTE_BODY_MEMO": "0",
        "CACHE_URL": "locmemcache://",
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


def interleaved(rounds, seed_url, sittings=3):
    """SQLite: the seed copy and the large database measured in turns, `sittings` times each,
    so that both see the same load; the median of each query's sitting medians."""
    runs = {"seed": [], "large": []}
    for _ in range(sittings):
        runs["seed"].append(run_measure(rounds, seed_url))
        runs["large"].append(run_measure(rounds))
    merged = {}
    for size, measured in runs.items():
        times = {
            q: {lang: statistics.median(m["times"][q][lang] for m in measured) for lang in langs}
            for q, langs in measured[0]["times"].items()
        }
        merged[size] = {"times": times, "plans": measured[-1]["plans"]}
    return merged["seed"], merged["large"]


def main(rounds):
    manage("collectstatic", "--noinput")  # the pages name the manifest's files
    manage("migrate", "--noinput")
    manage("flush", "--noinput")
    manage("load_seed")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        seed_copy = path.with_name(path.stem + "-seed" + path.suffix)
        shutil.copyfile(path, seed_copy)
        seconds = manage("seed_synthetic", *BIG)
        seed, large = interleaved(rounds, f"sqlite:///{seed_copy}")
    else:
        seed = run_measure(rounds)
        seconds = manage("seed_synthetic", *BIG)
        large = run_measure(rounds)
    vendor = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    print(f"seed_synthetic {' '.join(BIG)}: {seconds:.0f} s\n")
    print("| query | language | seed, ms | large, ms | large / seed |")
    print("|---|---|---:|---:|---:|")
    for q in QUERIES:
        for lang in ("zh-hans", "en"):
            before, after = seed["times"][q][lang], large["times"][q][lang]
            print(f"| {q} | {lang} | {before:.1f} | {after:.1f} | {after / before:.2f}× |")
    for q, kinds in large["plans"].items():
        print(f"\n#### {q}, large data set, candidate queries ({vendor})\n")
        for kind, plan in kinds.items():
            print(f"{kind}:\n\n```\n{plan}\n```\n")


if __name__ == "__main__":
    if "--measure" in sys.argv:
        measure(int(sys.argv[-1]))
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
