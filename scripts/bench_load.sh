#!/usr/bin/env bash
# `make bench-load`: requests/s, p50 and p99 under wrk (2 threads, 16 connections) for our
# public pages cached and uncached, a static file from the same server (the ceiling of this
# stack) and the Wagtail peer's comparison page, interleaved in one sitting by
# ../shared/bench/compare.py, with each target's ratio to the static file.
#
# Two production servers on loopback, 2 gunicorn workers each (portal/gunicorn.py), one
# database: :8101 with the page cache (local memory, per worker), :8102 without it.
# Env: DATABASE_URL (default: a fresh SQLite file), BENCH_SECONDS (10), BENCH_ROUNDS (3),
# BENCH_PEER=0 to leave the peer out, BENCH_SEED="--comparisons 10000 …" to load
# seed_synthetic's data set as well, GUNICORN_WORKER_CLASS / GUNICORN_THREADS to compare,
# BENCH_PORTS="8101 8102 18080 8103 8104" (cached, uncached, peer, and the two below) on a
# shared machine, BENCH_COLD=1 to add the uncached pages with fragments off
# (FRAGMENT_CACHE_TIMEOUT=0: a render after a write), BENCH_BASELINE=<another checkout with
# its .venv> to add its uncached pages, served from the same database ("before" and "after"
# in one sitting).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# ../shared next to the main checkout (../../shared from a worktree in wt/), or SHARED_BENCH.
SHARED=${SHARED_BENCH:-}
for dir in ../shared/bench ../../shared/bench; do
    if [ -z "$SHARED" ] && [ -f "$dir/compare.py" ]; then SHARED=$dir; fi
done
: "${SHARED:?set SHARED_BENCH to the shared/bench folder}"
work=$(mktemp -d /tmp/bench-load.XXXXXX)
export DJANGO_SETTINGS_MODULE=portal.settings.production
export SECRET_KEY="bench-load-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
export DATABASE_URL="${DATABASE_URL:-sqlite:///$work/db.sqlite3}"
export STATIC_ROOT="$work/static" SECURE_SSL_REDIRECT=0 CACHE_URL="${CACHE_URL:-locmemcache://}"
export GUNICORN_WORKERS="${GUNICORN_WORKERS:-2}" LOG_LEVEL=ERROR

read -r cached uncached peer cold baseline <<<"${BENCH_PORTS:-8101 8102 18080 8103 8104}"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    if [ "${BENCH_PEER:-1}" != 0 ]; then "$SHARED/run-peer.sh" stop "$peer" >/dev/null 2>&1 || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

$PY manage.py migrate --noinput --verbosity 0
$PY manage.py load_seed --verbosity 0
if [ -n "${BENCH_SEED:-}" ]; then $PY manage.py seed_synthetic $BENCH_SEED; fi
$PY manage.py collectstatic --noinput --verbosity 0

serve() {  # serve PORT PAGE_CACHE_TIMEOUT [FRAGMENT_CACHE_TIMEOUT [CHECKOUT]]
    # exec: the pid kept is gunicorn's own, which the cleanup stops.
    (cd "${4:-.}" && PAGE_CACHE_TIMEOUT=$2 FRAGMENT_CACHE_TIMEOUT=${3:-3600} \
        GUNICORN_BIND=127.0.0.1:$1 \
        exec .venv/bin/python -m gunicorn -c python:portal.gunicorn portal.wsgi \
        >"$work/gunicorn-$1.log" 2>&1) &
    pids+=($!)
}
serve "$cached" 3600
serve "$uncached" 0
ports=("$cached" "$uncached") extras=()
if [ "${BENCH_COLD:-0}" != 0 ]; then serve "$cold" 0 0; ports+=("$cold") extras+=(cold); fi
if [ -n "${BENCH_BASELINE:-}" ]; then
    serve "$baseline" 0 0 "$BENCH_BASELINE"
    ports+=("$baseline") extras+=(baseline)
fi
for port in "${ports[@]}"; do
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.2; done
done

css=$(curl -s http://127.0.0.1:$cached/en/ | grep -o '/static/css/portal\.[0-9a-f]*\.css' | head -1)
comparison=/zh-hans/compare/citizen-card-vs-social-security-card/
law=/zh-hans/laws/social-insurance-law/
targets=(
    "static=http://127.0.0.1:$cached$css"
    "comparison-cached=http://127.0.0.1:$cached$comparison"
    "comparison-uncached=http://127.0.0.1:$uncached$comparison"
    "law-cached=http://127.0.0.1:$cached$law"
    "law-uncached=http://127.0.0.1:$uncached$law"
)
# The search page, where the search app is installed.
search=/zh-hans/search/?q=%E7%A4%BE%E4%BC%9A
if curl -sf -o /dev/null "http://127.0.0.1:$uncached$search"; then
    targets+=("search-uncached=http://127.0.0.1:$uncached$search")
fi
for extra in "${extras[@]}"; do
    [ "$extra" = cold ] && port=$cold label=nofragments || port=$baseline label=before
    for page in comparison law search; do
        targets+=("$page-$label=http://127.0.0.1:$port${!page}")
    done
done
if [ "${BENCH_PEER:-1}" != 0 ]; then
    "$SHARED/run-peer.sh" start "$peer" >"$work/peer.log" 2>&1
    targets+=("wagtail-peer=http://127.0.0.1:$peer/zh-hans/citizen-card-vs-social-security-card/")
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
    "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "database: ${DATABASE_URL%%:*}; workers: $GUNICORN_WORKERS ${GUNICORN_WORKER_CLASS:-sync}"
python3 "$SHARED/compare.py" --seconds "${BENCH_SECONDS:-10}" --rounds "${BENCH_ROUNDS:-3}" \
    --base static "${targets[@]}"
errors=$(cat "$work"/gunicorn-*.log | grep -c '"level": "ERROR"' || true)
echo "error log lines from our servers: $errors"
