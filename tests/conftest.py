"""Shared fixtures. `seeded` gives a test the shipped seed content."""

import pytest
from django.utils import translation

from tests.seedsnapshot import load_seed

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


@pytest.fixture(scope="session", autouse=True)
def _flush_by_delete_on_postgresql():
    """After each transactional test (the live server's, tests/browser; publishing's and
    legislation's commit tests) pytest-django empties every table. PostgreSQL's TRUNCATE makes
    new files for each of the ~50 tables and their indexes: about 2 s a test even with the
    tables nearly empty. DELETE leaves the same empty tables (sequences are not reset either
    way, as Django's flush without reset_sequences) in a fraction of that: the project has no
    triggers, and every foreign key is deferred to the commit, so the order does not matter.
    Only in the test process: the `flush` command of a real deployment is untouched."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade or not tables:
            return truncate(
                self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
            )
        return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DatabaseOperations, "sql_flush", sql_flush)
        yield


@pytest.fixture(autouse=True)
def _default_language():
    """Requests leave their language active in the thread; start every test from the
    default (zh-hans) so results do not depend on test order."""
    translation.activate("zh-hans")
    yield
    translation.deactivate()


@pytest.fixture
def seeded(db):
    """The seed content (see load_seed)."""
    load_seed()


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
