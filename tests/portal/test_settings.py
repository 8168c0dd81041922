"""Settings come from the environment, with safe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def django_setting(module, name, **env):
    """Import a settings module in a fresh interpreter with exactly `env` on top of a clean
    environment; return (returncode, output)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO", "DATABASE"))}
    clean.update(env, DJANGO_SETTINGS_MODULE=module)
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    return result.returncode, result.stdout + result.stderr


def test_debug_is_off_unless_asked_for():
    assert django_setting("portal.settings.dev", "DEBUG") == (0, "False\n")
    assert django_setting("portal.settings.dev", "DEBUG", DEBUG="1") == (0, "True\n")


def test_database_url_chooses_the_database():
    code, out = django_setting(
        "portal.settings.dev",
        "DATABASES['default']['ENGINE']",
        DATABASE_URL="postgres://u@127.0.0.1:5432/portal",
    )
    assert code == 0 and "postgresql" in out
    code, out = django_setting("portal.settings.dev", "DATABASES['default']['NAME']")
    assert code == 0 and out.strip().endswith("db.sqlite3'")


def test_cache_url_can_point_at_redis():
    code, out = django_setting(
        "portal.settings.dev", "CACHES['default']['BACKEND']", CACHE_URL="redis://127.0.0.1:6379/1"
    )
    assert code == 0 and "redis" in out.lower()


@pytest.mark.parametrize(
    "env",
    [
        {"DATABASE_URL": "postgres://u@h/db"},
        {"DATABASE_URL": "postgres://u@h/db", "SECRET_KEY": "short"},
        {"SECRET_KEY": "x" * 60},
    ],
)
def test_production_refuses_to_start_without_real_secrets(env):
    code, out = django_setting("portal.settings.production", "DEBUG", **env)
    assert code != 0 and "ImproperlyConfigured" in out


def test_production_starts_with_real_secrets():
    code, out = django_setting(
        "portal.settings.production",
        "SESSION_COOKIE_SECURE",
        SECRET_KEY="k" * 60,
        DATABASE_URL="postgres://u@h/db",
    )
    assert (code, out) == (0, "True\n")


def test_the_configured_cache_round_trips_unicode(settings):
    """Exercises whatever TEST_CACHE_URL names: locmem by default, Redis in CI's second run."""
    from django.core.cache import cache

    cache.set("portal-test-key", "社保查询 · Social security inquiry", 30)
    assert cache.get("portal-test-key") == "社保查询 · Social security inquiry"
    cache.delete("portal-test-key")
    assert cache.get("portal-test-key") is None
