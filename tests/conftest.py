"""Shared fixtures: the plan loaded once per session, a fixed cast of users, service checks.

The cast, used by every permission test: staff of department A (生态环境分局, ``ecoenv``), staff of
department B (水利局, ``water``), a supervisor (督查员), a leader (领导), an administrator (系统管理员) and an
anonymous client.
"""

import os
import socket
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from responsibilities.models import Department
from responsibilities.services import user_create
from tasks.common import roles
from tasks.models import Plan

PLAN_FILE = Path(settings.BASE_DIR) / "fixtures" / "plan_lingqiu_2022_2025.yaml"
# A short, fictional second plan (实施中, 2026–2030) whose codes overlap the real plan's: tests of several plans.
EXAMPLE_PLAN_FILE = Path(settings.BASE_DIR) / "tests" / "fixtures" / "plan_example.yaml"
EXAMPLE_PLAN_CODE = "example-eco-2026-2030"
DEPT_A, DEPT_B = "ecoenv", "water"
PASSWORD = "test-pass-123"


def redis_reachable(url: str | None = None) -> bool:
    """True when a Redis server answers PING at the broker URL (default 127.0.0.1:6379)."""
    from urllib.parse import urlparse

    parsed = urlparse(url or os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0")
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=2) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def pytest_sessionstart(session):
    """In CI (REQUIRE_SERVICES=1) refuse to run on SQLite or without Redis: fail loudly, never fall back."""
    if os.environ.get("REQUIRE_SERVICES") != "1":
        return
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.exit(f"REQUIRE_SERVICES=1 but the database engine is {engine}, not PostgreSQL", returncode=3)
    if not settings.CELERY_BROKER_URL.startswith("redis://") or not redis_reachable(settings.CELERY_BROKER_URL):
        pytest.exit(f"REQUIRE_SERVICES=1 but Redis is unreachable at {settings.CELERY_BROKER_URL!r}", returncode=3)


@pytest.fixture(autouse=True)
def _celery_eager_by_default(settings):
    """Unit tests run Celery jobs in-process; the real-worker tests opt out explicitly."""
    from lingqiu_portal.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def plan_load_unscored() -> None:
    """Load the plan file without scoring it: its recompute marks are dropped, not drained, so every test
    starts from the same state (no stored scores, nothing pending) on SQLite and PostgreSQL alike."""
    from unittest import mock

    from indicators.models import ScoreRecomputeMark

    with mock.patch("indicators.recompute.triggers.job_enqueue"):
        call_command("load_plan", str(PLAN_FILE), verbosity=0, stdout=open(os.devnull, "w"))
    ScoreRecomputeMark.objects.all().delete()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real plan once into the test database; each test's transaction rolls back to it."""
    with django_db_blocker.unblock():
        plan_load_unscored()


@pytest.fixture
def plan(db) -> Plan:
    """The loaded plan (reloaded when a transactional test flushed the tables)."""
    if not Plan.objects.exists():
        plan_load_unscored()
    return Plan.objects.get()


@pytest.fixture
def example_plan(plan) -> Plan:
    """The fictional example plan loaded beside the real one (in the test's transaction): 实施中, two systems,
    indicator codes T05-PM25 and T06-SW-II and milestone code T05-M1 shared with the real plan."""
    call_command("load_plan", str(EXAMPLE_PLAN_FILE), stdout=open(os.devnull, "w"))
    return Plan.objects.get(code=EXAMPLE_PLAN_CODE)


@pytest.fixture
def dept_a(plan) -> Department:
    return Department.objects.get(code=DEPT_A)


@pytest.fixture
def dept_b(plan) -> Department:
    return Department.objects.get(code=DEPT_B)


@pytest.fixture
def staff_a(dept_a):
    return user_create(username="staff_a", password=PASSWORD, role=roles.STAFF, department=dept_a)


@pytest.fixture
def staff_b(dept_b):
    return user_create(username="staff_b", password=PASSWORD, role=roles.STAFF, department=dept_b)


@pytest.fixture
def supervisor(plan):
    return user_create(username="supervisor", password=PASSWORD, role=roles.SUPERVISOR)


@pytest.fixture
def leader(plan):
    return user_create(username="leader", password=PASSWORD, role=roles.LEADER)


@pytest.fixture
def administrator(plan):
    """系统管理员 (formerly 管理员): maintains users, departments, the plan and settings in the admin (no superuser:
    the role's permissions, ``responsibilities.services.ROLE_PERMISSIONS``)."""
    return user_create(username="administrator", password=PASSWORD, role=roles.ADMIN)


@pytest.fixture
def auditor(plan):
    """审计员: reads and exports the audit log, nothing else."""
    return user_create(username="auditor", password=PASSWORD, role=roles.AUDITOR)


@pytest.fixture
def cast(staff_a, staff_b, supervisor, leader, administrator) -> dict:
    """The fixed cast by name; ``anonymous`` is None."""
    return {
        "staff_a": staff_a,
        "staff_b": staff_b,
        "supervisor": supervisor,
        "leader": leader,
        "administrator": administrator,
        "anonymous": None,
    }


@pytest.fixture
def client_for(client):
    """``client_for(user)`` → a test client logged in as ``user`` (anonymous for None)."""

    def make(user):
        from django.test import Client

        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make


def is_postgres() -> bool:
    return connection.vendor == "postgresql"
