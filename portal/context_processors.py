from django.conf import settings

from publishing.origin import CanonicalSite, site_url
from translations.i18n import alternate_urls, switch_query


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        # Absolute addresses start with the canonical origin (publishing.origin).
        "SITE_URL": site_url(),
        "SITE_ORIGIN": CanonicalSite(),
        "language_links": alternate_urls(request),
        "language_query": switch_query(request),
    }
