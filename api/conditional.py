"""Validators for conditional GETs (ETag, Last-Modified), derived from what the answer shows.

An answer is a function of the published content it shows, the language, the address, and
the publication windows that opened or closed by themselves since (scheduled publications
and withdrawals). Each answer's cache tags (publishing.dependencies: the objects and lists it
shows) are remembered in the shared cache when it is rendered; the ETag is built from their
versions, so a write changes the ETags of exactly the answers that show what changed. An
answer whose tags are not known yet (never rendered, or forgotten) uses the content version,
which every write changes. The last scheduled change since is read from the database once
per version and process, and again only when the next one comes due. So the ETag is the same
on every server for as long as nothing a visitor can see changes, a consumer polling an
unchanged answer gets a 304 after two cache reads, and Last-Modified is when it last
changed: the last write it shows, or the last scheduled change if later. Answers that
depend on publication dates (the guide's) also carry the latest date that today has reached.
"""

import datetime
import hashlib
import threading

from django.core.cache import cache
from django.utils import timezone

from publishing.content import answer_versions, cache_fault, content_version
from publishing.models import scheduled_changes

# Per process: (content version, last scheduled change up to now or None, next one or None).
_schedule = [None, None, None]
_lock = threading.Lock()
TAGS_SECONDS = 24 * 3600  # an answer's tags are remembered this long after its last render
BEGINNING = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


def _version_time(version):
    return datetime.datetime.fromtimestamp(version / 1_000_000_000, tz=datetime.UTC)


def last_change(since, version=None):
    """The last scheduled change after the write that made `since` (a version), or None.
    Read once per content version `version` (default: `since`) and process: no scheduled
    time moves without a write, so the latest one up to now is the one after `since` if it
    is later."""
    now = timezone.now()
    version = since if version is None else version
    with _lock:
        known, last, upcoming = _schedule
        if known != version or (upcoming is not None and upcoming <= now):
            last, upcoming = scheduled_changes(BEGINNING)
            _schedule[:] = [version, last, upcoming]
    return last if last is not None and last > _version_time(since) else None


def _tags_key(request, language):
    address = f"{language}|{request.get_full_path()}"
    return "api:tags:" + hashlib.sha256(address.encode()).hexdigest()


def remember_tags(request, language, tags):
    """Keep the tags of the answer just rendered, for the validators of the next request."""
    try:
        cache.set(_tags_key(request, language), tuple(tags), TAGS_SECONDS)
    except Exception as exc:  # noqa: BLE001
        cache_fault("answer's tags not remembered", exc)


def _basis(request, language):
    """(what the ETag is built from, the latest version it holds, the content version), or
    None."""
    try:
        tags = cache.get(_tags_key(request, language))
    except Exception as exc:  # noqa: BLE001
        cache_fault("serving without validators", exc)
        return None
    if tags:
        found = answer_versions(list(tags))
        if found is None:
            return None
        epoch, version, versions = found
        pairs = "|".join(f"{tag}={v}" for tag, v in zip(tags, versions, strict=True))
        return f"{epoch}|{pairs}", max(epoch, *versions), version
    version = content_version()
    return None if version is None else (f"v{version}", version, version)


# Per process: {(version, today, model label): the latest publication date reached, or None}.
_reached = {}


def last_date_reached(version, dates):
    """The latest date of `dates` (a queryset of one DateField, e.g. a guide task's
    publication date) that today has reached: the answer changes when the next one comes,
    not every midnight. One query per version, day and process."""
    today = timezone.localdate()
    key = (version, today, dates.model._meta.label)
    if key not in _reached:
        if len(_reached) > 64:
            _reached.clear()
        _reached[key] = max((d for d in dates if d is not None and d <= today), default=None)
    return _reached[key]


def validators(request, language, dates=None):
    """(etag, last_modified as a Unix time, the content version they were built from when
    the answer's tags are not known yet, else None), or None when the cache cannot be
    reached. `dates`: the answer also depends on which of these dates today has reached."""
    basis = _basis(request, language)
    if basis is None:
        return None
    basis, shown, version = basis
    modified = shown // 1_000_000_000
    scheduled = last_change(shown, version)
    if scheduled is not None:
        modified = max(modified, int(scheduled.timestamp()))
    reached = None
    if dates is not None and (reached := last_date_reached(version, dates)) is not None:
        midnight = timezone.make_aware(datetime.datetime.combine(reached, datetime.time()))
        modified = max(modified, int(midnight.timestamp()))
    key = f"{basis}|{scheduled}|{reached}|{language}|{request.get_full_path()}"
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    return etag, modified, (version if basis.startswith("v") else None)
