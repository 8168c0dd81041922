"""The page cache: public pages as anonymous visitors see them, stored in the shared cache
with the versions of the cache tags they show (publishing.dependencies: the objects on the
page, and for lists, search, feeds and sitemaps the lists of every kind), so a hit runs no
SQL at all and a write makes exactly the pages that show what changed stale, on every server.

A hit should cost about what a static file does. So the middleware sits right after
WhiteNoise, before the session, locale, CSRF, authentication and message middleware (none of
which a stored page needs: their headers were stored with it), and a hit is two cache round
trips: the epoch and the page (`get_many`, one `MGET` on Redis), then the versions of the
page's tags; the page counts only if they are all unchanged. Nothing is kept in the process,
so a publish through any server shows on every other at once. A page is stored as its
finished parts (status, headers, body bytes, ETag, Last-Modified), not as a pickled
response. A page is stored only if no write landed while it was rendered (the content
version did not move). A miss renders the page once per cache: concurrent requests for it
wait (at most PAGE_CACHE_LOCK_WAIT seconds) for that render instead of rendering it again,
and render it themselves if the renderer fails or dies (its lock lasts
PAGE_CACHE_LOCK_SECONDS).

A scheduled draft whose time has come is applied before a stored page is served: its time
(publishing.content.DUE_KEY) is read in the same `MGET`, and no stored page, nor a CDN's copy
(s-maxage, capped on every hit), outlives it, though scheduling it writes no content.

A publication window of an object that opens or closes (publish_at, unpublish_at) writes
nothing either: each page is stored with an expiry no later than the next such time
(models.next_scheduled_change), and a stored page past it is never served, whatever the cache
server still holds; a CDN's copy is capped at it on every hit.

Each stored page names its tags in `Surrogate-Key` and `xkey`, for a CDN or Varnish in front
that purges by key (publishing.cdn), and caps s-maxage at the next scheduled change.

Answers without a language prefix whose content is the same in every language (the
sitemaps: settings.PAGE_CACHE_LANGUAGELESS, path patterns) are stored too, without Vary:
Accept-Language. Keys hold the language, the address and the date, so a page whose content
depends on a publication date is not served past midnight. Only what is the same for every anonymous
visitor is stored: GET/HEAD answers 200 at an address with a language prefix, to a request
without a session (a session cookie naming no session in the store counts as none: a made-up
cookie cannot force a render), with no cookie set, no `private` or `no-store`, no Vary beyond
Cookie/Accept-Encoding and no CSP nonce in the HTML (its header would name a nonce the next
visitor's page does not carry; public pages have no inline script or style, so they have
none). Editors (a session that exists) always get a fresh page marked `private`. Every stored page
has an ETag and a Last-Modified (when content last changed), so browsers and CDNs revalidate
with a 304. If the cache is unreachable, pages are rendered as if there were no cache.

Settings: PAGE_CACHE_TIMEOUT (seconds an entry lives; 0 turns the cache off),
PAGE_CACHE_S_MAXAGE and PAGE_CACHE_STALE_WHILE_REVALIDATE (what a CDN may do).
"""

import contextlib
import hashlib
import re
import time
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connections, router
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language_from_path

from . import dependencies, services
from .content import cache_fault, page_state, tag_versions
from .models import Draft, next_scheduled_change

STORED_PARTS = 9  # see PageCacheMiddleware.freeze
WAIT_STEP = 0.02  # seconds between two looks for a page another request renders
HARMLESS_VARY = {"cookie", "accept-encoding"}
# Set per answer by outer middleware (or again on each hit); never stored.
NOT_STORED = {"x-request-id", "content-length", "x-page-cache"}
# Request headers that make an answer conditional (a 304 or a 412 instead of the page).
CONDITIONAL = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_MATCH",
               "HTTP_IF_UNMODIFIED_SINCE")  # fmt: skip


