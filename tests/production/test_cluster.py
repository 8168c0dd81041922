"""The multi-server set-up of `make cluster`, for real: nginx (Debian's package) in front of
two gunicorn app servers on PostgreSQL and Redis. Edits through app server A are never
answered stale through nginx or by app server B, a session works on both, static files are
served for the long term, and a stopped app server costs no request."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

import psycopg
import pytest
import redis

from tests.tools import need_program, need_service

from .conftest import ROOT, Visitor, free_port, production_env

DATABASE = "postgres://postgres@127.0.0.1:5432/production_cluster"
CACHE = "redis://127.0.0.1:6379/8"
CARD = "/en/cards/citizen-card/"

pytestmark = [
    # The set-up is PostgreSQL + Redis: run with the suite's PostgreSQL pass (CI's second).
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://…)",
    ),
]


def reachable(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    need_program("nginx", "nginx")
    need_service(5432, "PostgreSQL")
    need_service(6379, "Redis")
    with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        db.execute("DROP DATABASE IF EXISTS production_cluster WITH (FORCE)")
    redis.Redis.from_url(CACHE).flushdb()
    work = tmp_path_factory.mktemp("cluster")
    os.chmod(work, 0o755)
    env = production_env(work, DATABASE_URL=DATABASE, CACHE_URL=CACHE)
    port, a, b = free_port(), free_port(), free_port()
    log = (work / "run.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "scripts/cluster/run.py",
            "--port",
            str(port),
            "--app-ports",
            f"{a},{b}",
            "--work",
            str(work),
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while not all(reachable(p) for p in (port, a, b)):
        assert process.poll() is None, (work / "run.log").read_text()
        assert time.monotonic() < deadline, (work / "run.log").read_text()
        time.sleep(0.5)
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.contrib.auth.models import User; "
            "User.objects.create_superuser('editor', 'e@example.com', 'a-long-password-1')",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    yield {
        "nginx": f"http://127.0.0.1:{port}",
        "a": f"http://127.0.0.1:{a}",
        "b": f"http://127.0.0.1:{b}",
        "ports": (a, b),
        "work": work,
    }
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=60)
    redis.Redis.from_url(CACHE).flushdb()


def read(base, path=CARD):
    response = Visitor(base).get(path)
    assert response.status == 200, (base, response.status)
    return response


def test_an_edit_on_server_a_is_never_stale_through_nginx_or_on_server_b(cluster):
    for _ in range(4):  # warm every cache: both upstreams through nginx, and B directly
        read(cluster["nginx"]), read(cluster["b"])
    editor = Visitor(cluster["a"])
    editor.sign_in("en", "editor", "a-long-password-1")
    listing = editor.get("/en/admin/cards/cardtype/?q=citizen").text
    path = re.search(r'href="(/en/admin/cards/cardtype/\d+/change/)', listing)[1]
    assert editor.submit(path, {"summary_en": "Published through A."}).status == 302
    # The card type is live, so the save is a draft: visitors keep the published page…
    for base in (cluster["nginx"], cluster["b"]):
        assert "Published through A." not in Visitor(base).get(CARD).text
    # …until the editor publishes it, on server A; then no server answers stale.
    publish = path.replace("/change/", "/publish/")
    assert editor.submit(publish, {"confirm_translations": "on"}).status == 302
    for _ in range(4):
        for base in (cluster["nginx"], cluster["b"]):
            assert "Published through A." in Visitor(base).get(CARD).text


def test_a_session_from_server_a_works_on_server_b_and_through_nginx(cluster):
    editor = Visitor(cluster["a"])
    editor.sign_in("en", "editor", "a-long-password-1")
    for base in (cluster["b"], cluster["nginx"]):
        other = Visitor(base)
        other.cookies = dict(editor.cookies)
        response = other.get("/en/admin/")
        assert response.status == 200 and "editor" in response.text.lower()


def test_static_files_are_served_for_the_long_term(cluster):
    page = read(cluster["nginx"]).text
    css = page.split('rel="stylesheet" href="')[1].split('"')[0]
    response = Visitor(cluster["nginx"]).get(css)
    assert response.status == 200
    assert "max-age=315360000" in response.getheader("Cache-Control")
    assert "immutable" in response.getheader("Cache-Control")
    assert response.getheader("Server") == "nginx"  # no version banner


def test_both_servers_answer_and_a_stopped_one_costs_no_request(cluster):
    upstreams = {read(cluster["nginx"]).getheader("X-Upstream") for _ in range(10)}
    assert len(upstreams) == 2
    a, b = cluster["ports"]
    pid = json.loads((cluster["work"] / "pids.json").read_text())[str(a)]
    os.kill(pid, signal.SIGTERM)
    statuses = []
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        statuses.append(Visitor(cluster["nginx"]).get("/en/").status)
    assert set(statuses) == {200} and len(statuses) > 20
    # The readiness watcher has taken A out of the upstream.
    assert f"127.0.0.1:{a}" not in (cluster["work"] / "upstream.conf").read_text()
    assert read(cluster["nginx"]).getheader("X-Upstream") == f"127.0.0.1:{b}"
