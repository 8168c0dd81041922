import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache(settings, seeded):
    """The page cache on, for the seed content, empty before and after."""
    settings.PAGE_CACHE_TIMEOUT = 600
    cache.clear()
    yield
    cache.clear()
