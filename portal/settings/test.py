"""Settings for pytest (set in pyproject.toml). Fast hasher, locmem cache, no manifest."""

from .base import *  # noqa: F403
from .base import STORAGES, env

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": env.cache("TEST_CACHE_URL", default="locmemcache://")}
# The manifest storage needs collectstatic first; tests use the finders directly.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
