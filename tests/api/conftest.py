import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limit's counts and the content version live in the cache: start each test
    from an empty one."""
    cache.clear()
    yield
    cache.clear()


def walk_keys(data):
    """Every key of a JSON document, at any depth."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from walk_keys(value)
    elif isinstance(data, list):
        for item in data:
            yield from walk_keys(item)


def invalid_parameters(response):
    """{parameter: [messages]} of a 400 problem answer (api.problems)."""
    assert response["Content-Type"] == "application/problem+json"
    errors = {}
    for error in response.json()["errors"]:
        errors.setdefault(error["parameter"], []).append(error["detail"])
    return errors
