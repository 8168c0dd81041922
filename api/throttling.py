from django.conf import settings
from ipware import get_client_ip
from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    """settings.API_RATE_LIMIT (e.g. "120/min") per client address, counted in the shared
    cache, so every worker and app server shares one count. Over it: 429 with Retry-After.

    The rate is read per request, not at import as DRF's DEFAULT_THROTTLE_RATES is, so it
    can be changed in settings (and in tests). The client's address comes from django-ipware
    with the settings the admin lockout (django-axes) uses too: behind TRUSTED_PROXY_COUNT
    proxies, one client's traffic never counts against another's. While the cache is
    unreachable (portal.cache answers a miss) every request is let through."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_ident(self, request):
        address, _routable = get_client_ip(request)
        return address or request.META.get("REMOTE_ADDR", "")

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
