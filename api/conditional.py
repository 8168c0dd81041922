"""Validators for conditional GETs (ETag, Last-Modified) that cost no database query.

An answer is a function of the published content, the clock (publication windows open and
close by themselves), the language and the address. The content version (publishing.content)
changes on every write to public content, and the clock is taken to the minute, so a strong
ETag made from these four is exact to the minute: a consumer polling an unchanged answer gets
a 304 after one cache read, and sees a scheduled publication at most a minute late.
Last-Modified is the time of the last write (or the start of the minute, if later), never
earlier than the answer's real last change.
"""

import hashlib

from django.utils import timezone

from publishing.content import content_version


def current_minute():
    """The Unix time of the start of the current minute."""
    return int(timezone.now().timestamp()) // 60 * 60


def validators(request, language):
    """(etag, last_modified as a Unix time), or None when the cache cannot be reached."""
    version = content_version()
    if version is None:
        return None
    minute = current_minute()
    key = f"{version}|{minute}|{language}|{request.get_full_path()}"
    etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'
    return etag, max(version // 1_000_000_000, minute)
