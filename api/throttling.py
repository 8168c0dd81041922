from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    """settings.API_RATE_LIMIT (e.g. "120/min") per client address, counted in the shared
    cache, so every worker and app server shares one count. Over it: 429 with Retry-After.

    The rate is read per request, not at import as DRF's DEFAULT_THROTTLE_RATES is, so it
    can be changed in settings (and in tests)."""

    scope = "api"

    def get_rate(self):
        return settings.API_RATE_LIMIT

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
