"""Scheduled drafts take effect at their time without a cron job: the first request after it
applies them, before it is answered (publishing.services.apply_due)."""

from . import services


def apply_scheduled_drafts(get_response):
    """Place right after the page cache, for the requests it does not serve from a stored page
    (editors, POSTs, the cache off): the page cache applies a due draft itself before it
    serves a stored page (publishing.pagecache). Costs one cache read per request that gets
    this far, no query."""

    def middleware(request):
        if services.drafts_due():
            services.apply_due_on_request()
        return get_response(request)

    return middleware
