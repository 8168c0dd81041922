"""The content version: one number, shared by every process through the cache, that changes
whenever public content may have changed. Caches of public pages and API answers put it in
their keys, so a write anywhere makes every older entry unreachable at once (no stale page
after a publish, on any worker or server sharing the cache).

Saves, deletes and many-to-many changes of models in settings.PUBLIC_CONTENT_APPS bump it
through signals. Writes that bypass signals (bulk_create, QuerySet.update, raw SQL: importers,
seed loads, PO imports) must call content_changed() themselves, after their transaction.
"""

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

CACHE_KEY = "publishing:content-version"


def content_version():
    """The current version, or None when the cache cannot be reached (then cache nothing)."""
    try:
        version = cache.get(CACHE_KEY)
        if version is None:
            version = time.time_ns()
            # add(), not set(): a concurrent bump must win over this first read.
            cache.add(CACHE_KEY, version, timeout=None)
            version = cache.get(CACHE_KEY, version)
        return version
    except Exception:  # noqa: BLE001 - a cache outage must never take the site down
        logger.warning("cache unreachable: serving without the page cache", exc_info=False)
        return None


def content_changed():
    """Bump the version once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def _bump():
    try:
        cache.set(CACHE_KEY, time.time_ns(), timeout=None)
    except Exception:  # noqa: BLE001
        logger.warning("cache unreachable: content version not bumped", exc_info=False)


def _on_write(sender, **kwargs):
    if sender._meta.app_label in settings.PUBLIC_CONTENT_APPS:
        content_changed()


def connect_signals():
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_write, dispatch_uid=f"publishing-content-{signal!r}")
