from django.conf import settings

from translations.i18n import alternate_urls


def site(request):
    return {
        "SITE_NAME": settings.SITE_NAME,
        "language_links": alternate_urls(request),
    }
