"""GET /health/ (django-health-check): JSON for monitors, 200 when the database, migrations, disk, Redis and a
Celery worker are all well, 503 when Redis or the worker is down (or a migration is missing)."""

import pytest
from django.urls import reverse
from health_check.contrib.celery import Ping
from health_check.contrib.redis import Redis
from health_check.exceptions import ServiceUnavailable

from lingqiu_portal import health
from tests.conftest import redis_reachable

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
LIVE_REDIS = "redis://127.0.0.1:6379/15"  # a database no worker of the suite listens on


def get(client):
    response = client.get(reverse("health"))
    assert response["Content-Type"] == "application/json"
    return response.status_code, response.json()


@pytest.fixture
def services_well(monkeypatch, settings):
    """A broker is configured and both of its checks pass."""
    settings.CELERY_BROKER_URL = LIVE_REDIS

    async def redis_ok(self):
        return None

    monkeypatch.setattr(Redis, "run", redis_ok)
    monkeypatch.setattr(Ping, "run", lambda self: None)


def test_200_when_all_is_well(client, db, services_well):
    status, body = get(client)
    assert status == 200 and body["status"] == "ok"
    assert body["checks"] == dict.fromkeys(("database", "migrations", "disk", "redis", "celery"), "ok")


def test_503_when_redis_is_down(client, db, settings):
    settings.CELERY_BROKER_URL = DEAD_REDIS
    status, body = get(client)
    assert status == 503 and body["status"] == "error"
    assert body["checks"]["redis"].startswith("Unavailable") and body["checks"]["celery"] != "ok"
    assert body["checks"]["database"] == "ok"
    assert "127.0.0.1:1" not in str(body)  # no connection details for anonymous monitors


def test_503_when_the_worker_is_down(client, db, monkeypatch, services_well):
    def no_worker(self):
        raise ServiceUnavailable("Celery workers unavailable")

    monkeypatch.setattr(Ping, "run", no_worker)
    status, body = get(client)
    assert status == 503 and body["checks"]["celery"] == "Unavailable: Celery workers unavailable"
    assert body["checks"]["redis"] == "ok"


@pytest.mark.skipif(not redis_reachable(LIVE_REDIS), reason="Redis is not running on 127.0.0.1:6379")
def test_503_with_a_live_redis_and_no_worker_listening(client, db, settings):
    settings.CELERY_BROKER_URL = LIVE_REDIS
    settings.HEALTH_CELERY_TIMEOUT = 0.5
    status, body = get(client)
    assert status == 503 and body["checks"]["redis"] == "ok"
    assert body["checks"]["celery"] == "Unavailable: Celery workers unavailable"


def test_503_with_an_unapplied_migration(client, db, monkeypatch, services_well):
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])
    status, body = get(client)
    assert status == 503 and body["checks"]["migrations"] == "Unavailable: 1 unapplied migration(s)"


def test_503_when_the_disk_is_full(client, db, settings, services_well):
    settings.HEALTH_DISK_MAX_PERCENT = 0.001
    status, body = get(client)
    assert status == 503 and body["checks"]["disk"].startswith("Warning")


def test_without_a_broker_jobs_run_in_process(client, db, settings):
    settings.CELERY_BROKER_URL = ""
    status, body = get(client)
    assert status == 200 and body["checks"]["redis"] == body["checks"]["celery"] == "eager"


def test_compose_probes_the_health_endpoint():
    from pathlib import Path

    import yaml
    from django.conf import settings

    services = yaml.safe_load((Path(settings.BASE_DIR) / "docker-compose.yml").read_text())["services"]
    assert "/health/" in " ".join(services["web"]["healthcheck"]["test"])


@pytest.mark.services
def test_200_with_a_real_worker_and_503_once_it_is_stopped(client, db, settings, tmp_path):
    """A real ``celery -A lingqiu_portal worker`` on Redis: healthy while it runs, 503 after it stops."""
    import os
    import signal
    import subprocess
    import sys
    import time

    broker = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/11"
    if not redis_reachable(broker):
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"Redis is unreachable at {broker}")
        pytest.skip(f"Redis is unreachable at {broker}")
    settings.CELERY_BROKER_URL = broker
    log_path = tmp_path / "worker.log"
    env = os.environ | {"CELERY_BROKER_URL": broker, "DJANGO_SETTINGS_MODULE": "lingqiu_portal.settings.test"}
    command = [sys.executable, "-m", "celery", "-A", "lingqiu_portal", "worker", "--concurrency=1", "--pool=solo"]
    command += ["-n", f"health-{os.getpid()}@%h", "--without-gossip", "--without-mingle", "--loglevel=INFO"]
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 90
        while " ready." not in log_path.read_text(errors="replace"):
            assert time.monotonic() < deadline, log_path.read_text(errors="replace")[-3000:]
            time.sleep(0.2)
        status, body = get(client)
        assert status == 200, body
        assert body["checks"]["redis"] == body["checks"]["celery"] == "ok"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)
    status, body = get(client)
    assert status == 503 and body["checks"]["celery"] == "Unavailable: Celery workers unavailable"
