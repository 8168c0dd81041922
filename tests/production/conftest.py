"""A real gunicorn server with the production settings, for what the test client cannot show:
raw request paths (`//[/` reaches the app only through a real server), HEAD bodies, the
headers a browser sees. One server per test session, on a throwaway SQLite database."""

import contextlib
import http.client
import os
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(tmp, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "CACHE_URL": "locmemcache://",
        "STATIC_ROOT": str(tmp / "static"),
        "SECURE_SSL_REDIRECT": "0",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("TEST_CACHE_URL", None)
    # Set by tests/browser/conftest.py for Playwright, in this process only: no server has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    env.update(extra)
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args, "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )


def wait_for(port, process, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited:\n{log.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start:\n{log.read_text()}")


class Server:
    def __init__(self, port, log):
        self.port, self.log = port, log
        self.base = f"http://127.0.0.1:{port}"

    def raw(self, target: bytes, method=b"GET", headers=b"", https=True):
        """Send one request line exactly as given; return (status, headers dict, body).
        By default as the TLS proxy in front passes it on (X-Forwarded-Proto: https)."""
        if https:
            headers += b"X-Forwarded-Proto: https\r\n"
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as sock:
            sock.sendall(
                method
                + b" "
                + target
                + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + headers
                + b"Connection: close\r\n\r\n"
            )
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        fields = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            if name == "set-cookie":  # several: keep them all, one per line
                fields[name] = (fields.get(name, "") + "\n" + value.strip()).strip()
            else:
                fields.setdefault(name, value.strip())
        return int(lines[0].split()[1]), fields, body


class Visitor:
    """A browser's cookie jar over plain HTTP (cookies marked Secure are sent anyway: the TLS
    proxy in front is left out of these tests), with a helper to submit a form as it stands."""

    def __init__(self, base, source=None):
        """`source`: the loopback address to connect from (127.0.0.2, …), one per client."""
        self.base, self.cookies, self.source = base, {}, source

    def request(self, method, path, data=None, headers=None):
        parts = urlsplit(self.base)
        connection = http.client.HTTPConnection(
            parts.hostname,
            parts.port,
            timeout=30,
            source_address=(self.source, 0) if self.source else None,
        )
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.text = response.read().decode("utf-8", "replace")
        for line in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = line.partition("=")
            self.cookies[name.strip()] = rest.split(";")[0]
        connection.close()
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def submit(self, path, changes=None):
        """GET the page at `path`, fill its form as the browser would, change `changes`, POST."""
        soup = BeautifulSoup(self.get(path).text, "html.parser")
        forms = soup.find_all("form", method=lambda m: m and m.lower() == "post")
        form = max(forms, key=lambda f: len(f.find_all(["input", "textarea", "select"])))
        data = []
        for field in form.find_all(["input", "textarea", "select"]):
            name = field.get("name")
            kind = (field.get("type") or "").lower()
            if not name or kind in ("submit", "button", "file"):
                continue
            if kind in ("checkbox", "radio"):
                if field.has_attr("checked"):
                    data.append((name, field.get("value", "on")))
            elif field.name == "textarea":
                data.append((name, field.text.removeprefix("\n")))
            elif field.name == "select":
                data += [
                    (name, o.get("value", o.text)) for o in field.find_all("option", selected=True)
                ]
            else:
                data.append((name, field.get("value", "")))
        data = [(k, v) for k, v in data if k not in (changes or {})] + list((changes or {}).items())
        return self.request("POST", path, data=data, headers={"Referer": self.base + path})

    def sign_in(self, language, username, password):
        response = self.submit(
            f"/{language}/admin/login/?next=/{language}/admin/",
            {"username": username, "password": password},
        )
        assert response.status == 302, response.text[:500]


def start_gunicorn(env, tmp, name="app", workers=1):
    port = free_port()
    log = tmp / f"{name}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:portal.gunicorn", "portal.wsgi"],
            cwd=ROOT,
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    wait_for(port, process, log)
    server = Server(port, log)
    server.process = process
    return server


def stop(server):
    server.process.terminate()
    server.process.wait(timeout=30)


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """The static files as `collectstatic` collects them, once a session (about 10 s a
    server): every server serves them from here (read only)."""
    tmp = tmp_path_factory.mktemp("static")
    manage(production_env(tmp), "collectstatic", "--noinput")
    return tmp / "static"


@pytest.fixture(scope="session")
def prepared_site(tmp_path_factory, static_root):
    """A SQLite database migrated and seeded by the commands a deployment runs, once a
    session (about 20 s a server), and the static files: see prepare()."""
    tmp = tmp_path_factory.mktemp("prepared")
    env = production_env(tmp)
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed")
    return tmp / "db.sqlite3", static_root


def prepare(env, prepared_site):
    """What `migrate`, `load_seed` and `collectstatic` would give the server of `env` (a
    SQLite one): a copy of the prepared database, the collected static files."""
    database, static = prepared_site
    assert env["DATABASE_URL"].startswith("sqlite:///"), env["DATABASE_URL"]
    target = Path(env["DATABASE_URL"].removeprefix("sqlite:///"))
    assert not target.exists(), target
    # The backup API: a consistent copy whatever journal the database has.
    with (
        contextlib.closing(sqlite3.connect(database)) as source,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        source.backup(copy)
    env["STATIC_ROOT"] = str(static)


@pytest.fixture(scope="session")
def gunicorn_server(tmp_path_factory, prepared_site):
    tmp = tmp_path_factory.mktemp("gunicorn")
    env = production_env(tmp)
    prepare(env, prepared_site)
    port = free_port()
    log = tmp / "gunicorn.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:portal.gunicorn", "portal.wsgi"],
            cwd=ROOT,
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": "1",
                "SECURE_SSL_REDIRECT": "1",  # behind a TLS proxy, as in production
            },
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for(port, process, log)
        yield Server(port, log)
    finally:
        process.terminate()
        process.wait(timeout=30)
