"""`make run`'s server sees a change made from the command line at once (issue 15, item 6): the
default cache (no CACHE_URL) is shared by every process of the checkout, so a law imported in
another terminal bumps the content version the server reads, and its page cache misses."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.legislation.test_importer import SMALL

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.headers.get("X-Page-Cache"), response.read().decode()


def test_a_law_imported_from_the_command_line_shows_on_the_next_request(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO", "DATABASE", "CACHE", "TEST_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),  # the default file cache, away from the checkout's
        PYTHONUNBUFFERED="1",
        DEBUG="1",  # static files from the app folders: no collectstatic needed
    )

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args, "--verbosity", "0"], cwd=ROOT, env=env, check=True
        )

    law = tmp_path / "law.txt"
    law.write_text(SMALL, encoding="utf-8")
    manage("migrate", "--noinput")
    manage("import_law", str(law), "--law", "example", "--language", "zh-hans", "--publish")

    port = free_port()
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, (
                    tmp_path / "server.log"
                ).read_text()
                time.sleep(0.2)
        path = "/zh-hans/laws/example/"
        get(port, path)
        state, body = get(port, path)
        assert state == "hit" and "为了示例，制定本法。" in body  # the page cache is on

        law.write_text(SMALL.replace("为了示例", "为了新的示例"), encoding="utf-8")
        manage("import_law", str(law), "--law", "example", "--language", "zh-hans")

        state, body = get(port, path)
        assert "为了新的示例，制定本法。" in body, state
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
