"""The content version, the epoch and the tag versions, shared by every process through the
cache.

- The content version changes whenever public content may have changed: the in-process memos
  (rendered statute bodies) and the API's validators put it in their keys.
- Each cache tag (publishing.dependencies: `article-12`, `list-law`, `all`) has a version of
  its own: the page cache stores each page with the versions of the tags it shows and serves
  it only while they are unchanged, so a write makes exactly the pages that show what
  changed stale, on every server at once.
- The epoch changes for writes whose rows are not known (content_changed(), a bump that did
  not reach the cache): every stored page is stale.

Saves, deletes and many-to-many changes of content models (publishing.registry) bump the
content version and their tags through signals, once their transaction commits. Writes that
bypass signals (bulk_create, QuerySet.update: the law importer, the translation sync) name
the rows they wrote with rows_changed(), which bumps the same tags; only writes whose rows
are not known (raw SQL, the synthetic data set) call content_changed(), a new epoch. Each
bump also asks the CDN in front to purge the same tags (publishing.cdn).

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

from . import cdn, dependencies

logger = logging.getLogger(__name__)

CACHE_KEY = "publishing:content-version"
EPOCH_KEY = "publishing:epoch"
TAG_PREFIX = "publishing:tag:"
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


def _first(key):
    """The value of `key`, written now if there is none (a fresh or flushed cache): add(),
    not set(), so a concurrent bump wins."""
    cache.add(key, time.time_ns(), timeout=None)
    return cache.get(key)


# The earliest scheduled draft's time, in the shared cache, so that a request can tell
# whether one is due without a query: a POSIX timestamp, or 0 for none. Stored by every step
# that schedules, applies or drops a scheduled draft (publishing.services.schedule_changed).
DUE_KEY = "publishing:next-draft-due"


def page_state(key, with_due=False):
    """(epoch, content version, the value stored under `key`) in one cache round trip, for
    the page cache; None when the cache cannot be reached. Nothing is kept in the process: a
    bump by another server counts at once. `with_due`: the time of the next scheduled draft
    (DUE_KEY, None if unknown) comes fourth, read in the same round trip."""
    state = page_states([key], with_due)
    if state is None:
        return None
    epoch, version, stored, *due = state
    return (epoch, version, stored[key], *due)


def page_states(keys, with_due=False):
    """(epoch, content version, {key: the value stored under it, or None}) for several keys
    in one cache round trip (publishing.fragments.kept_each); None when the cache cannot be
    reached. `with_due`: DUE_KEY's value comes fourth, as in page_state()."""
    try:
        if _pending_bump.is_set():
            _bump()
            if _pending_bump.is_set():
                return None
        values = cache.get_many([EPOCH_KEY, CACHE_KEY, *keys, *([DUE_KEY] if with_due else [])])
        epoch, version = values.get(EPOCH_KEY), values.get(CACHE_KEY)
        stored = {key: values.get(key) for key in keys}
        if epoch is None or version is None:  # nothing stored under a missing one
            epoch, version = _first(EPOCH_KEY), _first(CACHE_KEY)
            stored = dict.fromkeys(keys)
            if epoch is None or version is None:  # the cache dropped the writes
                return None
    except Exception as exc:  # noqa: BLE001
        cache_fault("serving without the page cache", exc)
        return None
    if with_due:
        return epoch, version, stored, values.get(DUE_KEY)
    return epoch, version, stored


def content_version_and(key):
    """(content version, the value stored under `key`) in one round trip, for values kept
    under the content version (publishing.fragments); (None, None) when the cache cannot be
    reached."""
    state = page_state(key)
    if state is None:
        return None, None
    _epoch, version, value = state
    return version, value


def tag_versions(tags, first=False):
    """The versions of `tags` (a list, None for a tag without one), and the content version
    first; None when the cache cannot be reached. `first`: give a tag without a version one
    (for storing: a stored page must never match a tag whose version was lost)."""
    keys = [TAG_PREFIX + tag for tag in tags]
    try:
        values = cache.get_many([CACHE_KEY, *keys])
        versions = [values.get(key) for key in keys]
        if first and None in versions:
            versions = [
                version if version is not None else _first(key)
                for key, version in zip(keys, versions, strict=True)
            ]
            if None in versions:
                return None
    except Exception as exc:  # noqa: BLE001
        cache_fault("serving without the page cache", exc)
        return None
    return [values.get(CACHE_KEY), *versions]


def answer_versions(tags):
    """(epoch, content version, [version of each tag]) for validators built from an answer's
    tags; None when the cache cannot be reached. A tag without a version gets one."""
    version = content_version()  # also retries a bump that did not reach the cache
    try:
        epoch = cache.get(EPOCH_KEY) or _first(EPOCH_KEY)
    except Exception as exc:  # noqa: BLE001
        cache_fault("serving without validators", exc)
        return None
    versions = tag_versions(tags, first=True)
    if version is None or epoch is None or versions is None:
        return None
    return epoch, version, versions[1:]


def content_changed():
    """Bump everything once the current transaction commits (at once outside one): for writes
    whose rows are not known (bulk writes, raw SQL)."""
    transaction.on_commit(_bump)


def rows_changed(*written):
    """For bulk writes whose rows are known: bump the tags of what they wrote once the current
    transaction commits. `written`: (model, pks) pairs, or model instances; call it inside
    the transaction, after the rows are created or updated (and before any is deleted)."""
    pks = {}
    for item in written:
        if isinstance(item, tuple):
            model, keys = item
            pks.setdefault(model._meta.concrete_model, set()).update(keys)
        else:
            pks.setdefault(item._meta.concrete_model, set()).add(item.pk)
    tags = set()
    for model, keys in pks.items():
        tags |= dependencies.rows_written(model, keys)
    tags_changed(tags)


def tags_changed(tags):
    """Bump `tags` (None: everything) once the current transaction commits."""
    if tags is None:
        content_changed()
    elif tags:
        tags = frozenset(tags)
        transaction.on_commit(lambda: _bump(tags))


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


def _bump(tags=None):
    """A new content version, and a new version of `tags` (None: a new epoch), then the same
    purge at the CDN. A bump that does not reach the cache becomes a new epoch, retried."""
    now = time.time_ns()
    values = {CACHE_KEY: now}
    if tags is None:
        values[EPOCH_KEY] = now
    else:
        values.update((TAG_PREFIX + tag, now) for tag in tags)
    try:
        cache.set_many(values, timeout=None)
        # A cache that degrades to a miss (portal.cache) drops the write without an error:
        # read it back, so a bump lost to an outage is retried all the same.
        if cache.get(CACHE_KEY) is None:
            raise ConnectionError("the content version was not stored")
    except Exception as exc:  # noqa: BLE001
        _pending_bump.set()
        cache_fault("content version not bumped; retried until the cache answers", exc)
        _retry_later()
    else:
        if tags is None:
            _pending_bump.clear()
    cdn.purge([dependencies.ALL] if tags is None else sorted(tags))


def connect_signals():
    dependencies.connect_signals(on_change=tags_changed)
