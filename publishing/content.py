"""The content version: one number, shared by every process through the cache, that changes
whenever public content may have changed. Caches of public pages and API answers put it in
their keys, so a write anywhere makes every older entry unreachable at once (no stale page
after a publish, on any worker or server sharing the cache).

Saves, deletes and many-to-many changes of content models (publishing.registry) bump it
through signals. Writes that bypass signals (bulk_create, QuerySet.update, raw SQL: importers,
seed loads, PO imports) must call content_changed() themselves, after their transaction.

The version is a time in nanoseconds, so it also says when content last changed (the pages'
Last-Modified). If the cache cannot be reached, content_version() returns None (callers then
cache nothing), the fault is logged at most once a minute per process, and a bump that could
not be written is retried before the next read and every RETRY_SECONDS in the background (the
process that wrote may serve no other request), so a cache that comes back with its old data
does not serve pages older than a write made while it was away. (portal.cache also bumps it
in every process that saw Redis fail, once Redis answers again.)
"""

import logging
import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import registry

logger = logging.getLogger(__name__)

CACHE_KEY = "publishing:content-version"
FAULT_LOG_INTERVAL = 60  # seconds between two log lines about the same unreachable cache
RETRY_SECONDS = 1  # between two background attempts at a bump that did not reach the cache

_pending_bump = threading.Event()  # process-wide: a bump that did not reach the cache
_last_fault_logged = [float("-inf")]
_retry_lock = threading.Lock()
_retry_timer = [None]


def content_version():
    """The current version, or None when the cache cannot be reached (then cache nothing)."""
    try:
        if _pending_bump.is_set():
            _bump()
            if _pending_bump.is_set():
                return None
        version = cache.get(CACHE_KEY)
        if version is None:
            version = time.time_ns()
            # add(), not set(): a concurrent bump must win over this first read.
            cache.add(CACHE_KEY, version, timeout=None)
            version = cache.get(CACHE_KEY, version)
        return version
    except Exception as exc:  # noqa: BLE001 - a cache outage must never take the site down
        cache_fault("serving without the page cache", exc)
        return None


def content_version_and(key):
    """(version, the value stored under `key`) in one cache round trip, for the page cache's
    hits; (None, None) when the cache cannot be reached. The version is read on every call,
    never kept in the process: a bump by another server counts at once."""
    try:
        if _pending_bump.is_set():
            return content_version(), None
        values = cache.get_many([CACHE_KEY, key])
    except Exception as exc:  # noqa: BLE001
        cache_fault("serving without the page cache", exc)
        return None, None
    version = values.get(CACHE_KEY)
    if version is None:  # no version yet (a fresh or flushed cache): nothing stored under it
        return content_version(), None
    return version, values.get(key)


def content_changed():
    """Bump the version once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def cache_fault(consequence, exc):
    """Log that the shared cache is unreachable, at most once a minute per process."""
    now = time.monotonic()
    if now - _last_fault_logged[0] >= FAULT_LOG_INTERVAL:
        _last_fault_logged[0] = now
        logger.warning("cache unreachable (%s): %s", consequence, exc.__class__.__name__)


def bump():
    """Bump the version now (outside any transaction): a new version for every cached page."""
    _bump()


def _retry_later():
    with _retry_lock:
        if _retry_timer[0] is not None and _retry_timer[0].is_alive():
            return
        timer = threading.Timer(RETRY_SECONDS, _retry)
        timer.daemon = True
        _retry_timer[0] = timer
        timer.start()


def _retry():
    with _retry_lock:
        _retry_timer[0] = None
    if _pending_bump.is_set():
        _bump()


def _bump():
    try:
        cache.set(CACHE_KEY, time.time_ns(), timeout=None)
        # A cache that degrades to a miss (portal.cache) drops the write without an error:
        # read it back, so a bump lost to an outage is retried all the same.
        if cache.get(CACHE_KEY) is None:
            raise ConnectionError("the content version was not stored")
    except Exception as exc:  # noqa: BLE001
        _pending_bump.set()
        cache_fault("content version not bumped; retried until the cache answers", exc)
        _retry_later()
    else:
        _pending_bump.clear()


def _on_write(sender, **kwargs):
    if registry.is_content(sender):
        content_changed()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"publishing-content-{signal!r}")
