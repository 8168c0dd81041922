"""Purges at the CDN or Varnish in front: every public answer carries its cache tags
(publishing.dependencies) in `Surrogate-Key` (Fastly) and `xkey` (Varnish's xkey vmod); each
bump of tags (publishing.content) sends, to every address in settings.CDN_PURGE_URLS, a
`PURGE` request naming them in both headers (`all` for everything).

A purge is sent after the bump reached the shared cache, so what the CDN fetches again is
already fresh. A CDN that cannot be reached or refuses costs the edit nothing: the failure is
logged, and the CDN keeps the page at most its s-maxage (PAGE_CACHE_S_MAXAGE).
Fastly's own API (POST /service/<id>/purge with Surrogate-Key and a Fastly-Key header) takes
the same request through a small proxy, or set CDN_PURGE_HEADERS (`Name: value`, comma-
separated) for the credentials.
"""

import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

MAX_HEADER = 6000  # characters of keys per request: proxies refuse longer header lines


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


def purge(tags):
    """Ask every configured CDN to drop the answers tagged with any of `tags`."""
    urls = settings.CDN_PURGE_URLS
    if not urls or not tags:
        return
    extra = dict(settings.CDN_PURGE_HEADERS)
    for url in urls:
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
