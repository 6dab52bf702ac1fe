"""A real Celery worker on Redis recomputes the stored scores (issue 4, "a real worker in the tests").

Needs PostgreSQL (the worker is another process: it must see the committed test data, which an
SQLite test database cannot offer) and Redis, broker DB 7 (``redis://<host>:<port>/7``, flushed
before and after). Off CI these tests are skipped with the reason; with ``REQUIRE_SERVICES=1`` a
missing service fails them. To run locally::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lingqiu_scoring CELERY_BROKER_URL=redis://127.0.0.1:6379/7 \\
        REQUIRE_SERVICES=1 .venv/bin/python -m pytest tests/indicators/scoring/test_worker.py

Every wait is bounded and every worker process group is killed at the end, whatever happens.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from decimal import Decimal as D
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from django.conf import settings
from django.db import connection

from indicators.entry import services as entry
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score, Submission
from indicators.scoring.jobs import scores_recompute_all_job
from indicators.scoring.services import scores_recompute, scores_recompute_all
from tests.conftest import redis_reachable

pytestmark = pytest.mark.services

_URL = urlparse(os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0")
# The broker this process is configured with (CI: CELERY_BROKER_URL); the app's producer pools are made
# with it, and a pool made earlier in the run keeps its URL, so the worker must listen on the same one.
BROKER = os.environ.get("CELERY_BROKER_URL") or f"redis://{_URL.hostname or '127.0.0.1'}:{_URL.port or 6379}/7"
START_TIMEOUT = 90  # seconds for a worker to connect and report "ready"
JOB_TIMEOUT = 90  # seconds for a job to show its effect in the database

# A real worker (Celery's own worker_main) whose score writes pause, so the test can kill it in the middle
# of a recompute; redelivery settings short enough for a test (production keeps the 1 h default).
SLOW_WORKER = """
import os, sys, time
import django
django.setup()
from indicators.scoring.services import recompute
from lingqiu_portal.celery import app
write = recompute._scores_write
def paused_write(*args, **kwargs):
    open(os.environ["SCORING_TEST_MARKER"], "w").write("writing")
    time.sleep(float(os.environ["SCORING_TEST_PAUSE"]))
    return write(*args, **kwargs)
recompute._scores_write = paused_write
app.conf.broker_transport_options = {"visibility_timeout": 3, "unacked_restore_interval": 1,
                                     "unacked_restore_throttle": 1}
