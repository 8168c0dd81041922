"""A gunicorn sync worker whose request loop runs from a roomy frame (portal.stack): no render
maps and unmaps CPython frame-stack chunks, whatever its depth. portal/gunicorn.py uses it for
the default worker class, "sync". (gthread's requests run in a thread pool's threads, which
this does not reach; sync is the site's choice, docs/benchmarks.md.)"""

from gunicorn.workers.sync import SyncWorker as GunicornSyncWorker

from portal import stack


class SyncWorker(GunicornSyncWorker):
    def run(self):
        # The worker's whole loop, and so every request, inside one chunk mapped once.
        stack.call(super().run)
