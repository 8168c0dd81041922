"""The API checked against its own OpenAPI schema by schemathesis, with all its checks: every
answer (including the errors) must be documented, and every request the schema calls invalid
must be refused, every valid one accepted. Runs on the WSGI application in process, on the
seed content, with a fixed seed and few examples per operation so that it stays cheap."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from portal.wsgi import application

# Every check schemathesis has, named explicitly rather than left to its defaults.
load_all_checks()
ALL_CHECKS = CHECKS.get_all()

# Read at collection: the schema view needs neither the database nor the cache's content.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def api(seeded):
    """The seeded test database, kept open across the requests: the WSGI application would
    close the connection (and with it the test's transaction) at the end of each request, as
    Django's test client prevents in the same way."""
    cache.clear()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with override_settings(API_RATE_LIMIT=None):
            yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_conforms_to_its_schema(case, api):
    case.call_and_validate(checks=ALL_CHECKS)