app.worker_main(sys.argv[1:])
"""


def _require_services():
    problems = []
    if connection.vendor != "postgresql":
        problems.append(
            "needs PostgreSQL (DATABASE_URL=postgres://…): a worker process cannot see an SQLite test database"
        )
    if not redis_reachable(BROKER):
        problems.append(f"Redis is unreachable at {BROKER}")
    if problems:
        message = "; ".join(problems)
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _test_database_url() -> str:
    """The test database (``test_…``) as a URL for the worker process."""
    s = connection.settings_dict
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{quote(s['NAME'])}"


def _wait_for(predicate, *, timeout: float, what: str, worker=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker is not None and worker.proc.poll() is not None:
            pytest.fail(f"the worker exited ({worker.proc.returncode}) while waiting for {what}:\n{worker.log_tail()}")
        time.sleep(0.2)
    pytest.fail(f"timed out after {timeout} s waiting for {what}" + (f":\n{worker.log_tail()}" if worker else ""))


class Worker:
    """A ``celery -A lingqiu_portal worker`` subprocess in its own process group, logging to a file."""

    def __init__(self, tmp_path: Path, name: str, *, script: str | None = None, env: dict | None = None):
        self.log_path = tmp_path / f"{name}.log"
        self.name = f"{name}-{uuid.uuid4().hex[:6]}@%h"
        self.script, self.extra_env, self.proc = script, env or {}, None

    def start(self) -> "Worker":
        args = [
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--pool=prefork",
            "-n",
            self.name,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
        command = (
            [sys.executable, "-c", self.script, *args]
            if self.script
            else [sys.executable, "-m", "celery", "-A", "lingqiu_portal", *args]
        )
        env = (
            os.environ
            | {
                "DATABASE_URL": _test_database_url(),
                "CELERY_BROKER_URL": BROKER,
                "CELERY_RESULT_BACKEND": BROKER,
                "DJANGO_SETTINGS_MODULE": "lingqiu_portal.settings.test",
                "PYTHONUNBUFFERED": "1",
            }
            | self.extra_env
        )
        self._log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        _wait_for(lambda: " ready." in self.log(), timeout=START_TIMEOUT, what="the worker to start", worker=self)
        return self

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log().splitlines()[-lines:])

    def kill(self) -> None:
        """SIGKILL the whole process group (main process and pool child): no warm shutdown, no ack."""
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.proc is not None:
            self._log.close()


@pytest.fixture
def workers(tmp_path):
    """Start workers with ``workers(name, …)``; every one is stopped (or killed) at the end."""
    started = []

    def start(name, **kwargs):
        worker = Worker(tmp_path, name, **kwargs)
        started.append(worker)
        return worker.start()

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture
def real_broker(transactional_db):
    """Celery in this process sends to Redis DB 7 instead of running jobs eagerly."""
    _require_services()
    import redis

    from lingqiu_portal.celery import app

    saved = (app.conf.task_always_eager, app.conf.broker_url)
    redis.Redis.from_url(BROKER).flushdb()
    app.conf.task_always_eager, app.conf.broker_url = False, BROKER
    _pools_reset(app)
    yield app
    app.conf.task_always_eager, app.conf.broker_url = saved
    _pools_reset(app)
    redis.Redis.from_url(BROKER).flushdb()


def _pools_reset(app):
    """Forget the pools made with the previous broker URL (they stay usable for whoever still holds them)."""
    app._pool = None
    app.amqp._producer_pool = None


def snapshot(plan) -> dict:
    """Every stored row of the plan by key, without ids and time stamps."""
    fields = (
        "level",
        "indicator_id",
        "task_id",
        "system_id",
        "department_id",
        "period_id",
        "current_value",
        "progress_raw",
        "progress",
        "expected",
        "status",
        "forecast",
        "forecast_met",
        "score",
        "grade",
        "components",
        "rule",
        "config_version",
    )
    rows = list(Score.objects.filter(plan=plan).values(*fields))
    return {tuple(r[f] for f in fields[:6]): r for r in rows} | {"__count__": len(rows)}


def _submitted_value(code: str, year: int, quarter: int, value: str) -> IndicatorValue:
    indicator = Indicator.objects.get(code=code)
    period = ReportingPeriod.objects.get(year=year, quarter=quarter)
    form, _ = Submission.objects.get_or_create(
        department=indicator.reporting_department, period=period, defaults={"status": ReviewStatus.SUBMITTED}
    )
    return IndicatorValue.objects.create(
        submission=form,
        indicator=indicator,
        period=period,
        value=D(value),
        is_final=True,
        status=ReviewStatus.SUBMITTED,
    )


def test_worker_recomputes_after_an_approval(real_broker, plan, supervisor, workers):
    scores_recompute(plan=plan)
    value = _submitted_value("T14-NEW-ENERGY-MW", 2023, 4, "797.5")  # 50 % of 1595 MW
    row = Score.objects.filter(level="indicator", indicator_id=value.indicator_id, period_id=value.period_id)
    assert row.get().status == "no_data"
    worker = workers("approval")
    entry.value_approve(value=value, user=supervisor)  # commits → on_commit → Redis → the worker
    _wait_for(lambda: row.get().status == "on_track", timeout=JOB_TIMEOUT, what="the recompute", worker=worker)
    stored = row.get()
    assert (stored.progress, stored.expected, stored.current_value) == (D("50"), D("50"), D("797.5"))
    assert "indicators.scores_marks_drain[" in worker.log()  # the job of the approval's commit ran here
    task = Score.objects.get(level="task", task_id=value.indicator.task_id, period_id=value.period_id)
    assert task.score == D("25")  # (50 + milestone not yet reported 0)/2


def test_killed_worker_leaves_exactly_the_scores_of_a_clean_recompute(real_broker, plan, workers, tmp_path):
    for code, year, quarter, figure in (
        ("T14-NEW-ENERGY-MW", 2023, 4, "797.5"),
        ("T06-IRRIGATION", 2024, 2, "3"),
        ("T12-FOREST-GRASS", 2024, 4, "76.5"),
    ):
        value = _submitted_value(code, year, quarter, figure)
        IndicatorValue.objects.filter(pk=value.pk).update(status=ReviewStatus.APPROVED)
    scores_recompute(plan=plan)
    clean = snapshot(plan)
    # What a lost job leaves: rows of older inputs, each with the digest of its own (older) values — a
    # recompute compares digests (issue 15), so a stale row must carry a digest that is not the clean one.
    Score.objects.filter(plan=plan).update(status="no_data", score=0, rule="过期数据", digest="stale")
    stale = snapshot(plan)
    assert stale != clean

    marker = tmp_path / "writing"
    slow = workers("slow", script=SLOW_WORKER, env={"SCORING_TEST_MARKER": str(marker), "SCORING_TEST_PAUSE": "60"})
    scores_recompute_all_job.delay()
    _wait_for(marker.exists, timeout=JOB_TIMEOUT, what="the recompute to start writing", worker=slow)
    slow.kill()  # in the middle: computed, transaction open, plan row locked, nothing committed, not acked
    assert snapshot(plan) == stale  # nothing half-written

    again = workers(
        "restarted", script=SLOW_WORKER, env={"SCORING_TEST_MARKER": str(tmp_path / "again"), "SCORING_TEST_PAUSE": "0"}
    )
    _wait_for(lambda: snapshot(plan) == clean, timeout=JOB_TIMEOUT, what="the redelivered recompute", worker=again)
    assert "indicators.scores_recompute_plan" in again.log()  # acks_late: the plan's job came back
    time.sleep(1)
    assert snapshot(plan) == clean  # exactly the clean rows: nothing missing, nothing duplicated


def test_fanned_out_nightly_on_two_workers_equals_the_single_process_recompute(
    real_broker, plan, example_plan, workers
):
    """The nightly's group of per-plan jobs, shared by two real workers, leaves the rows the single-process
    recompute leaves, row for row, for every plan."""
    value = _submitted_value("T14-NEW-ENERGY-MW", 2023, 4, "797.5")
    IndicatorValue.objects.filter(pk=value.pk).update(status=ReviewStatus.APPROVED)
    scores_recompute_all()
    clean = {p.pk: snapshot(p) for p in (plan, example_plan)}
    Score.objects.all().delete()
    first, second = workers("fan-a"), workers("fan-b")
    scores_recompute_all_job.delay()
    done = lambda: all(snapshot(p) == clean[p.pk] for p in (plan, example_plan))  # noqa: E731
    _wait_for(done, timeout=JOB_TIMEOUT, what="the fanned-out recompute", worker=first)
    assert "indicators.scores_recompute_plan" in first.log() + second.log()
