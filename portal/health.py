"""What a load balancer asks an app server: is the process alive (/healthz), and can it
serve pages now (/readyz: the database and the cache answer)."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request):
    """Liveness: answers without touching the database, so a database outage does not make
    the balancer restart healthy processes."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: 200 when the database and the cache both answer, 503 otherwise (the
    balancer then sends visitors to another app server)."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    ready = all(checks.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    if not ready:
        response["Retry-After"] = "10"
    return response


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        logger.warning("readyz: database unreachable: %s", exc.__class__.__name__)
        return False


def _cache_ok():
    try:
        cache.set("portal:readyz", 1, timeout=10)
        return cache.get("portal:readyz") == 1
    except Exception as exc:  # noqa: BLE001
        logger.warning("readyz: cache unreachable: %s", exc.__class__.__name__)
        return False
