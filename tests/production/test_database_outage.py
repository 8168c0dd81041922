"""A real database outage under a real gunicorn server: the server reaches PostgreSQL through
a small TCP proxy that this test cuts (every open connection dropped, new ones refused) and
then restores, since the machine's PostgreSQL itself must never be stopped.

While the database is away: pages are a styled 503 with Retry-After in the language of the
address (both languages at an address without one), /readyz is 503 and /healthz 200, and no
traceback is logged. When it is back, the server recovers by itself, with no restart.
PostgreSQL only: SQLite is a file, with no connection to cut."""

import contextlib
import os
import socket
import threading
import time
from urllib.parse import urlsplit

import psycopg
import pytest

from translations.i18n import language_tag

from .conftest import free_port, manage, production_env, start_gunicorn, stop

DATABASE_URL = os.environ.get("DATABASE_URL", "")
COMPARISON = "/{lang}/compare/citizen-card-vs-social-security-card/"

pytestmark = pytest.mark.skipif(
    not DATABASE_URL.startswith("postgres"),
    reason="a database outage needs a database reached over a socket: run with "
    "DATABASE_URL=postgres://… (SQLite is a file in the server's own process)",
)


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to the database; cut() drops every connection and closes
    the port, restore() opens it again."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.port = free_port()
        self.sockets = set()
        self.lock = threading.Lock()
        self.listener = None
        self.hung = False
        self.frozen = threading.Event()  # set: open connections stay open, nothing passes
        self.held = []
        self.restore()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self.accept, args=(listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut()
                return
            if self.hung:  # accepted, never answered
                self.held.append(client)
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.sockets |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    def pump(self, source, sink):
        try:
            while data := source.recv(65536):
                while self.frozen.is_set():
                    time.sleep(0.05)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def hang(self):
        """From now on connections are accepted and never answered (a hung database server);
        the open ones are dropped."""
        self.hung = True
        self.drop_connections()

    def cut(self):
        # shutdown() wakes the thread blocked in accept(); close() alone leaves it listening.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.drop_connections()

    def drop_connections(self):
        with self.lock:
            for sock in self.sockets:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self.sockets.clear()


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory):
    """A database migrated and seeded once for this module's tests: each test's database is
    a copy (CREATE DATABASE … TEMPLATE, about a second) instead of its own migrate and
    load_seed (about 20 s)."""
    parts = urlsplit(DATABASE_URL)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute("DROP DATABASE IF EXISTS production_outage_template WITH (FORCE)")
        db.execute("CREATE DATABASE production_outage_template")
    env = production_env(
        tmp_path_factory.mktemp("outage-template"),
        DATABASE_URL=parts._replace(path="/production_outage_template").geturl(),
    )
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed")
    yield "production_outage_template"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute("DROP DATABASE IF EXISTS production_outage_template WITH (FORCE)")


@pytest.fixture
def server_behind_proxy(tmp_path, seeded_template, static_root):
    parts = urlsplit(DATABASE_URL)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute("DROP DATABASE IF EXISTS production_outage WITH (FORCE)")
        db.execute(f"CREATE DATABASE production_outage TEMPLATE {seeded_template}")
    proxy = CuttableProxy(parts.hostname or "127.0.0.1", parts.port or 5432)
    user = f"{parts.username}@" if parts.username else ""
    env = production_env(
        tmp_path,
        DATABASE_URL=f"postgres://{user}127.0.0.1:{proxy.port}/production_outage",
        PAGE_CACHE_TIMEOUT="0",  # every page asks the database (a hit would need none)
        CONN_MAX_AGE="60",  # persistent connections, as in production: the cut drops them
        DATABASE_CLIENT_TIMEOUT="2",  # a query on an open connection that gets no answer
    )
    env["STATIC_ROOT"] = str(static_root)  # collected once a session
    server = start_gunicorn(env, tmp_path, "outage", workers=1)
    try:
        yield server, proxy
    finally:
        stop(server)
        proxy.cut()
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute("DROP DATABASE IF EXISTS production_outage WITH (FORCE)")


