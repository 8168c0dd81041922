"""What a load balancer asks an app server: is the process alive (/healthz), and can it
serve pages now (/readyz: the database answers; the cache is reported).

A balancer asks every second or so: a fault is logged as a warning at most once a minute per
check and process, and the 503 of /readyz, the answer it is there to give, is not logged
again by Django as an ERROR (`django.request` logs every 5xx otherwise)."""

import logging

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .logging import Throttle

logger = logging.getLogger(__name__)
_should_log = {"database": Throttle(60), "cache": Throttle(60)}


@never_cache
def healthz(request):
    """Liveness: answers without touching the database, so a database outage does not make
    the balancer restart healthy processes."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Readiness: 200 when the database answers, 503 otherwise (the balancer then sends
    visitors to another app server). The cache's state is reported too, but does not make
    the server unready: without it pages are served uncached (portal.cache), and every
    server shares the same Redis, so taking them out would only cost visitors requests."""
    checks = {"database": _database_ok(), "cache": _cache_ok()}
    ready = checks["database"]
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    if not ready:
        response["Retry-After"] = "10"
        # django.utils.log.log_response skips a response so marked: the fault is logged above.
        response._has_been_logged = True
    return response


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"
        if _should_log["database"]():
            logger.warning("readyz: database unreachable: %s", exc.__class__.__name__)
        return False


def _cache_ok():
    try:
        cache.set("portal:readyz", 1, timeout=10)
        if cache.get("portal:readyz") == 1:
            return True
        # portal.cache answers a miss instead of raising while Redis is unreachable.
        raise ConnectionError("the cache did not keep a value")
    except Exception as exc:  # noqa: BLE001
        if _should_log["cache"]():
            logger.warning("readyz: cache unreachable: %s", exc.__class__.__name__)
        return False
