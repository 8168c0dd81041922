"""The shared cache as a cache, never as a dependency: Django's Redis backend with a circuit
breaker (settings.CACHES when CACHE_URL is redis://…).

A Redis that is down or hung costs one call per process its socket timeout (0.5 s, set in
settings.base.resilient); the backend then answers
every call as a miss (reads give the default, writes are dropped) for BREAKER_SECONDS without
touching the network, logs that once a minute per process, and tries Redis again afterwards.
So every use of the cache (the page cache, the content version, the API throttle, the share
images) degrades to "no cache" instead of a 500 or a crawl, without a try/except of
its own. Only connection faults and timeouts open the breaker: any other Redis error is a
bug and is raised as usual.

A write made while Redis was away could not bump the content version (publishing.content), and
Redis comes back with its old data: so the first call that reaches Redis again after this
process saw it fail calls the functions in `on_recovery` (the content version is bumped, and
no visitor is served a page older than that write).
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .logging import Throttle

logger = logging.getLogger(__name__)

BREAKER_SECONDS = 5
OUTAGES = (RedisConnectionError, RedisTimeoutError)

# Per process and server address, shared by the per-thread backend instances Django makes.
_open_until = {}
_should_log = Throttle(60)
_lock = threading.Lock()
_failed = set()  # servers this process saw fail and has not reached since
on_recovery = []  # functions called, without arguments, once Redis answers again


# Reads answered by the call that found Redis back are read again after on_recovery ran.
READS = {"get", "get_many", "has_key"}


def _recovered(server):
    """True once per outage: the first call since that reached Redis."""
    with _lock:
        if server not in _failed:
            return False
        _failed.discard(server)
    logger.warning("cache reachable again")
    for function in on_recovery:
        function()
    return True


class ResilientRedisCache(RedisCache):
    """Django's RedisCache whose public methods answer a miss while Redis is unreachable."""

    def _guarded(self, miss, method, *args):
        """method(*args) unless the breaker is open; on an outage, open it and answer `miss`."""
        server = self._servers[0]
        if time.monotonic() < _open_until.get(server, 0):
            return miss
        try:
            result = method(*args)
        except OUTAGES as exc:
            with _lock:
                _failed.add(server)
                _open_until[server] = time.monotonic() + BREAKER_SECONDS
                should_log = _should_log()
            if should_log:
                logger.warning(
                    "cache unreachable (%s): serving without it, tried again every %d s",
                    exc.__class__.__name__,
                    BREAKER_SECONDS,
                )
            return miss
        if _failed and _recovered(server) and method.__name__ in READS:
            return self._guarded(miss, method, *args)
        return result

    def get(self, key, default=None, version=None):
        return self._guarded(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._guarded(False, super().has_key, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(None, super().delete_many, keys, version)

    def incr(self, key, delta=1, version=None):
        unreachable = object()
        value = self._guarded(unreachable, super().incr, key, delta, version)
        if value is unreachable:  # what a miss is for incr()
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return value

    def clear(self):
        return self._guarded(False, super().clear)
