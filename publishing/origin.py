"""The site's canonical origin, settings.SITE_URL (e.g. "https://example.com"): every absolute
address the site gives out (canonical and hreflang links, sitemaps, the Atom feed, the API's
links, JSON-LD) starts with it. Not with the request's Host and port, which the client chooses:
a request to 127.0.0.1:99999 or LOCALHOST. must not put that spelling into a cached page, a
sitemap or a feed reader."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks


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


def check_site_url(app_configs=None, **kwargs):
    """System check (deploy): SITE_URL is an https origin of a public host. Registered by
    portal.apps, for `manage.py check --deploy`."""
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/"):
        return [
            checks.Error(
                f"SITE_URL {settings.SITE_URL!r} is not an origin such as https://example.com.",
                id="publishing.E001",
            )
        ]
    if parts.scheme != "https" or parts.hostname in ("127.0.0.1", "localhost", "testserver"):
        return [
            checks.Warning(
                f"SITE_URL is {settings.SITE_URL!r}: sitemaps, the feed, canonical links and "
                "the API's links will point there. Set it to the site's public https origin.",
                id="publishing.W001",
            )
        ]
    return []
