"""Shared fixtures. `seeded` gives a test the shipped seed content."""

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.seedsnapshot import SeedSnapshot

_seed = SeedSnapshot()

# Tests that start servers, browsers or Redis instances of their own, share fixed resources
# (Redis database 8, the production_* databases) or time what they see: under pytest-xdist
# (`make test`) they all run on one worker, one after the other, while the other worker takes
# the rest.
SERIAL = ("tests/production/", "tests/browser/")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith(SERIAL) or item.get_closest_marker("backend_independent"):
            item.add_marker(pytest.mark.xdist_group("serial"))


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


@pytest.fixture
def chinese_only_law(seeded):
    """The seed with the Labour Contract Law's English removed (as before the seed shipped it):
    98 articles with their text in Chinese only, for tests of what is missing a translation."""
    from legislation.models import Article
    from translations.tracking import sync

    articles = Article.objects.filter(law__slug="labour-contract-law")
    articles.update(text_en=None)
    sync(list(articles))  # the English is missing again, not "up to date"
    return articles.first().law
