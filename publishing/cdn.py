"""Purges at the CDN or Varnish in front: every public answer carries its cache tags
(publishing.dependencies) in `Surrogate-Key` (Fastly) and `xkey` (Varnish's xkey vmod); each
bump of tags (publishing.content) sends, to every address in settings.CDN_PURGE_URLS, a
`PURGE` request naming them in both headers (`all` for everything).

A purge is sent after the bump reached the shared cache, so what the CDN fetches again is
already fresh. A CDN that cannot be reached or refuses costs the edit nothing but one
timeout: the failure is logged, later purges skip that address without waiting, and a
background thread purges `all` there every RETRY_SECONDS until one succeeds (what it kept
meanwhile may show writes it was not told about).
Fastly's own API (POST /service/<id>/purge with Surrogate-Key and a Fastly-Key header) takes
the same request through a small proxy, or set CDN_PURGE_HEADERS (`Name: value`, comma-
separated) for the credentials.
"""

import logging
import threading
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

MAX_HEADER = 6000  # characters of keys per request: proxies refuse longer header lines
RETRY_SECONDS = 5
ALL = "all"  # the tag of every answer (publishing.dependencies.ALL)

_failed = set()  # addresses whose last purge failed: `all` is retried there in the background
_lock = threading.Lock()


def batches(tags):
    batch, size = [], 0
    for tag in tags:
        if batch and size + len(tag) + 1 > MAX_HEADER:
            yield batch
            batch, size = [], 0
        batch.append(tag)
        size += len(tag) + 1
    if batch:
        yield batch


def send(url, tags):
    """True once every batch of `tags` was purged at `url`."""
    extra = dict(settings.CDN_PURGE_HEADERS)
    for batch in batches(tags):
        keys = " ".join(batch)
        request = urllib.request.Request(
            url,
            method=settings.CDN_PURGE_METHOD,
            headers={"Surrogate-Key": keys, "xkey-purge": keys, **extra},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.CDN_PURGE_TIMEOUT):
                pass
        except (OSError, urllib.error.URLError) as exc:
            logger.warning("CDN purge of %d keys at %s failed: %s", len(batch), url, exc)
            return False
    return True


def purge(tags):
    """Ask every configured CDN to drop the answers tagged with any of `tags`."""
    if not tags:
        return
    for url in settings.CDN_PURGE_URLS:
        with _lock:
            if url in _failed:  # the retry purges everything there anyway
                continue
        if not send(url, tags):
            with _lock:
                _failed.add(url)
            _retry_later(url)


def _retry_later(url):
    timer = threading.Timer(RETRY_SECONDS, _retry, [url])
    timer.daemon = True
    timer.start()


def _retry(url):
    if url not in settings.CDN_PURGE_URLS:  # no longer configured
        with _lock:
            _failed.discard(url)
    elif send(url, [ALL]):
        with _lock:
            _failed.discard(url)
        logger.warning("CDN purges at %s work again: everything purged there", url)
    else:
        _retry_later(url)