def get(server, path, headers=b""):
    status, fields, body = server.raw(path.encode(), headers=headers)
    return status, fields, body.decode("utf-8", "replace")


def test_a_database_outage_is_a_503_in_the_addresss_language_and_heals_itself(
    server_behind_proxy,
):
    server, proxy = server_behind_proxy
    for lang in ("zh-hans", "en"):  # warm: persistent connections are open when it is cut
        assert get(server, COMPARISON.format(lang=lang))[0] == 200
    assert get(server, "/readyz")[0] == 200

    proxy.cut()
    for lang, text in (("zh-hans", "暂时无法访问"), ("en", "Temporarily unavailable")):
        status, fields, body = get(server, COMPARISON.format(lang=lang))
        assert status == 503, body[:500]
        assert fields["retry-after"] == "30"
        assert f'<html lang="{language_tag(lang)}"' in body and text in body
        assert "OperationalError" not in body and "Traceback" not in body
        assert 'rel="stylesheet"' in body  # the styled page, not a bare error
    status, fields, body = get(server, "/sitemap.xml")  # an address without a language
    assert status == 503 and fields["retry-after"] == "30"
    assert "暂时无法访问" in body and "暫時無法訪問" in body and "Temporarily unavailable" in body
    status, _fields, body = get(server, "/", headers=b"Accept-Language: en\r\n")
    assert (status, _fields.get("location")) == (302, "/en/")  # no database needed
    assert get(server, "/readyz")[0] == 503
    assert get(server, "/healthz")[0] == 200

    proxy.restore()
    deadline = time.monotonic() + 15
    while get(server, "/readyz")[0] != 200:
        assert time.monotonic() < deadline, "the server did not recover by itself"
        time.sleep(0.5)
    for lang in ("zh-hans", "en"):
        assert get(server, COMPARISON.format(lang=lang))[0] == 200

    log = server.log.read_text()
    assert "database unavailable" in log
    assert "Traceback" not in log, log[-3000:]


def test_a_hung_database_is_a_503_within_seconds_and_healthz_stays_fast(server_behind_proxy):
    server, proxy = server_behind_proxy
    assert get(server, COMPARISON.format(lang="en"))[0] == 200
    proxy.hang()
    for lang in ("en", "zh-hans", "en"):  # a dropped connection, then new ones that hang
        started = time.monotonic()
        status, fields, body = get(server, COMPARISON.format(lang=lang))
        seconds = time.monotonic() - started
        assert status == 503 and fields["retry-after"] == "30", body[:300]
        assert 'rel="stylesheet"' in body  # the styled page
        assert seconds < 6, seconds  # the connect timeout (3 s), not gunicorn's 30 s
        started = time.monotonic()
        assert get(server, "/healthz")[0] == 200
        assert time.monotonic() - started < 1
    proxy.hung = False
    deadline = time.monotonic() + 15
    while get(server, "/readyz")[0] != 200:
        assert time.monotonic() < deadline, "the server did not recover by itself"
    assert get(server, COMPARISON.format(lang="en"))[0] == 200
    assert "Traceback" not in server.log.read_text()


def test_a_database_hung_on_an_open_connection_is_a_503_within_seconds(server_behind_proxy):
    """The connection stays open and everything sent is acknowledged (by the proxy), but no
    answer comes: neither the connect timeout nor the server's statement timeout can help."""
    server, proxy = server_behind_proxy
    assert get(server, COMPARISON.format(lang="en"))[0] == 200  # the connection is open
    proxy.frozen.set()
    try:
        started = time.monotonic()
        status, fields, body = get(server, COMPARISON.format(lang="en"))
        seconds = time.monotonic() - started
        assert status == 503 and fields["retry-after"] == "30", body[:300]
        assert 'rel="stylesheet"' in body
        assert seconds < 6, seconds  # the client-side limit (2 s here), not gunicorn's 30 s
    finally:
        proxy.frozen.clear()
    deadline = time.monotonic() + 15
    while get(server, COMPARISON.format(lang="en"))[0] != 200:
        assert time.monotonic() < deadline, "the server did not recover by itself"
    assert "Traceback" not in server.log.read_text()
