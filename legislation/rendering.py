"""Rendered statute article bodies, remembered in the process per content version.

A law page shows every article of the law (98 for the Social Insurance Law), each split into
paragraphs with anchors and its cross-references resolved into links: most of the page's
render, and the same for every visitor until content changes. The bodies are kept per
content version (publishing.content), read from the shared cache on each page, so a write
anywhere, through any server, makes them stale at once; only the current version's are
kept. The key holds everything else a body depends on: the language, the linker's law,
article numbers, date query and mode, and the article's number, text and fallback state.
"""

import threading

from django.conf import settings
from django.utils.translation import get_language

from publishing.content import content_version

MAX_BODIES = 20_000  # per process; beyond that, bodies are rendered and not kept

_lock = threading.Lock()
_state = {"version": None, "pages": {}, "size": 0}


def article_bodies(linker):
    """The memo of bodies for pages rendered with `linker` ({key: html}), or None when the
    cache (so the content version) cannot be read, or settings.STATUTE_BODY_MEMO is off:
    then nothing is remembered."""
    if not settings.STATUTE_BODY_MEMO:
        return None
    version = content_version()
    if version is None:
        return None
    page = (
        get_language(),
        linker.law.pk,
        linker.in_page,
        linker.query,
        frozenset(linker.numbers),
    )
    with _lock:
        if _state["version"] != version:
            _state.update(version=version, pages={}, size=0)
        return _state["pages"].setdefault(page, BodyMemo())


class BodyMemo(dict):
    def remember(self, key, html):
        with _lock:
            if _state["size"] < MAX_BODIES:
                _state["size"] += 1
                self[key] = html
        return html
