"""Behind nginx, as `make cluster` runs it (two app servers on PostgreSQL, a Redis of this
test's own): each client is counted apart by the admin lockout and the API rate limit (one
setting, TRUSTED_PROXY_COUNT, through django-ipware); what one client sends (4 KB addresses,
a NUL redirect, 10,000 random raw requests) never costs another visitor a request nor marks
an app server failed; a hung Redis does not cut throughput to a crawl; and no redirect
leaves the site. PostgreSQL pass only, like tests/production/test_cluster.py."""

import collections
import contextlib
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import quote, urlsplit

import pytest

from portal.cache import BREAKER_SECONDS
from tests.tools import need_program

from .conftest import ROOT, Visitor, free_port, production_env

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASE = "production_proxy_faults"
RATE = 5  # API requests a minute per client, low enough to reach in a test
FUZZ_REQUESTS = int(os.environ.get("FUZZ_REQUESTS", "10000"))
FUZZ_SEED = 14

pytestmark = [
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres"),
        reason="runs in the PostgreSQL pass (DATABASE_URL=postgres://…)",
    ),
]


def reachable(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_until(ports, process, log, seconds=120):
    deadline = time.monotonic() + seconds
    while not all(reachable(p) for p in ports):
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.3)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    need_program("nginx", "nginx")
    need_program("redis-server", "redis-server")
    import psycopg

    parts = urlsplit(DATABASE_URL)
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    work = tmp_path_factory.mktemp("proxy")
    os.chmod(work, 0o755)  # nginx's workers run as nobody
    redis_port = free_port()
    redis_server = subprocess.Popen(
        ["redis-server", "--port", str(redis_port), "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    env = production_env(
        work,
        DATABASE_URL=parts._replace(path=f"/{DATABASE}").geturl(),
        CACHE_URL=f"redis://127.0.0.1:{redis_port}/0",
        API_RATE_LIMIT=f"{RATE}/min",
    )
    port, a, b = free_port(), free_port(), free_port()
    log = work / "run.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "scripts/cluster/run.py", "--port", str(port)]
            + ["--app-ports", f"{a},{b}", "--work", str(work), "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until((port, a, b, redis_port), process, log)
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c"]
            + [
                "from django.contrib.auth.models import User; "
                "User.objects.create_superuser('editor', 'e@example.com', 'a-long-password-1'); "
                "User.objects.create_superuser('ed', 'ed@example.com', 'a-long-password-2')"
            ],
            cwd=ROOT,
            env=env,
            check=True,
        )
        yield {
            "port": port,
            "base": f"http://127.0.0.1:{port}",
            "apps": (a, b),
            "work": work,
            "redis": redis_server,
        }
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        redis_server.send_signal(signal.SIGCONT)
        redis_server.terminate()
        redis_server.wait(timeout=10)
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def raw(port, request: bytes, source="127.0.0.1", timeout=15):
    """Send bytes as they are; (status or 0 for no answer, headers, body)."""
    with socket.create_connection(
        ("127.0.0.1", port), timeout=timeout, source_address=(source, 0)
    ) as sock:
        with contextlib.suppress(OSError):  # nginx answered and closed before reading it all
            sock.sendall(request)
        data = b""
        try:
            while chunk := sock.recv(65536):
                data += chunk
        except ConnectionResetError:
            pass
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    match = re.match(r"HTTP/\d\.\d (\d{3})", lines[0])
    fields = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        fields.setdefault(name.strip().lower(), value.strip())
    return (int(match[1]) if match else 0), fields, body


def get(port, target, source="127.0.0.1", headers=b""):
    return raw(
        port,
        b"GET "
        + target
        + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + headers
        + b"Connection: close\r\n\r\n",
        source,
    )


def nginx_log(cluster):
    path = cluster["work"] / "nginx-error.log"
    return path.read_text() if path.exists() else ""


# --- One client address behind the proxy ----------------------------------------------------


def test_five_wrong_passwords_lock_out_that_client_only(cluster):
    attacker = Visitor(cluster["base"], source="127.0.0.2")
    for attempt in range(5):
        response = attacker.submit(
            "/en/admin/login/?next=/en/admin/", {"username": f"guess{attempt}", "password": "x"}
        )
        attacker.cookies.pop("sessionid", None)
    assert response.status == 429, response.status  # the fifth: this client is locked out
    locked = attacker.submit(
        "/en/admin/login/?next=/en/admin/",
        {"username": "editor", "password": "a-long-password-1"},
    )
    assert locked.status == 429
    # Another client behind the same nginx signs in as usual.
    Visitor(cluster["base"], source="127.0.0.3").sign_in("en", "editor", "a-long-password-1")


def test_wrong_passwords_for_an_editor_do_not_lock_that_editor_out_elsewhere(cluster):
    attacker = Visitor(cluster["base"], source="127.0.0.40")
    for _attempt in range(5):
        response = attacker.submit(
            "/en/admin/login/?next=/en/admin/", {"username": "ed", "password": "wrong"}
        )
        attacker.cookies.pop("sessionid", None)
    assert response.status == 429, response.status
    Visitor(cluster["base"], source="127.0.0.41").sign_in("en", "ed", "a-long-password-2")


def test_one_clients_api_traffic_does_not_throttle_another(cluster):
    port = cluster["port"]
    statuses = [
        get(port, b"/api/v1/laws/", "127.0.0.4", f"X-Forwarded-For: 198.51.100.{n}\r\n".encode())[0]
        for n in range(RATE + 2)
    ]
    assert statuses[:RATE] == [200] * RATE and statuses[-1] == 429, statuses
    assert get(port, b"/api/v1/laws/", "127.0.0.5")[0] == 200


# --- What one client sends never breaks the proxy for others ------------------------------------

ATTACKS = [
    b"/zh-hans/admin/" + b"a" * 4000,
    b"/EN/" + b"a" * 4000,
    b"/en/" + b"a" * 4000 + b"/?a=%00",
    b"/zh-hans/admin/?" + b"q=" + b"%25" * 1300,
]
VISITED = [
    b"/en/",
    b"/zh-hans/compare/citizen-card-vs-social-security-card/",
    b"/en/laws/social-insurance-law/articles/2/",
]


def test_four_kilobyte_addresses_cost_other_visitors_nothing(cluster):
    port, stop = cluster["port"], threading.Event()
    attacks = collections.Counter()

    def attacker():
        while not stop.is_set():
            for target in ATTACKS:
                attacks[get(port, target, "127.0.0.6")[0]] += 1
            time.sleep(0.05)

    threads = [threading.Thread(target=attacker) for _ in range(2)]
    for thread in threads:
        thread.start()
    visits, upstreams = collections.Counter(), set()
    try:
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            for target in VISITED:
                status, fields, _body = get(port, target, "127.0.0.7")
                visits[status] += 1
                upstreams.add(fields.get("x-upstream"))
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert set(visits) == {200} and sum(visits.values()) > 20, visits
    assert set(attacks) == {414} and sum(attacks.values()) > 20, attacks
    assert len(upstreams) == 2  # no app server was taken out
    log = nginx_log(cluster)
    assert "too big header" not in log and "upstream" not in log, log[-2000:]


def test_no_redirect_leaves_the_site_through_nginx(cluster):
    for target in (b"//evil.example/?a=%00", b"/%2F%2Fevil.example/?a=%00", b"/EN//evil.example/"):
        status, fields, _body = get(cluster["port"], target)
        assert status in (301, 302), (target, status)
        location = fields["location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_a_gunicorn_error_page_never_reaches_a_visitor(cluster):
    # 150 header fields: over gunicorn's default limit of 100 (its bare 400 page); accepted now.
    headers = b"".join(b"X-F%d: 1\r\n" % n for n in range(150))
    status, _fields, body = get(cluster["port"], b"/en/", headers=headers)
    assert status == 200, body[:300]
    # A request line nginx passes is the app's styled 414, not gunicorn's "URI Too Long".
    status, _fields, body = get(cluster["port"], b"/en/" + b"b" * 7000)
    assert status == 414 and "Address too long" in body.decode()
    # What gunicorn refuses itself (nginx passes it on) is the site's bilingual 400 page,
    # which echoes nothing the client sent (gunicorn's own names the header).
    for request in (
        b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Probe-Header: a\x01b\r\n",
        b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: \x7fnot-an-address\r\n",
        b"GET /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-Ssl: on\r\n",
        b"ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFGHIJ /en/ HTTP/1.1\r\nHost: 127.0.0.1\r\n",
    ):
        status, _fields, body = raw(cluster["port"], request + b"Connection: close\r\n\r\n")
        text = body.decode("utf-8", "replace")
        assert status == 400 and "Bad request" in text and "请求有误" in text, (request, body)
        assert "x-probe-header" not in text.lower() and "forwarded" not in text.lower()
    # HEAD errors, gunicorn's included, carry no body through nginx.
    for target in (b"/en/" + b"b" * 7000, b"/en/no-such-page/"):
        request = b"HEAD " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        status, _fields, body = raw(cluster["port"], request)
        assert status in (404, 414) and body == b"", (status, body[:200])


# --- A hung Redis costs milliseconds ------------------------------------------------------------


def test_a_hung_redis_does_not_cut_throughput_to_a_crawl(cluster):
    port, redis_server = cluster["port"], cluster["redis"]
    paths = [b"/en/", b"/zh-hans/laws/", b"/api/v1/comparisons/?lang=en"]

    def load(seconds, source):
        statuses, deadline, n = collections.Counter(), time.monotonic() + seconds, 0
        while time.monotonic() < deadline:
            statuses[get(port, paths[n % len(paths)], source)[0]] += 1
            n += 1
        return statuses

    # SIGSTOP: the kernel still accepts connections to Redis's port, nothing answers them.
    redis_server.send_signal(signal.SIGSTOP)
    try:
        with ThreadPoolExecutor(4) as pool:
            results = list(pool.map(load, [6] * 4, [f"127.0.1.{n}" for n in range(1, 5)]))
    finally:
        redis_server.send_signal(signal.SIGCONT)
    statuses = sum(results, collections.Counter())
    rate = sum(statuses.values()) / 6
    print(f"hung Redis: {rate:.0f} requests/s through nginx, {dict(statuses)}")
    # No count is kept while Redis hangs: the API's rate limit lets everyone through.
    assert set(statuses) == {200}, statuses
    assert rate > 10, rate  # it was 4 with every call waiting for its socket timeout
    for app in cluster["apps"]:
        log = (cluster["work"] / f"app-{app}.log").read_text()
        assert '"level": "ERROR"' not in log, log[-2000:]


def test_an_edit_while_redis_hangs_is_not_stale_once_it_returns(cluster):
    """The edit cannot bump the content version in a hung Redis; Redis comes back with the old
    version and pages: no server may serve them, nor answer 304 to the API's old ETag."""
    card, api = "/en/cards/citizen-card/", b"/api/v1/card-types/citizen-card/?lang=en"
    time.sleep(BREAKER_SECONDS + 1)  # no breaker left open by the hung-Redis test above
    for app in cluster["apps"]:
        # Stored, then hits on each server (after an outage, each worker's first call that
        # reaches Redis bumps the version once more: a few misses first).
        states = [
            Visitor(f"http://127.0.0.1:{app}").get(card).getheader("X-Page-Cache") for _ in range(8)
        ]
        assert states[-2:] == ["hit", "hit"], states
    status, fields, _body = get(cluster["apps"][0], api)
    assert status == 200
    old_etag = fields["etag"]
    editor = Visitor(cluster["base"], source="127.0.0.8")
    editor.sign_in("en", "editor", "a-long-password-1")
    listing = editor.get("/en/admin/cards/cardtype/?q=citizen").text
    path = re.search(r'href="(/en/admin/cards/cardtype/\d+/change/)', listing)[1]
    cluster["redis"].send_signal(signal.SIGSTOP)
    try:
        saved = editor.submit(path, {"summary_en": "Edited while Redis hung."})
        assert saved.status == 302, saved.text[:500]
        published = path.replace("/change/", "/publish/")
        assert editor.submit(published, {"confirm_translations": "on"}).status == 302
    finally:
        cluster["redis"].send_signal(signal.SIGCONT)
    # The writer's lost bump is retried in the background once its breaker lets it through.
    time.sleep(BREAKER_SECONDS + 2)
    for app in cluster["apps"]:
        for _ in range(4):  # every worker of both servers
            assert "Edited while Redis hung." in Visitor(f"http://127.0.0.1:{app}").get(card).text
        status, _fields, body = get(app, api, headers=f"If-None-Match: {old_etag}\r\n".encode())
        assert status == 200 and "Edited while Redis hung." in body.decode(), status


# --- 10,000 random raw requests through nginx ---------------------------------------------------

PREFIXES = [
    "/", "/zh-hans/", "/en/", "/EN/", "/zh_Hans/", "/api/v1/", "/api/v1/laws/",
    "/api/v1/comparisons/", "/en/laws/social-insurance-law/articles/", "/zh-hans/admin/",
    "/en/search/?q=", "/static/css/", "/sitemap.xml", "/en/compare/", "//", "/%2F%2F",
    "/zh-hans/guide/", "/en/feed.atom", "/healthz", "/en/embed/compare/",
]  # fmt: skip
PIECES = [
    "a", "..", "%00", "%", "%ff", "%E7%A4%BE", "社保", "\\", "//", "?", "&", "=", "#", ";",
    "%2e%2e", "~", " ", "\t", "\x7f", "\xff", "<script>", "'", '"', "第二条", "page=0",
    "?page=-1", "?lang=xx", "?q=", "?date=9999-99-99", "?since=x", "?view=parallel", "%0d%0a",
]  # fmt: skip
METHODS = [b"GET"] * 8 + [
    b"HEAD", b"POST", b"PUT", b"DELETE", b"OPTIONS", b"PATCH", b"TRACE", b"CONNECT",
    b"PROPFIND", b"get", b"G\x00T", b"",
]  # fmt: skip
VERSIONS = [b"HTTP/1.1"] * 10 + [
    b"HTTP/1.0",
    b"HTTP/2.0",
    b"HTTP/0.9",
    b"HTTP/1.2",
    b"HTTP/9.9",
    b"HTTX/1.1",
    b"",
]
HEADERS = [
    b"Host: localhost", b"Host: evil.example", b"Host: ", b"Host: " + b"h" * 300,
    b"Host: 127.0.0.1:99999", b"Host: [::1]", b"X-Forwarded-For: junk, 1.2.3.4",
    b"X-Forwarded-For: " + b"9" * 500, b"Accept-Language: en;q=x, zh", b"Accept-Language: *",
    b"Cookie: sessionid=junk; django_language=xx", b"Cookie: csrftoken=" + b"c" * 100,
    b"Transfer-Encoding: gzip, chunked", b"Transfer-Encoding: identity",

    b"Content-Length: abc", b"Content-Length: -1", b"Expect: 100-continue",
    b"Expect: 999-nothing", b"If-None-Match: *", b"If-Modified-Since: yesterday",
    b"Range: bytes=9-1",
    b"X-Request-ID: \xff\xfe", b"Accept: application/json", b"Origin: https://evil.example",
    b"X" * 9000 + b": 1", b"Bad Header", b"X-Forwarded-Proto: gopher", b"Authorization: Basic !!!",
]  # fmt: skip


def fuzz_request(rng):
    path = rng.choice(PREFIXES) + "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))
    if rng.random() < 0.05:
        path += "a" * rng.choice([500, 2100, 5000, 9000])
    if rng.random() < 0.6:  # as a browser sends it: most then reach the app
        path = quote(path, safe="/?&=%;~'")
    target = path.encode("utf-8" if rng.random() < 0.7 else "latin-1", "replace")
    line = rng.choice(METHODS) + b" " + target + b" " + rng.choice(VERSIONS)
    headers = [b"Host: 127.0.0.1"] if rng.random() < 0.9 else []
    headers += rng.sample(HEADERS, rng.choice([0, 0, 1, 2, 3]))
    # Bodies are complete (an incomplete one only waits for nginx's body timeout).
    body = b""
    if rng.random() < 0.2:
        body = b"x" * rng.choice([3, 10, 100])
        headers.append(b"Content-Length: %d" % len(body))
    elif rng.random() < 0.05:
        headers.append(b"Transfer-Encoding: chunked")
        body = rng.choice([b"3\r\nabc\r\n0\r\n\r\n", b"zz\r\nabc\r\n0\r\n\r\n", b"0\r\n\r\n"])
    return (
        line
        + b"\r\n"
        + b"".join(h + b"\r\n" for h in headers)
        + b"Connection: close\r\n\r\n"
        + body
    )


def test_ten_thousand_random_raw_requests_give_no_5xx(cluster):
    rng = random.Random(FUZZ_SEED)
    requests = [fuzz_request(rng) for _ in range(FUZZ_REQUESTS)]
    port = cluster["port"]

    def send(numbered):
        number, request = numbered
        try:
            return number, raw(port, request, f"127.0.2.{number % 200 + 1}", timeout=10)[0]
        except OSError as exc:
            return number, exc.__class__.__name__

    started = time.monotonic()
    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(send, enumerate(requests)))
    seconds = time.monotonic() - started
    statuses = collections.Counter(status for _n, status in results)
    print(f"fuzz: {len(requests)} requests in {seconds:.0f} s: {sorted(statuses.items(), key=str)}")
    bad = [(n, s) for n, s in results if not (isinstance(s, int) and 0 < s < 500)]
    # The only 5xx: protocol-level answers from nginx for what it does not support, each for
    # exactly its cause. 501: a Transfer-Encoding other than chunked; 505: an HTTP version
    # other than 1.0 and 1.1 (HTTP/2.0, 9.9, … on a plain HTTP/1 port).
    # No status line at all (0) only where the request line names no HTTP/1 or later: nginx
    # answers such an HTTP/0.9 request as HTTP/0.9, without one.
    protocol = {
        0: lambda request: not re.match(rb"[^\r]* HTTP/[1-9]", request),
        501: lambda request: re.search(rb"Transfer-Encoding: (?!chunked\r)", request),
        505: lambda request: not re.match(rb"[^\r]* HTTP/1\.[01]\r\n", request),
    }
    bad = [(n, s) for n, s in bad if not (s in protocol and protocol[s](requests[n]))]
    examples = [(s, requests[n][:200]) for n, s in bad[:10]]
    assert not bad, (len(bad), examples)
    # Many are nginx's 400s for malformed requests; the app answered a good share too.
    assert statuses[200] + statuses[301] + statuses[302] + statuses[404] > 1000, statuses
    log = nginx_log(cluster)
    assert "upstream" not in log, log[-3000:]
    for app in cluster["apps"]:
        app_log = (cluster["work"] / f"app-{app}.log").read_text()
        assert '"level": "ERROR"' not in app_log and "Traceback" not in app_log, app_log[-3000:]
