"""Shared fixtures. `seeded` loads the shipped seed content once per test that asks for it."""

import pytest
from django.core.management import call_command


@pytest.fixture
def seeded(db):
    call_command("load_seed", verbosity=0)


@pytest.fixture
def comparison(seeded):
    from cards.models import Comparison

    return Comparison.objects.get(slug="citizen-card-vs-social-security-card")
