"""Production: PostgreSQL, Redis, several app servers behind a TLS-terminating proxy.
Refuses to start without a real SECRET_KEY and an explicit DATABASE_URL."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, LOGGING, SECRET_KEY, STATIC_ROOT, env

if len(SECRET_KEY) < 40 or SECRET_KEY.startswith(("dev-", "test-", "change")):
    raise ImproperlyConfigured("Set SECRET_KEY to a long random value (50+ characters).")
if "DATABASE_URL" not in env.ENVIRON:
    raise ImproperlyConfigured("Set DATABASE_URL, e.g. postgres://user:pass@host:5432/portal.")

DEBUG = False
# Without CACHE_URL, a cache on disk that every worker of this machine shares: a per-process
# memory cache would keep each worker's own content version, and a write through one worker
# would leave the others serving the old page. Several machines need Redis (CACHE_URL).
if "CACHE_URL" not in env.ENVIRON:
    CACHES = {
        "default": env.cache_url_config(f"filecache://{BASE_DIR / 'var' / 'cache'}"),
    }
STATIC_ROOT = env.path("STATIC_ROOT", default=str(STATIC_ROOT))
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
LOGGING["handlers"]["console"]["formatter"] = env("LOG_FORMAT", default="json")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads it; forms carry the token
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# HSTS: a year with subdomains, as the preload list and Mozilla Observatory's A+ ask. A site
# whose subdomains still serve plain HTTP sets SECURE_HSTS_INCLUDE_SUBDOMAINS=0 (then
# `check --deploy` warns, rightly). The preload flag alone enrols nothing: that takes a
# submission to hstspreload.org.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
