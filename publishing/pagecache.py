"""The page cache: public pages as anonymous visitors see them, stored in the shared cache
under the content version (publishing.content), so a hit runs no SQL at all and any write to
public content makes every stored page unreachable at once.

Keys hold the date as well, so a page whose content depends on a publication date is not
served past midnight. Only what is the same for every anonymous visitor is stored: GET/HEAD
answers 200 to a request without a session cookie, with no cookie set, no `private` or
`no-store`, no Vary beyond Cookie/Accept-Encoding and no CSP nonce in the HTML. Editors (a
session cookie) always get a fresh page marked `private`. Every stored page has an ETag and a
Last-Modified (when content last changed), so browsers and CDNs revalidate with a 304. If
the cache is unreachable, pages are rendered as if there were no cache.

Settings: PAGE_CACHE_TIMEOUT (seconds an entry lives; 0 turns the cache off),
PAGE_CACHE_S_MAXAGE and PAGE_CACHE_STALE_WHILE_REVALIDATE (what a CDN may do).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from .content import cache_fault, content_version
from .models import next_scheduled_change

HARMLESS_VARY = {"cookie", "accept-encoding"}
# Set per answer by outer middleware; never stored.
NOT_STORED = {"x-request-id", "content-length"}


def last_modified(version):
    """When the page last changed: the latest write, or the start of today if later (a
    publication date may have been reached since)."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return max(version // 1_000_000_000, int(midnight.timestamp()))


class PageCacheMiddleware:
    """Place after LocaleMiddleware (the language is known) and before SessionMiddleware's
    users (CSRF, authentication), so a hit touches neither the session nor the database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = getattr(settings, "PAGE_CACHE_TIMEOUT", 0)
        if (
            not timeout
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
        ):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_vary_headers(response, ["Cookie"])
                response.headers.setdefault("Cache-Control", "private")
            return response

        version = content_version()
        if version is None:  # the cache is down: serve uncached
            return self.get_response(request)
        key = self.key(request, version)
        try:
            stored = cache.get(key)
        except Exception as exc:  # noqa: BLE001
            cache_fault("page not read from the cache", exc)
            return self.get_response(request)
        if stored is not None:
            response = self.rebuild(stored)
            response["X-Page-Cache"] = "hit"
        else:
            response = self.get_response(request)
            if not self.storable(request, response):
                return response
            timeout = self.until_next_scheduled_change(timeout)
            if timeout <= 0:
                return response
            self.mark(response, version)
            try:
                cache.set(key, self.freeze(response), timeout)
            except Exception as exc:  # noqa: BLE001
                cache_fault("page not stored in the cache", exc)
            response["X-Page-Cache"] = "miss"
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=last_modified(version),
            response=response,
        )

    @staticmethod
    def until_next_scheduled_change(timeout):
        """A scheduled publication or withdrawal changes pages without a write (so without a
        new content version): no entry may outlive the next one. Only on a miss."""
        upcoming = next_scheduled_change()
        if upcoming is None:
            return timeout
        return min(timeout, int((upcoming - timezone.now()).total_seconds()))

    @staticmethod
    def key(request, version):
        # The host and scheme are part of the page (canonical and hreflang links). The date is
        # too: what is published depends on it (publication dates), with no write at midnight.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        day = timezone.localdate().isoformat()
        digest = hashlib.sha256(f"{get_language()}|{day}|{address}".encode()).hexdigest()
        return f"page:{version}:{digest}"

    @staticmethod
    def storable(request, response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if getattr(request, "_csp_nonce", None):  # the HTML holds this request's nonce
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if "private" in cache_control or "no-store" in cache_control or "no-cache" in cache_control:
            return False
        vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
        return vary <= HARMLESS_VARY

    @staticmethod
    def mark(response, version):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
        response["Last-Modified"] = http_date(last_modified(version))
        response["Cache-Control"] = (
            f"public, max-age=0, s-maxage={settings.PAGE_CACHE_S_MAXAGE}, "
            f"stale-while-revalidate={settings.PAGE_CACHE_STALE_WHILE_REVALIDATE}"
        )
        patch_vary_headers(response, ["Cookie"])

    @staticmethod
    def freeze(response):
        headers = [(k, v) for k, v in response.items() if k.lower() not in NOT_STORED]
        return (response.status_code, headers, response.content)

    @staticmethod
    def rebuild(stored):
        status, headers, content = stored
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["Content-Length"] = str(len(content))
        return response
