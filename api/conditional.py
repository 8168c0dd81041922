"""Validators for conditional GETs (ETag, Last-Modified) that cost no database query.

An answer is a function of the published content, the day (publication dates), the language
and the address. The content version (publishing.content) changes on every write to public
content, so a strong ETag made from these four is exact: a consumer polling an unchanged
answer gets a 304 after one cache read. Last-Modified is the time of that last write (or the
start of the day, if later), never earlier than the answer's real last change.
"""

import datetime
import hashlib

from django.utils import timezone

from publishing.content import content_version


def validators(request, language):
    """(etag, last_modified as a Unix time), or None when the cache cannot be reached."""
    version = content_version()
    if version is None:
        return None
    today = timezone.localdate()
    key = f"{version}|{today.isoformat()}|{language}|{request.get_full_path()}"
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    start_of_day = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
    return etag, max(version // 1_000_000_000, int(start_of_day.timestamp()))
