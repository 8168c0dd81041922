"""Settings for pytest (set in pyproject.toml). Fast hasher, locmem cache, no manifest."""

from .base import *  # noqa: F403
from .base import STORAGES, env, resilient

SECRET_KEY = "test-only-insecure-key"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SITE_URL = "http://testserver"  # the test client's host
CACHES = {"default": resilient(env.cache("TEST_CACHE_URL", default="locmemcache://"))}
# Under pytest-xdist (`make test` runs two workers) each worker gets a Redis database of its
# own, the next ones after TEST_CACHE_URL's: a cache.clear() in one must not empty the other's.
if CACHES["default"]["BACKEND"].endswith("RedisCache") and (
    worker := env.str("PYTEST_XDIST_WORKER", default="")
):
    base, _, number = CACHES["default"]["LOCATION"].rpartition("/")
    CACHES["default"]["LOCATION"] = f"{base}/{int(number or 0) + int(worker.removeprefix('gw'))}"
# Off: a page stored by one test must not answer the next (tests write inside transactions
# that never commit, so the content version is not bumped). tests/publishing turns it on.
PAGE_CACHE_TIMEOUT = 0
# Off for the same reason (tests/legislation/test_body_memo.py turns it on).
STATUTE_BODY_MEMO = False
FRAGMENT_CACHE_TIMEOUT = 0  # likewise (tests/publishing/test_fragments.py turns it on)
# The manifest storage needs collectstatic first; tests use the finders directly.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Room for the page cache's tests: 200 pages and the versions of their tags.
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    CACHES["default"].setdefault("OPTIONS", {})["MAX_ENTRIES"] = 10_000
