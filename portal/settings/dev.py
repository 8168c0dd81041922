"""Local development: `make run`. DEBUG stays off unless DEBUG=1 is set, so a visitor crawling
the dev server sees the same styled error pages as in production."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")

# `make run` collects static files for the manifest storage; with DEBUG=1 serve them straight
# from the app folders instead, so CSS edits show up without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG  # noqa: F405
WHITENOISE_AUTOREFRESH = DEBUG  # noqa: F405

# Without CACHE_URL, a cache on disk that every process of this checkout shares (`make run`'s
# server, its autoreloader's child, import_law or load_seed run in another terminal): with a
# per-process memory cache the server kept its own content version, so a change made from the
# command line showed only when its page cache expired, an hour later. CACHE_DIR moves it.
if "CACHE_URL" not in env.ENVIRON:
    CACHES = {
        "default": env.cache_url_config(
            f"filecache://{env.path('CACHE_DIR', default=str(BASE_DIR / 'var' / 'cache'))}"
        ),
    }
