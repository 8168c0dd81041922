"""Scheduled drafts take effect at their time without a cron job: the first request after it
applies them, before it is answered (publishing.services.apply_due)."""

from . import services


def apply_scheduled_drafts(get_response):
    """Place right after the page cache: a stored page never outlives a scheduled time (see
    publishing.models.next_scheduled_change), so the first request after it arrives here. Costs
    one cache read per request that gets this far, no query."""

    def middleware(request):
        if services.drafts_due():
            services.apply_due()
        return get_response(request)

    return middleware
