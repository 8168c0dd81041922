"""Fragments of public pages, rendered once and kept in the shared cache: the body of a detail
page (and its metadata) per object, language, address and variant (?date=, ?view=).

Why: a page-cache miss (the page cache off, an address it does not keep, or a page not yet
stored) rendered the whole page again, and most of that render is the same for every visitor:
the prefetch of the object's rows and the template loops over them. A view asks for its page's
fragment right after fetching the object itself (one query); when the fragment is kept, the
view skips the prefetch and the template prints the stored HTML. Only the page's frame (header,
language links, footer) is rendered per request.

Never stale: an entry is stored with the content version it was rendered under
(publishing.content, bumped by every write path: model signals and content_changed()) and
counts only under that version, read together with it in one cache round trip; its key also
holds the object's own stamps (pk, last update, last publication). It never outlives the next
scheduled publication or withdrawal (publishing.pagecache), nor the day (the key holds the
date). Staff never read or write fragments: they may see drafts and previews, and links to
what visitors cannot see. If the cache cannot be reached, pages are rendered as if there were
no fragments.

Setting: FRAGMENT_CACHE_TIMEOUT (seconds an entry lives; 0 turns fragments off).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from . import dependencies
from .content import cache_fault, content_version_and
from .pagecache import until_next_scheduled_change

# What an object's own version is made of, where its model has them.
STAMPS = ("updated_at", "last_published_at")
TAGS = "_tags"  # the part holding the cache tags of the rows the stored parts were made from


def _store(key, version, value):
    timeout = until_next_scheduled_change(settings.FRAGMENT_CACHE_TIMEOUT, version)
    if timeout > 0:
        try:
            cache.set(key, (version, value), timeout)
        except Exception as exc:  # noqa: BLE001 - a cache outage must never take the site down
            cache_fault("page fragments not stored", exc)


def kept(name, identity, compute):
    """compute(), kept in the shared cache under the content version for `identity` (a
    picklable description of everything the value depends on but public content): for values
    that depend on all public content of some kinds, such as a search's matches."""
    if not settings.FRAGMENT_CACHE_TIMEOUT:
        return compute()
    digest = hashlib.blake2b(repr(identity).encode(), digest_size=16).hexdigest()
    key = f"kept:{name}:{digest}"
    version, stored = content_version_and(key)
    if version is None:
        return compute()
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    _store(key, version, value)
    return value


class PageFragment:
    """The stored parts of one page ({name: value}), filled in as the page renders."""

    def __init__(self, key, version, parts):
        self.key = key
        self.version = version
        self.parts = parts

    @classmethod
    def for_object(cls, request, obj, *variant):
        """The fragment of the page `request` shows for `obj` (`variant`: whatever else the
        page's body depends on, such as ?date=), or None where none may be kept."""
        timeout = settings.FRAGMENT_CACHE_TIMEOUT
        user = getattr(request, "user", None)
        if not timeout or getattr(user, "is_staff", False):
            return None
        own = [obj._meta.label_lower, obj.pk, *(str(getattr(obj, s, "")) for s in STAMPS)]
        identity = [*own, get_language(), timezone.localdate(), request.path, *variant]
        digest = hashlib.blake2b(repr(identity).encode(), digest_size=16).hexdigest()
        version, stored = content_version_and(f"fragment:{digest}")
        if version is None:
            return None
        parts = stored[1] if stored is not None and stored[0] == version else {}
        # A page printed from stored parts loads none of their rows: it still shows them, so
        # the page cache must store it under their tags (publishing.dependencies).
        dependencies.note(*parts.get(TAGS, ()))
        return cls(f"fragment:{digest}", version, parts)

    def has(self, *names):
        return all(name in self.parts for name in names)

    def get(self, name):
        return self.parts.get(name)

    def keep(self, name, value):
        """Store `value` as part `name` (with the parts already kept) and return it."""
        self.parts[name] = value
        self.parts[TAGS] = self.parts.get(TAGS, frozenset()) | dependencies.recorded()
        _store(self.key, self.version, self.parts)
        return value
