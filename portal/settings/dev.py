"""Local development: `make run`. DEBUG stays off unless DEBUG=1 is set, so a visitor crawling
the dev server sees the same styled error pages as in production."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")

# `make run` collects static files for the manifest storage; with DEBUG=1 serve them straight
# from the app folders instead, so CSS edits show up without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG  # noqa: F405
WHITENOISE_AUTOREFRESH = DEBUG  # noqa: F405
