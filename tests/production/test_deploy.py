"""The production settings: safe by default, refuse to run half-configured."""

import subprocess
import sys

import pytest

from .conftest import ROOT, production_env

# A database and cache of its own, not the pass's: the same run in both passes.
pytestmark = pytest.mark.backend_independent


def run(env, *args):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_wsgi_defaults_to_production_and_refuses_a_missing_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"], env["DJANGO_SETTINGS_MODULE"]
    result = run(env, "-c", "import portal.wsgi")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_check_deploy_is_clean(tmp_path):
    env = production_env(tmp_path)
    del env["SECURE_SSL_REDIRECT"]  # the tests' servers speak plain HTTP; a real one does not
    env["SITE_URL"] = "https://shebao.example.com"  # the tests' servers use the default
    result = run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
