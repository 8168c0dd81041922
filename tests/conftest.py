"""Shared fixtures. `seeded` gives a test the shipped seed content."""

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.seedsnapshot import SeedSnapshot

_seed = SeedSnapshot()

# Under pytest-xdist (`make test`) tests that share fixed resources run on one worker, one
# after the other: the production tests (Redis database 8, the production_* databases, servers
# and Redis instances of their own, module-scoped) and the browser walks. Each group is one
# unit of work; every other test is a unit of its own, spread over the workers.
GROUPS = {"tests/production/": "production", "tests/browser/": "browser"}


def pytest_xdist_make_scheduler(config, log):
    """xdist's scheduler by scope, with the scopes above. (Its `xdist_group` marks cannot be
    used: xdist 3.8 writes the group into a node id attribute that pytest 9 no longer reads.)"""
    from xdist.scheduler import LoadScopeScheduling

    class GroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid):  # the hook xdist's own LoadFileScheduling overrides
            return next((g for path, g in GROUPS.items() if nodeid.startswith(path)), nodeid)

    return GroupScheduling(config, log)


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
