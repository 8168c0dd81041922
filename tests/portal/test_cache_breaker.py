"""A Redis that is down or hung costs milliseconds (portal.cache.ResilientRedisCache): one
call waits for its socket timeout, then the cache answers a miss without touching the network
for a few seconds and says so once in the log; the API, its rate limit and the pages answer
as if there were no cache, never with a 500. Under load through nginx:
tests/production/test_proxy_faults.py."""

import logging
import socket
import threading
import time

import pytest
from django.core.cache import cache
from django.test import Client

from portal import cache as breaker


@pytest.fixture
def hung_redis():
    """A port that accepts connections and never answers, as a stopped Redis does."""
    listener = socket.create_server(("127.0.0.1", 0))
    held = []

    def accept():
        while True:
            try:
                held.append(listener.accept()[0])
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()
    for sock in held:
        sock.close()


@pytest.fixture
def down_redis():
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def use_cache(settings, url):
    from portal.settings.base import resilient

    settings.CACHES = {
        "default": resilient(
            {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        )
    }
    breaker._open_until.clear()
    breaker._should_log.last = float("-inf")


@pytest.mark.parametrize("redis_fixture", ["hung_redis", "down_redis"])
def test_an_unreachable_redis_costs_one_timeout_then_nothing(
    request, settings, caplog, redis_fixture
):
    use_cache(settings, request.getfixturevalue(redis_fixture))
    started = time.monotonic()
    assert cache.get("key", "default") == "default"
    first = time.monotonic() - started
    assert first < 3  # one socket timeout (0.5 s) plus connecting, on a busy machine
    started = time.monotonic()
    for _ in range(200):
        assert cache.get("key") is None
        cache.set("key", 1)
        assert cache.add("key", 1) is False
        assert cache.get_many(["key", "other"]) == {}
    # The breaker is open: no network at all (800 calls would wait 0.5 s each on a hung Redis).
    assert time.monotonic() - started < 2
    with pytest.raises(ValueError):
        cache.incr("counter")
    warnings = [r for r in caplog.records if r.name == "portal.cache"]
    assert len(warnings) == 1 and "cache unreachable" in warnings[0].getMessage()
    assert warnings[0].levelno == logging.WARNING


def test_the_breaker_tries_again_after_a_few_seconds(settings, down_redis, monkeypatch):
    use_cache(settings, down_redis)
    calls = []

    def refused(self, *args):
        calls.append(args)
        raise breaker.RedisConnectionError("refused")

    monkeypatch.setattr("django.core.cache.backends.redis.RedisCache.get", refused)
    cache.get("key")
    cache.get("key")
    assert len(calls) == 1
    now = time.monotonic()
    monkeypatch.setattr(breaker.time, "monotonic", lambda: now + breaker.BREAKER_SECONDS + 1)
    cache.get("key")
    assert len(calls) == 2


@pytest.mark.parametrize("redis_fixture", ["hung_redis", "down_redis"])
def test_the_api_and_its_rate_limit_answer_without_redis(request, settings, seeded, redis_fixture):
    use_cache(settings, request.getfixturevalue(redis_fixture))
    settings.API_RATE_LIMIT = "2/min"
    client = Client()
    started = time.monotonic()
    statuses = [client.get("/api/v1/laws/").status_code for _ in range(5)]
    assert statuses == [200] * 5  # no count is kept: every request is let through
    assert client.get("/en/laws/").status_code == 200
    ready = client.get("/readyz")  # reported, but the server still serves
    assert ready.status_code == 200 and ready.json()["checks"]["cache"] is False
    assert time.monotonic() - started < 15
