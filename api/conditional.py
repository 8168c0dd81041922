"""Validators for conditional GETs (ETag, Last-Modified), derived from what the answer shows.

An answer is a function of the published content, the language, the address, and the
publication windows that opened or closed by themselves since the last write (scheduled
publications and withdrawals). The content version (publishing.content) changes on every
write to public content; the last scheduled change since that write is read from the
database once per version and process, and again only when the next one comes due. So the
ETag is the same on every server for as long as nothing a visitor can see changes, a
consumer polling an unchanged answer gets a 304 after one cache read, and Last-Modified is
when it last changed: the last write, or the last scheduled change if later. Answers that
depend on publication dates (the guide's) also carry the latest date that today has reached.
"""

import datetime
import hashlib
import threading

from django.utils import timezone

from publishing.content import content_version
from publishing.models import scheduled_changes

# Per process: (version, last scheduled change since it or None, next one or None).
_schedule = [None, None, None]
_lock = threading.Lock()


def _version_time(version):
    return datetime.datetime.fromtimestamp(version / 1_000_000_000, tz=datetime.UTC)


def last_change(version):
    """The last scheduled change since the write that made `version`, or None."""
    now = timezone.now()
    with _lock:
        known, last, upcoming = _schedule
        if known != version or (upcoming is not None and upcoming <= now):
            last, upcoming = scheduled_changes(_version_time(version))
            _schedule[:] = [version, last, upcoming]
        return last


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
    """(etag, last_modified as a Unix time), or None when the cache cannot be reached.
    `dates`: the answer also depends on which of these dates today has reached."""
    version = content_version()
    if version is None:
        return None
    modified = version // 1_000_000_000
    scheduled = last_change(version)
    if scheduled is not None:
        modified = max(modified, int(scheduled.timestamp()))
    reached = None
    if dates is not None and (reached := last_date_reached(version, dates)) is not None:
        midnight = timezone.make_aware(datetime.datetime.combine(reached, datetime.time()))
        modified = max(modified, int(midnight.timestamp()))
    key = f"{version}|{scheduled}|{reached}|{language}|{request.get_full_path()}"
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    return etag, modified
