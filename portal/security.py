"""Admin login lockout (django-axes): the answer an editor sees, in the admin's language."""

from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response, credentials):
    """settings.AXES_LOCKOUT_CALLABLE: a 429 page saying how long to wait, in the language
    of the admin address (LocaleMiddleware has run)."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "admin/lockout.html", context, status=429)
