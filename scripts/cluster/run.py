"""`make cluster`: nginx in front of two gunicorn app servers, both on PostgreSQL and Redis.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_cluster \\
    CACHE_URL=redis://127.0.0.1:6379/0  python scripts/cluster/run.py [--port 8080]
        [--app-ports 8001,8002] [--work /tmp/portal-cluster] [--varnish-port 6081]

Prepares the database (created if missing, migrated, seeded) and the static files, starts
the app servers and nginx, then polls every app server's /readyz each second: a server that
is not ready is taken out of nginx's upstream (a reload, no dropped connection) and put back
when it is ready again. Ctrl-C (or SIGTERM) stops everything. One SECRET_KEY (from the
environment, or generated for this run) is shared by all app servers, so sessions and
signed values are valid on any of them. With --varnish-port, Varnish (varnish.py, with the
xkey vmod) listens there too, in front of the app servers, and they purge it by key
(CDN_PURGE_URLS) on every write.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import varnish  # this folder's (scripts/cluster/varnish.py)

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--app-ports", default="8001,8002")
    parser.add_argument("--work", default="/tmp/portal-cluster")
    parser.add_argument("--workers", default="2", help="gunicorn workers per app server")
    parser.add_argument("--varnish-port", type=int, help="also Varnish in front, on this port")
    args = parser.parse_args()
    work = Path(args.work)
    ports = [int(p) for p in args.app_ports.split(",")]
    env = cluster_env(work, args.port)
    if args.varnish_port:
        env["CDN_PURGE_URLS"] = f"http://127.0.0.1:{args.varnish_port}/"

    prepare(env, work)
    apps = {port: start_app(env, work, port, args.workers) for port in ports}
    try:
        (work / "pids.json").write_text(json.dumps({str(p): a.pid for p, a in apps.items()}))
        ready = set(ports)
        write_upstream(work, ready)
        nginx = start_nginx(work, args.port)
        cache = None
        if args.varnish_port:
            log = (work / "varnish.log").open("a")
            cache = varnish.start(work, args.varnish_port, ports, log)
            print(f"cluster: varnish on 127.0.0.1:{args.varnish_port} -> {ports}", flush=True)
    except BaseException:  # leave no app server behind
        for app in apps.values():
            app.terminate()
        raise
    print(f"cluster: nginx on 127.0.0.1:{args.port} -> app servers {ports}", flush=True)

    def stop(*_args):
        if cache is not None:
            cache.terminate()
        subprocess.run(nginx_command(work) + ["-s", "quit"], check=False)
        for app in apps.values():
            app.terminate()
        for app in apps.values():
            app.wait(timeout=30)
        nginx.wait(timeout=30)
        if cache is not None:
            cache.wait(timeout=30)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while True:  # the readiness watcher
        now_ready = {port for port in ports if is_ready(port)}
        if now_ready != ready:
            ready = now_ready
            print(f"cluster: ready app servers now {sorted(ready)}", flush=True)
            # A reload closes the idle keep-alive connections of clients; only when the
            # upstream changes (none ready keeps them all: the same list as all ready).
            if write_upstream(work, ready):
                subprocess.run(nginx_command(work) + ["-s", "reload"], check=False)
        time.sleep(1)


def cluster_env(work, port):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "DATABASE_URL": os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_cluster"
        ),
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/0"),
        "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "STATIC_ROOT": str(work / "static"),
        # Plain HTTP on loopback here; with TLS at nginx, leave both at their defaults.
        "SECURE_SSL_REDIRECT": os.environ.get("SECURE_SSL_REDIRECT", "0"),
        # nginx appends the client's address to X-Forwarded-For: the admin lockout and the
        # API rate limit count each client apart (otherwise all share nginx's address).
        "TRUSTED_PROXY_COUNT": os.environ.get("TRUSTED_PROXY_COUNT", "1"),
        # Absolute links (canonical, sitemaps, the feed, the API's) name nginx's origin.
        "SITE_URL": os.environ.get("SITE_URL", f"http://127.0.0.1:{port}"),
    }
    return env


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env, work):
    for sub in ("tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"):
        (work / sub).mkdir(parents=True, exist_ok=True)
        os.chmod(work / sub, 0o777)  # nginx's workers run as nobody
    create_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_seed", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def create_database(url):
    if not url.startswith("postgres"):
        return
    import psycopg

    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


def start_app(env, work, port, workers):
    log = (work / f"app-{port}.log").open("a")
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:portal.gunicorn", "portal.wsgi"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": workers},
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def is_ready(port):
    """Not ready: /readyz says so (503) or nothing listens. A check that times out is a busy
    server, not a failed one: taking it out (a reload, which closes clients' idle
    connections) would load the other more; nginx's own timeouts cover a hung one."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
            return response.status == 200
    except urllib.error.HTTPError:
        return False
    except TimeoutError:
        return True
    except urllib.error.URLError as exc:
        return isinstance(exc.reason, TimeoutError)
    except OSError:
        return False


def write_upstream(work, ready):
    """Write nginx's upstream block for the ready servers; False when it was already so."""
    lines = ["upstream portal {"]
    # With none ready, keep them all: nginx then answers with whatever the servers say.
    for port in sorted(ready) or sorted(all_ports(work)):
        # Counted failures are connection errors and timeouts only (proxy_next_upstream).
        lines.append(f"    server 127.0.0.1:{port} max_fails=3 fail_timeout=5s;")
    lines += ["    keepalive 32;", "}", ""]
    path, text = work / "upstream.conf", "\n".join(lines)
    if path.exists() and path.read_text() == text:
        return False
    path.write_text(text)
    return True


def all_ports(work):
    return [int(p) for p in json.loads((work / "pids.json").read_text())]


def nginx_command(work):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    conf, log = work / "nginx.conf", work / "nginx-error.log"
    return [nginx, "-p", str(work), "-c", str(conf), "-e", str(log)]


def start_nginx(work, port):
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    conf = TEMPLATE.read_text().format(work=work, port=port, user=user)
    (work / "nginx.conf").write_text(conf)
    shutil.copy(TEMPLATE.with_name("50x.html"), work / "50x.html")
    return subprocess.Popen(nginx_command(work) + ["-g", "daemon off;"])


if __name__ == "__main__":
    main()
