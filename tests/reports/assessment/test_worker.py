"""A real Celery worker on Redis generates a large report requested on the page (issue 6, item 4).

Needs PostgreSQL (the worker is another process and must see the committed test data) and Redis, broker
DB 10 (flushed before and after). Off CI the test is skipped with the reason; ``REQUIRE_SERVICES=1`` makes
a missing service fail it. To run locally::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lingqiu_reports REQUIRE_SERVICES=1 \\
        .venv/bin/python -m pytest tests/reports/assessment/test_worker.py

Every wait is bounded; the worker's process group is stopped (or killed) at the end whatever happens.
"""

import io
import os
import signal
import subprocess
import sys
import time
from urllib.parse import quote, urlparse

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from reports.models import ReportJob
from tests.conftest import redis_reachable
from tests.reports.assessment.seed import seed

pytestmark = pytest.mark.services

_URL = urlparse(os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/0")
# The broker this process is configured with (CI: CELERY_BROKER_URL); the app's producer pools are made
# with it, and a pool made earlier in the run keeps its URL, so the worker must listen on the same one.
BROKER = os.environ.get("CELERY_BROKER_URL") or f"redis://{_URL.hostname or '127.0.0.1'}:{_URL.port or 6379}/10"
TIMEOUT = 90  # seconds for the worker to start, and for the job to finish


def _require_services():
    problems = []
    if connection.vendor != "postgresql":
        problems.append(
            "needs PostgreSQL (DATABASE_URL=postgres://…): a worker process cannot see an SQLite test database"
        )
    if not redis_reachable(BROKER):
        problems.append(f"Redis is unreachable at {BROKER}")
    if problems:
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail("; ".join(problems))
        pytest.skip("; ".join(problems))


def _wait_for(predicate, what: str, log) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {TIMEOUT} s waiting for {what}:\n{log()[-3000:]}")


@pytest.fixture
def worker(transactional_db, tmp_path, settings):
    """A ``celery -A lingqiu_portal worker`` on Redis DB 10 and the test database; this process sends to it."""
    _require_services()
    import redis

    from lingqiu_portal.celery import app

    s = connection.settings_dict
    auth = quote(s["USER"] or "") + (f":{quote(s['PASSWORD'])}" if s["PASSWORD"] else "")
    env = os.environ | {
        "DATABASE_URL": f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{quote(s['NAME'])}",
        "CELERY_BROKER_URL": BROKER,
        "CELERY_RESULT_BACKEND": BROKER,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SETTINGS_MODULE": "lingqiu_portal.settings.test",
        "PYTHONUNBUFFERED": "1",
    }
    log_path = tmp_path / "worker.log"
    redis.Redis.from_url(BROKER).flushdb()
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager, app.conf.broker_url = False, BROKER
    app._pool, app.amqp._producer_pool = None, None
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "lingqiu_portal",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "-n",
                f"reports-{os.getpid()}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log = lambda: log_path.read_text(encoding="utf-8", errors="replace")  # noqa: E731
        try:
            _wait_for(lambda: " ready." in log(), "the worker to start", log)
            yield log
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=20)
            app.conf.task_always_eager, app.conf.broker_url = saved
            app._pool, app.amqp._producer_pool = None, None
            redis.Redis.from_url(BROKER).flushdb()


def test_a_worker_generates_the_county_final_assessment(worker, plan, supervisor, client_for):
    seed(plan)
    client = client_for(supervisor)
    response = client.post(reverse("assessment:job_create"), {"scope": "county", "period_kind": "plan"})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("assessment:job_detail", args=[job.pk])
    status = lambda: client.get(reverse("assessment:job_status", args=[job.pk])).json()  # noqa: E731
    _wait_for(lambda: status()["status"] == "done", "the report job", worker)
    assert "reports.report_job_generate" in worker()
    body = status()
    assert body["progress"] == 100 and body["as_of"] == "2025年第4季度"
    download = client.get(body["download_url"])
    wb = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert wb.sheetnames == ["汇总", "任务", "指标", "部门考核", "填报及时性", "里程碑"]
