"""GET /health/ — the portal's health for monitors and the compose health checks (django-health-check).

JSON ``{"status": "ok" | "error", "checks": {name: "ok" | "<what is wrong>"}}``; 200 when every check passes,
503 otherwise. Checks: the database answers, no migration is left unapplied, the disk holding MEDIA_ROOT is
below ``HEALTH_DISK_MAX_PERCENT`` (default 90 %) full, Redis answers (the broker) and a Celery worker answers a
ping within ``HEALTH_CELERY_TIMEOUT`` seconds. Without a broker (``make run``: jobs in-process) the Redis and
worker checks read "eager" and pass. Open without login (monitors have none); it reveals no settings.

The checks run one after another in the request's thread (the database check uses the request's connection
settings; the Celery ping needs Redis, so it is skipped when Redis is down).
"""

import asyncio
import dataclasses
import functools
import inspect
from datetime import timedelta
from pathlib import Path

from celery import Celery
from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Database
from health_check.contrib.celery import Ping
from health_check.contrib.psutil import Disk
from health_check.contrib.redis import Redis
from health_check.exceptions import HealthCheckException, ServiceUnavailable
from redis.asyncio import Redis as RedisClient


@dataclasses.dataclass
class Migrations(HealthCheck):
    """Unapplied migrations: the code expects tables or columns the database does not have yet."""

    alias: str = "default"

    def run(self):
        executor = MigrationExecutor(connections[self.alias])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise ServiceUnavailable(f"{len(pending)} unapplied migration(s)")


@functools.lru_cache(maxsize=4)
def _celery_app(broker_url: str) -> Celery:
    """A Celery client for ``broker_url`` (the portal's app is configured once at start-up)."""
    return Celery("lingqiu_portal_health", broker=broker_url, set_as_current=False)


def _existing(path) -> str:
    """``path`` or its nearest existing parent (MEDIA_ROOT is created with the first upload)."""
    path = Path(path).resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return str(path)


def health_checks() -> dict[str, HealthCheck | None]:
    """name → check (None: not applicable here, reported as "eager")."""
    broker = settings.CELERY_BROKER_URL
    checks = {
        "database": Database(),
        "migrations": Migrations(),
        "disk": Disk(path=_existing(settings.MEDIA_ROOT), max_disk_usage_percent=settings.HEALTH_DISK_MAX_PERCENT),
        "redis": None,
        "celery": None,
    }
    if broker:
        checks["redis"] = Redis(
            client_factory=lambda: RedisClient.from_url(broker, socket_connect_timeout=2, socket_timeout=2)
        )
        checks["celery"] = Ping(app=_celery_app(broker), timeout=timedelta(seconds=settings.HEALTH_CELERY_TIMEOUT))
    return checks


def check_run(check: HealthCheck) -> str:
    """ "ok", or the check's own short message (never a traceback or a setting)."""
    try:
        outcome = check.run()
        if inspect.isawaitable(outcome):
            asyncio.run(outcome)
    except HealthCheckException as error:
        return str(error)
    except Exception as error:  # a check that breaks is a failed check, not a 500
        return f"unexpected {type(error).__name__}"
    return "ok"


@never_cache
def health(request):
    results = {}
    for name, check in health_checks().items():
        if check is None:
            results[name] = "eager"
        elif name == "celery" and results.get("redis") not in ("ok", "eager"):
            results[name] = "not checked: Redis is down"
        else:
            results[name] = check_run(check)
    healthy = all(value in ("ok", "eager") for value in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": results}, status=200 if healthy else 503)
