"""Shared fixtures. `seeded` loads the shipped seed content once per test that asks for it."""

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _default_language():
    """Requests leave their language active in the thread; start every test from the
    default (zh-hans) so results do not depend on test order."""
    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def seeded(db):
    call_command("load_seed", verbosity=0)


@pytest.fixture
def comparison(seeded):
    from cards.models import Comparison

    return Comparison.objects.get(slug="citizen-card-vs-social-security-card")
