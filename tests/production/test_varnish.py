"""A real Varnish (Debian's `varnish`, xkey from `varnish-modules`) in front of two app servers
sharing a database and Redis, with the VCL of `make cluster --varnish-port`: a publish through
app server A purges exactly the keys it changed, so a visitor through Varnish never sees the
old text while the other pages stay in Varnish; and 64 concurrent requests right after a
publish render the page once per cache (publishing.pagecache), not 64 times."""

import socket
import sqlite3
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

from tests.tools import missing, need_file, need_program

from .conftest import (
    ROOT,
    Visitor,
    free_port,
    manage,
    prepare,
    production_env,
    start_gunicorn,
    stop,
)

sys.path.insert(0, str(ROOT / "scripts" / "cluster"))
import varnish  # noqa: E402 - scripts/cluster is not a package

# A SQLite file and Redis db 8 of its own, not the pass's (production_env drops
# TEST_CACHE_URL): the same run in both passes, so .ci/run's PostgreSQL pass leaves it out.
pytestmark = pytest.mark.backend_independent

# The production tests' Redis database (they run one after the other), never TEST_CACHE_URL's:
# the other test worker's cache is there, and this test empties its database.
REDIS = "redis://127.0.0.1:6379/8"
ARTICLE = "/en/laws/labour-contract-law/articles/10/"
LAW = "/en/laws/labour-contract-law/"
OTHERS = [
    "/en/laws/social-insurance-law/",
    "/en/laws/social-insurance-law/articles/2/",
    "/zh-hans/laws/social-insurance-law/articles/5/",
    "/en/cards/citizen-card/",
]


def reachable(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def site(tmp_path_factory, prepared_site):
    if not Path(varnish.varnishd()).exists():
        need_program("varnishd", "varnish")
    need_file("/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so", "varnish-modules")
    try:
        redis.Redis.from_url(REDIS).flushdb()
    except redis.ConnectionError:
        missing("No Redis on 127.0.0.1:6379.")
    tmp = tmp_path_factory.mktemp("varnish")
    cdn = free_port()
    env = production_env(
        tmp,
        CACHE_URL=REDIS,
        # Kept an hour in Varnish: only the purge can make a changed page fresh there.
        PAGE_CACHE_S_MAXAGE="3600",
        CDN_PURGE_URLS=f"http://127.0.0.1:{cdn}/",
        # Threads: concurrent requests reach the same server at once (the stampede test).
        GUNICORN_WORKER_CLASS="gthread",
        GUNICORN_THREADS="16",
    )
    prepare(env, prepared_site)  # migrated, seeded, static files collected
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        "User.objects.create_superuser('editor', 'e@example.com', 'a-long-password-1')",
    )
    a, b = start_gunicorn(env, tmp, "a"), start_gunicorn(env, tmp, "b")
    log = (tmp / "varnish.log").open("w")
    process = varnish.start(tmp, cdn, [a.port, b.port], log)
    deadline = time.monotonic() + 30
    while not reachable(cdn):
        assert process.poll() is None, (tmp / "varnish.log").read_text()
        assert time.monotonic() < deadline, (tmp / "varnish.log").read_text()
        time.sleep(0.2)
    yield {"varnish": f"http://127.0.0.1:{cdn}", "a": a, "b": b, "db": tmp / "db.sqlite3"}
    process.terminate()
    process.wait(timeout=30)
    stop(a), stop(b)
    redis.Redis.from_url(REDIS).flushdb()


def through_varnish(site, path):
    response = Visitor(site["varnish"]).get(path)
    assert response.status == 200, (path, response.status)
    return response


def warm(site, paths):
    for path in paths:
        for _ in range(3):
            if through_varnish(site, path).getheader("X-Cache") == "HIT":
                break
        assert through_varnish(site, path).getheader("X-Cache") == "HIT", path


def publish_article(site, text):
    """An editor on app server A changes the English text of Labour Contract Law Article 10
    (a draft of the live article) and publishes it."""
    with sqlite3.connect(site["db"]) as db:
        (pk,) = db.execute(
            "SELECT a.id FROM legislation_article a JOIN legislation_law l ON a.law_id = l.id "
            "WHERE l.slug = 'labour-contract-law' AND a.number = 10"
        ).fetchone()
    editor = Visitor(site["a"].base)
    editor.sign_in("en", "editor", "a-long-password-1")
    path = f"/en/admin/legislation/article/{pk}/change/"
    assert editor.submit(path, {"text_en": text}).status == 302
    published = editor.submit(path.replace("/change/", "/publish/"), {"confirm_translations": "on"})
    assert published.status == 302


def test_a_publish_through_a_purges_its_pages_in_varnish_and_no_other(site):
    warm(site, [ARTICLE, LAW, *OTHERS])
    publish_article(site, "Published through A, purged in Varnish.")
    for path in (ARTICLE, LAW):  # fetched again at once, never the old text
        response = through_varnish(site, path)
        assert response.getheader("X-Cache") == "MISS", path
        assert "Published through A, purged in Varnish." in response.text
    for path in OTHERS:  # showing nothing of the article: still in Varnish
        assert through_varnish(site, path).getheader("X-Cache") == "HIT", path


def test_varnish_never_shares_an_editors_answer(site):
    editor = Visitor(site["varnish"])
    editor.sign_in("en", "editor", "a-long-password-1")
    for _ in range(2):
        response = editor.get("/en/cards/citizen-card/")
        assert response.getheader("X-Cache") == "MISS"
        assert "private" in response.getheader("Cache-Control")
        admin = editor.get("/en/admin/")
        assert admin.status == 200 and admin.getheader("X-Cache") == "MISS"
    anonymous = Visitor(site["varnish"]).get("/en/admin/")
    assert anonymous.status == 302 and anonymous.getheader("X-Cache") == "MISS"


def test_64_concurrent_requests_after_a_publish_render_the_page_once_per_cache(site):
    for server in (site["a"], site["b"]):
        Visitor(server.base).get(ARTICLE)
    publish_article(site, "Rendered once for sixty-four visitors.")
    start = threading.Barrier(64)

    def visit(server):
        start.wait()
        response = Visitor(server.base).get(ARTICLE)
        return response.status, response.getheader("X-Page-Cache"), response.text

    servers = [site["a"], site["b"]] * 32  # straight to the app servers: no Varnish merging
    with ThreadPoolExecutor(64) as pool:
        answers = list(pool.map(visit, servers))
    assert all(status == 200 for status, _state, _text in answers)
    assert all("Rendered once for sixty-four visitors." in text for *_rest, text in answers)
    renders = [state for _status, state, _text in answers if state != "hit"]
    assert len(renders) <= 2, renders  # at most one per server (one: the cache is shared)
