"""Floors of the full recompute measured in the same run (part of ``bench.recompute``; PostgreSQL).

* cold floor: one SELECT of the inputs (the approved figures) + a COPY of as many score rows as the recompute
  stores into a table shaped like the score table, with its indexes (``LIKE indicators_score INCLUDING ALL``);
* nightly floor: the same SELECT + one SELECT of every stored score;
* the nightly wall time on real Celery workers (``celery -A lingqiu_portal worker``) with 1 and with 2
  processes: enqueue ``scores_recompute_all_job`` (one job per plan, a group) and wait until every plan's
  job has succeeded (read from the worker's log). Needs CELERY_BROKER_URL (Redis); skipped without it.
"""

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORKER_START_TIMEOUT = 120
WORKER_RUN_TIMEOUT = 1800


def copy_floor() -> tuple[int, float]:
    """(rows, seconds) of COPY … FROM STDIN of every stored score into an empty table shaped like
    indicators_score with its indexes (best of 3; the rows are exported once beforehand, untimed)."""
    from django.db import connection

    with connection.cursor() as cursor:
        data = io.StringIO()
        cursor.copy_expert("COPY (SELECT * FROM indicators_score) TO STDOUT", data)
        rows = data.getvalue().count("\n")
        best = None
        for _ in range(3):
            cursor.execute("DROP TABLE IF EXISTS bench_score_floor")
            cursor.execute("CREATE TABLE bench_score_floor (LIKE indicators_score INCLUDING ALL)")
            data.seek(0)
            start = time.perf_counter()
            cursor.copy_expert("COPY bench_score_floor FROM STDIN", data)
            elapsed = time.perf_counter() - start
            best = elapsed if best is None else min(best, elapsed)
        cursor.execute("DROP TABLE bench_score_floor")
    return rows, best


def stored_select_floor() -> float:
    """Seconds of one SELECT of every stored score (best of 3)."""
    from django.db import connection

    best = None
    for _ in range(3):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM indicators_score")
            cursor.fetchall()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best


def nightly_on_workers(*, concurrency: int, n_jobs: int) -> float | None:
    """Wall time (s) from enqueueing the nightly to the last of its ``n_jobs`` plan jobs succeeding, on one
    real worker with ``concurrency`` processes; None without CELERY_BROKER_URL."""
    broker = os.environ.get("CELERY_BROKER_URL")
    if not broker:
        return None
    from lingqiu_portal.celery import app

    log_path = Path(tempfile.mkstemp(prefix=f"bench-worker-{concurrency}-", suffix=".log")[1])
    env = os.environ | {"CELERY_RESULT_BACKEND": os.environ.get("CELERY_RESULT_BACKEND", broker)}
    command = [sys.executable, "-m", "celery", "-A", "lingqiu_portal", "worker", "--loglevel=INFO"]
    command += [f"--concurrency={concurrency}", "--pool=prefork", "-n", f"bench{concurrency}@%h", "--without-gossip"]
    command += ["--without-mingle", "--without-heartbeat", "--prefetch-multiplier=1"]
    with open(log_path, "w") as log:
        worker = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait(lambda: " ready." in log_path.read_text(errors="replace"), WORKER_START_TIMEOUT, log_path)
        saved = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            start = time.perf_counter()
            app.send_task("indicators.scores_recompute_all")
            done = lambda: _succeeded(log_path) >= n_jobs  # noqa: E731
            _wait(done, WORKER_RUN_TIMEOUT, log_path)
            return time.perf_counter() - start
        finally:
            app.conf.task_always_eager = saved
    finally:
        os.killpg(worker.pid, 15)
        worker.wait(timeout=60)


def _succeeded(log_path: Path) -> int:
    text = log_path.read_text(errors="replace")
    return sum(1 for line in text.splitlines() if "indicators.scores_recompute_plan[" in line and "succeeded" in line)


def _wait(predicate, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            tail = "\n".join(log_path.read_text(errors="replace").splitlines()[-20:])
            raise TimeoutError(f"bench worker: gave up after {timeout:.0f} s\n{tail}")
        time.sleep(0.05)
