"""The admin's messages, held back while a try of a save is under way (publishing.services.
retried_once): a try the database rolls back to settle a deadlock says nothing, the try that
commits says what it did. Without this, the messages framework keeps what a rolled-back try
added (it is not part of the transaction) and the editor reads "changed successfully" twice.

`TriedStorage` is Django's default storage (a cookie, then the session; settings
MESSAGE_STORAGE) that can hold messages back; `held_until_done(request)` is the context around
one try. Only the storage's public `add` is overridden: whatever adds a message (the admin's
`message_user`, `messages.success`) is held the same way.
"""

from contextlib import contextmanager

from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage


class TriedStorage(FallbackStorage):
    def __init__(self, request, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.tries = []  # a list of messages per try under way, the innermost last

    def add(self, level, message, extra_tags=""):
        if self.tries:
            self.tries[-1].append((level, message, extra_tags))
        else:
            super().add(level, message, extra_tags)


@contextmanager
def held_until_done(request):
    """Messages added inside are added when the block ends without an error (the transaction
    it holds committed) and dropped when it raises."""
    storage = get_messages(request)
    if not isinstance(storage, TriedStorage):  # another storage configured: added at once
        yield
        return
    held = []
    storage.tries.append(held)
    try:
        yield
    finally:
        storage.tries.pop()
    for level, message, extra_tags in held:  # to the enclosing try, if any, or to the page
        storage.add(level, message, extra_tags)
