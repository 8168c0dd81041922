"""The site's canonical origin, settings.SITE_URL (e.g. "https://example.com"): every absolute
address the site gives out (canonical and hreflang links, sitemaps, the Atom feed, the API's
links, JSON-LD) starts with it. Not with the request's Host and port, which the client chooses:
a request to 127.0.0.1:99999 or LOCALHOST. must not put that spelling into a cached page, a
sitemap or a feed reader."""

from urllib.parse import urlsplit

from django.conf import settings


def site_url():
    """The origin without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path):
    """`path` ("/en/laws/…", with its query if any) as an absolute address on the site."""
    return f"{site_url()}{path}"


class CanonicalSite:
    """What django.contrib.sitemaps and syndication read of a Site (its domain), for the
    canonical origin."""

    def __init__(self):
        parts = urlsplit(site_url())
        self.protocol = parts.scheme
        self.domain = self.name = parts.netloc + parts.path