def last_modified(version):
    """When the page last changed: the latest write, or the start of today if later (a
    publication date may have been reached since)."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return max(version // 1_000_000_000, int(midnight.timestamp()))


# The next scheduled publication or withdrawal as of a content version, in this process:
# (version, time or None). Exact without a write: the scheduled times only change with one.
_next_change = [None, None]


def until_next_scheduled_change(timeout, version):
    """A scheduled publication or withdrawal changes pages without a write (so without a new
    content version): no entry may outlive the next one. The database is asked once per
    version and process (one query), and again once the time found has passed.

    Inside a transaction (an editor's preview renders with drafts applied in one that is
    rolled back; a write's bump comes only at its commit) the rows seen may never be
    committed, or not be followed by a new version yet: the time is asked there but not
    kept, and a time kept before is not trusted either."""
    now = timezone.now()
    known_version, upcoming = _next_change
    if connections[router.db_for_read(Draft)].in_atomic_block:
        upcoming = next_scheduled_change()
    elif known_version != version or (upcoming is not None and upcoming <= now):
        upcoming = next_scheduled_change()
        _next_change[:] = [version, upcoming]
    if upcoming is None:
        return timeout
    return min(timeout, int((upcoming - now).total_seconds()))


def seconds_until(due):
    """Seconds until the timestamp `due` (an announced scheduled draft, services.DUE_KEY, or
    a stored page's expiry), or a day and more than any timeout if there is none."""
    if not due:
        return 10**9
    return max(0, int(due - timezone.now().timestamp()))


def shared_cache_control(timeout):
    """What a CDN may do with a stored page that must not outlive `timeout` seconds."""
    s_maxage, stale = settings.PAGE_CACHE_S_MAXAGE, settings.PAGE_CACHE_STALE_WHILE_REVALIDATE
    s_maxage = min(s_maxage, timeout)
    stale = max(0, min(stale, timeout - s_maxage))
    return f"public, max-age=0, s-maxage={s_maxage}, stale-while-revalidate={stale}"


def drop_vary(response, header):
    vary = [v.strip() for v in response.get("Vary", "").split(",") if v.strip()]
    kept = [v for v in vary if v.lower() != header.lower()]
    if kept:
        response["Vary"] = ", ".join(kept)
    elif "Vary" in response:
        del response["Vary"]


class PageCacheMiddleware:
    """Place right after WhiteNoise: before SessionMiddleware, LocaleMiddleware and their
    users (CSRF, authentication, messages), so a hit touches neither the session nor the
    database nor the translation machinery."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Every answer records the rows it loads, stored here or not: a fragment kept while
        # rendering it (publishing.fragments) must carry the tags of what it shows.
        with dependencies.recording():
            return self.serve(request)

    def serve(self, request):
        if not settings.PAGE_CACHE_TIMEOUT or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if self.has_session(request):  # possibly signed in
            response = self.get_response(request)
            patch_vary_headers(response, ["Cookie"])
            patch_cache_control(response, private=True)  # never in a shared cache
            for header in ("Surrogate-Key", "xkey"):
                if header in response:
                    del response[header]
            return response
        language = get_language_from_path(request.path_info)
        same_in_every_language = self.same_in_every_language(request.path_info)
        if same_in_every_language:
            language = "*"
        elif language is None:  # such answers vary with Accept-Language: never stored
            return self.get_response(request)

        key = self.key(request, language)
        state = page_state(key, with_due=True)
        if state is None:  # the cache is down: serve uncached
            return self.get_response(request)
        epoch, version, stored, due = state
        applied = services.drafts_due(due=due or 0)
        if applied:
            # A scheduled draft's time has come: apply it before any stored page is served
            # (the pages it changes are stale once it is applied; this one is rendered anew).
            services.apply_due_on_request()
            stored, due = None, None
            epoch, version = (page_state(key) or state)[:2]
        if self.fresh(stored, epoch):
            return self.hit(request, stored, due)
        # A miss: one request renders the page, the others wait for it (no stampede).
        lock = f"{key}:render"
        try:
            rendering = cache.add(lock, 1, settings.PAGE_CACHE_LOCK_SECONDS)
        except Exception:  # noqa: BLE001 - no lock, no wait
            rendering = True
        try:
            if rendering and not applied:  # stored and let go since we looked?
                epoch, version, stored = (page_state(key) or state)[:3]
                stored = stored if self.fresh(stored, epoch) else None
            elif not rendering:
                stored = self.wait_for(key, lock)
            if stored is not None:
                return self.hit(request, stored, due)
            return self.render(request, key, (epoch, version, due), same_in_every_language)
        finally:
            if rendering:
                with contextlib.suppress(Exception):  # else it expires by itself
                    cache.delete(lock)

    def render(self, request, key, state, same_in_every_language):
        epoch, version, due = state
        with dependencies.recording() as seen:
            response = self.get_response(request)
        if same_in_every_language:
            # LocaleMiddleware marks every answer without a language prefix as varying with
            # Accept-Language; these do not.
            drop_vary(response, "Accept-Language")
        if not self.storable(request, response):
            if response.cookies or getattr(request, "_csp_nonce", None):
                patch_cache_control(response, private=True)  # this visitor's own
            return response
        try:
            timeout = until_next_scheduled_change(settings.PAGE_CACHE_TIMEOUT, version)
        except DatabaseError:  # gone since the page was rendered: serve it, store nothing
            return response
        # Scheduling a draft writes no content (no new version): its announced time counts too.
        timeout = min(timeout, seconds_until(due))
        if timeout <= 0:
            return response
        expires = timezone.now().timestamp() + timeout
        tags = dependencies.answer_tags(request, seen)
        versions = tag_versions(tags, first=True)
        # A write that landed while the page was rendered may not show in it: store nothing.
        if versions is None or versions[0] != version:
            return response
        versions = versions[1:]
        modified = last_modified(max(epoch, *versions))
        self.mark(response, modified, tags, timeout)
        try:
            cache.set(key, self.freeze(response, epoch, tags, versions, modified, expires), timeout)
        except Exception as exc:  # noqa: BLE001
            cache_fault("page not stored in the cache", exc)
        response["X-Page-Cache"] = "miss"
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=modified, response=response
        )

    @staticmethod
    def fresh(stored, epoch):
        """True if `stored` was rendered in this epoch, its tags are unchanged since and the
        next scheduled change it was stored before (its own expiry time, on our clock) has
        not come: a publication window that opens or closes writes nothing, so neither the
        versions nor a cache server whose clock or expiry is coarser may be relied on."""
        if stored is None or len(stored) != STORED_PARTS or stored[0] != epoch:
            return False  # an entry of another shape: of an older release
        if stored[-1] <= timezone.now().timestamp():
            return False
        _epoch, tags, versions = stored[:3]
        current = tag_versions(tags)
        return current is not None and current[1:] == list(versions)

    def wait_for(self, key, lock):
        """The page another request is rendering, once stored; None if it is not stored
        within PAGE_CACHE_LOCK_WAIT seconds or the render ends without storing it (then
        this request renders it itself)."""
        deadline = time.monotonic() + settings.PAGE_CACHE_LOCK_WAIT
        while time.monotonic() < deadline:
            time.sleep(WAIT_STEP)
            state = page_state(key)
            if state is None:
                return None
            epoch, _version, stored = state
            if self.fresh(stored, epoch):
                return stored
            try:
                if not cache.has_key(lock):
                    # The render may have stored the page and let go since the look above.
                    state = page_state(key)
                    if state is not None and self.fresh(state[2], state[0]):
                        return state[2]
                    return None
            except Exception:  # noqa: BLE001
                return None
        return None

    @staticmethod
    def hit(request, stored, due=None):
        _epoch, _tags, _versions, status, headers, body, etag, modified, expires = stored
        response = HttpResponse(body, status=status, headers=headers)
        # A CDN must not keep it past the next scheduled change (its expiry), nor past a
        # draft scheduled since it was stored.
        left = min(seconds_until(due), seconds_until(expires))
        if left < settings.PAGE_CACHE_TIMEOUT:
            response["Cache-Control"] = shared_cache_control(left)
        response["Content-Length"] = str(len(body))
        response["X-Page-Cache"] = "hit"
        meta = request.META
        if any(name in meta for name in CONDITIONAL):
            return get_conditional_response(
                request, etag=etag, last_modified=modified, response=response
            )
        return response

    @staticmethod
    def has_session(request):
        """True if the request carries a session that exists (an editor's, possibly). A made-up
        or expired session cookie counts as none, so it cannot force an uncached render: one
        look at the session store (a query with database sessions), only for requests that
        send a session cookie. If the store cannot be asked, the session is taken as real."""
        session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        if not session_key:
            return False
        store = import_module(settings.SESSION_ENGINE).SessionStore
        try:
            return bool(store(session_key).load())
        except Exception:  # noqa: BLE001 - never a shared page for what may be an editor
            return True

    @staticmethod
    def same_in_every_language(path):
        return any(re.search(pattern, path) for pattern in settings.PAGE_CACHE_LANGUAGELESS)

    @staticmethod
    def key(request, language):
        # The host and scheme are part of the page (canonical and hreflang links). The date is
        # too: what is published depends on it (publication dates), with no write at midnight.
        address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        day = timezone.localdate().isoformat()
        digest = hashlib.sha256(f"{language}|{day}|{address}".encode()).hexdigest()
        return f"page:{digest}"

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
    def mark(response, modified, tags, timeout):
        digest = hashlib.md5(response.content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
        response["Last-Modified"] = http_date(modified)
        # A CDN keeps it no longer than we do (the next scheduled change), and purges it by
        # these keys when what it shows changes (publishing.cdn).
        response["Cache-Control"] = shared_cache_control(timeout)
        response["Surrogate-Key"] = response["xkey"] = " ".join(tags)
        patch_vary_headers(response, ["Cookie"])

    @staticmethod
    def freeze(response, epoch, tags, versions, modified, expires):
        """The finished parts of the answer, with the versions of its tags and the time it
        expires (a timestamp): no response object is pickled."""
        headers = {k: v for k, v in response.items() if k.lower() not in NOT_STORED}
        return (epoch, tuple(tags), tuple(versions),
                response.status_code, headers, response.content, response["ETag"],
                modified, expires)  # fmt: skip
