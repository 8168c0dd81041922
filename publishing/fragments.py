"""Fragments of public pages, rendered once and kept in the shared cache: the body of a detail
page (and its metadata) per object, language, address and variant (?date=, ?view=).

Why: a page-cache miss (the page cache off, an address it does not keep, or a page not yet
stored) rendered the whole page again, and most of that render is the same for every visitor:
the prefetch of the object's rows and the template loops over them. A view asks for its page's
fragment right after fetching the object itself (one query); when the fragment is kept, the
view skips the prefetch and the template prints the stored HTML. Only the page's frame (header,
language links, footer) is rendered per request.

Never stale, and kept across writes of other objects: a page's entry is stored with the cache
tags of the rows it was made from (publishing.dependencies, recorded while it renders: the
object, the rows it shows, the articles it cites…) and the versions of those tags, and counts
only while the epoch and every one of those versions are unchanged, as a page in the page
cache does (the same tags and versions: publishing.content). So an edit of one article leaves
the fragments of every object that does not show it warm. An entry is not stored if any write
landed while it was rendered (the content version moved). Its key also holds the object's own
stamps (pk, last update, last publication). It never outlives the next scheduled publication
or withdrawal (publishing.pagecache), nor the day (the key holds the date). Staff never read
or write fragments: they may see drafts and previews, and links to what visitors cannot see.
If the cache cannot be reached, or nothing records the tags of what is rendered (outside the
page cache's middleware), pages are rendered as if there were no fragments.

kept() values depend on all public content of some kinds (kept under the content version,
which every write bumps) or on rows whose tags they name (the citations flagged as amended).
kept_each() keeps several such values at once, each under its own tags, in two round trips
to the cache (a search's matches: each kind's under the tag of its lists, `list-article`…, so
that an edit of an article leaves the comparisons' matches kept). kept_recorded() keeps a value
under the tags of the rows loaded while it was computed (the hits of a page of search results:
the objects they show), as a page fragment is.

Setting: FRAGMENT_CACHE_TIMEOUT (seconds an entry lives; 0 turns fragments off).
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language

from . import dependencies
from .content import cache_fault, content_version_and, page_state, page_states, tag_versions
from .pagecache import until_next_scheduled_change

# What an object's own version is made of, where its model has them.
STAMPS = ("updated_at", "last_published_at")


def _store(key, version, value):
    timeout = until_next_scheduled_change(settings.FRAGMENT_CACHE_TIMEOUT, version)
    if timeout > 0:
        try:
            cache.set(key, value, timeout)
        except Exception as exc:  # noqa: BLE001 - a cache outage must never take the site down
            cache_fault("page fragments not stored", exc)


def kept(name, identity, compute, tags=None):
    """compute(), kept in the shared cache for `identity` (a picklable description of
    everything the value depends on but public content): for values that depend on all
    public content of some kinds, such as a search's matches, kept under the content version.
    `tags`: the cache tags of everything the value depends on (publishing.dependencies), if
    known: it is kept while their versions and the epoch are unchanged, across other writes."""
    if not settings.FRAGMENT_CACHE_TIMEOUT:
        return compute()
    digest = hashlib.blake2b(repr(identity).encode(), digest_size=16).hexdigest()
    key = f"kept:{name}:{digest}"
    if tags is not None:
        return _kept_by_tags(key, sorted(tags), compute)
    version, stored = content_version_and(key)
    if version is None:
        return compute()
    if stored is not None and stored[0] == version:
        return stored[1]
    value = compute()
    _store(key, version, (version, value))
    return value


def _kept_by_tags(key, tags, compute):
    state = page_state(key)
    if state is None:
        return compute()
    epoch, version, stored = state
    if stored is not None and len(stored) == 3 and stored[0] == epoch:
        current = tag_versions(tags)
        if current is not None and current[1:] == list(stored[1]):
            return stored[2]
    value = compute()
    versions = tag_versions(tags, first=True)
    if versions is not None and versions[0] == version:  # no write landed meanwhile
        _store(key, version, (epoch, tuple(versions[1:]), value))
    return value


def _digest_key(name, identity):
    digest = hashlib.blake2b(repr(identity).encode(), digest_size=16).hexdigest()
    return f"kept:{name}:{digest}"


def kept_each(name, entries):
    """[compute() for each (identity, tags, compute) of `entries`], each value kept in the
    shared cache for its identity while the epoch and the versions of its `tags` are
    unchanged (as kept(…, tags=…)), all read in two round trips to the cache. The computes
    run in the order given, the misses only."""
    if not settings.FRAGMENT_CACHE_TIMEOUT:
        return [compute() for _identity, _tags, compute in entries]
    keys = [_digest_key(name, identity) for identity, _tags, _compute in entries]
    state = page_states(keys)
    if state is None:
        return [compute() for _identity, _tags, compute in entries]
    epoch, version, stored = state
    every = sorted({tag for _identity, tags, _compute in entries for tag in tags})
    current = None
    if any(value is not None and value[0] == epoch for value in stored.values()):
        found = tag_versions(every)
        current = None if found is None else dict(zip(every, found[1:], strict=True))
    values, missed = [], []
    for key, (_identity, tags, compute) in zip(keys, entries, strict=True):
        tags = sorted(tags)
        value = stored[key]
        if (
            current is not None
            and value is not None
            and len(value) == 3
            and value[0] == epoch
            and [current[tag] for tag in tags] == list(value[1])
        ):
            values.append(value[2])
            continue
        values.append(compute())
        missed.append((key, tags, len(values) - 1))
    if missed:
        versions = tag_versions(every, first=True)
        if versions is not None and versions[0] == version:  # no write landed meanwhile
            by_tag = dict(zip(every, versions[1:], strict=True))
            for key, tags, index in missed:
                _store(key, version, (epoch, tuple(by_tag[tag] for tag in tags), values[index]))
    return values


def kept_recorded(name, identity, compute):
    """(compute(), True), or (the value kept for `identity`, False): kept in the shared cache
    under the tags of the content rows loaded while it was computed (publishing.dependencies),
    while their versions and the epoch are unchanged. Those tags are added to the answer
    being recorded either way. Only while an answer is recorded (the page cache's
    middleware): else nothing would know the tags."""
    if not settings.FRAGMENT_CACHE_TIMEOUT or not dependencies.is_recording():
        return compute(), True
    key = _digest_key(name, identity)
    state = page_state(key)
    if state is None:
        return compute(), True
    epoch, version, stored = state
    if stored is not None and len(stored) == 4 and stored[0] == epoch:
        _epoch, tags, versions, value = stored
        current = tag_versions(tags)
        if current is not None and current[1:] == list(versions):
            dependencies.note(*tags)
            return value, False
    with dependencies.recording() as seen:
        value = compute()
    dependencies.note(*seen)
    tags = sorted(seen)
    versions = tag_versions(tags, first=True)
    if versions is not None and versions[0] == version:  # no write landed meanwhile
        _store(key, version, (epoch, tuple(tags), tuple(versions[1:]), value))
    return value, True


class PageFragment:
    """The stored parts of one page ({name: value}), filled in as the page renders."""

    def __init__(self, key, state, parts, tags):
        self.key = key
        self.epoch, self.version = state
        self.parts = parts
        self.tags = tags
        self.dirty = False

    @classmethod
    def for_object(cls, request, obj, *variant):
        """The fragment of the page `request` shows for `obj` (`variant`: whatever else the
        page's body depends on, such as ?date=), or None where none may be kept."""
        timeout = settings.FRAGMENT_CACHE_TIMEOUT
        user = getattr(request, "user", None)
        if not timeout or getattr(user, "is_staff", False) or not dependencies.is_recording():
            return None
        own = [obj._meta.label_lower, obj.pk, *(str(getattr(obj, s, "")) for s in STAMPS)]
        # The frame's language switcher carries the query parameters it keeps (?q=, ?page=…:
        # settings.LANGUAGE_SWITCH_KEEPS), so they are part of what the fragment shows.
        kept = [request.GET.get(name, "") for name in settings.LANGUAGE_SWITCH_KEEPS]
        identity = [*own, get_language(), timezone.localdate(), request.path, *variant, *kept]
        digest = hashlib.blake2b(repr(identity).encode(), digest_size=16).hexdigest()
        key = f"fragment:{digest}"
        state = page_state(key)
        if state is None:
            return None
        epoch, version, stored = state
        parts, tags = {}, frozenset(dependencies.object_tags(obj))
        if stored is not None and len(stored) == 4 and stored[0] == epoch:
            _epoch, stored_tags, versions, stored_parts = stored
            current = tag_versions(stored_tags)
            if current is not None and current[1:] == list(versions):
                parts, tags = stored_parts, tags | frozenset(stored_tags)
                # A page printed from stored parts loads none of their rows: it still shows
                # them, so the page cache must store it under their tags.
                dependencies.note(*stored_tags)
        return cls(key, (epoch, version), dict(parts), tags)

    def has(self, *names):
        return all(name in self.parts for name in names)

    def get(self, name):
        return self.parts.get(name)

    def keep(self, name, value):
        """Keep `value` as part `name` and return it; the parts are stored together, once the
        page has rendered (save(), called by FragmentResponseMixin)."""
        self.parts[name] = value
        self.dirty = True
        return value

    def save(self):
        """Store the parts (with those already kept) under the tags of every row recorded
        while the page rendered; one cache write per page, not one per part."""
        if not getattr(self, "dirty", False):
            return
        self.dirty = False
        self.tags = self.tags | dependencies.recorded()
        tags = sorted(self.tags)
        versions = tag_versions(tags, first=True)
        # A write that landed while the page was rendered may not show in it: store nothing.
        if versions is None or versions[0] != self.version:
            return
        _store(self.key, self.version, (self.epoch, tuple(tags), tuple(versions[1:]), self.parts))


class FragmentResponseMixin:
    """For a view whose context holds the page's fragment (`page_fragment`): its new parts
    are stored once the response has rendered."""

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        fragment = context.get("page_fragment")
        if fragment is not None:
            response.add_post_render_callback(lambda _response: fragment.save())
        return response
