"""Local development: `make run`. DEBUG stays off unless DEBUG=1 is set, so a visitor crawling
the dev server sees the same styled error pages as in production."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
