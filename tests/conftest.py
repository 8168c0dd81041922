"""Shared fixtures. `seeded` gives a test the shipped seed content."""

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.seedsnapshot import SeedSnapshot

_seed = SeedSnapshot()


@pytest.fixture(autouse=True)
def _default_language():
    """Requests leave their language active in the thread; start every test from the
    default (zh-hans) so results do not depend on test order."""
    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def seeded(db):
    """The seed content, as `load_seed` writes it. The first test runs the command; later ones
    get the same rows copied back (about 20× faster), which tests/test_seed_snapshot.py checks."""
    if not _seed.restore():
        _seed.take(lambda: call_command("load_seed", verbosity=0))


@pytest.fixture
def comparison(seeded):
    from cards.models import Comparison

    return Comparison.objects.get(slug="citizen-card-vs-social-security-card")
