from django.conf import settings
from django.utils.functional import SimpleLazyObject

from publishing.origin import CanonicalSite, site_url
from translations.i18n import alternate_urls, switch_query


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        # Absolute addresses start with the canonical origin (publishing.origin).
        "SITE_URL": site_url(),
        "SITE_ORIGIN": CanonicalSite(),
        # Reversed in every language only if the page prints them (not from a kept fragment).
        "language_links": SimpleLazyObject(lambda: alternate_urls(request)),
        "language_query": SimpleLazyObject(lambda: switch_query(request)),
    }
