"""Benchmark of the leadership dashboard (``make bench``; PostgreSQL, see ``bench/__main__``).

Serves the site with gunicorn — a subprocess on 127.0.0.1 at a free port, on the benchmark database,
DEBUG off, 3 sync workers as in docker-compose.yml — logs 20 clients in through the login form as the
leadership demo account (lingdao), and has them request concurrently:

* the overview ``/dashboard/`` (plan score, six systems, the 23 tasks × quarters heat map, early
  warnings, overdue forms, department ranking, with their plotly figures), and
* a bare page behind the same login, ``/dashboard/ping/``: the site's layout and nothing else.

It prints the median and p95 latency of each and their ratio overview / bare (goal ≤ 2). Bounded:
after one warm-up request per client and page, 20 clients × 15 requests per page. The overview's body
is cached until the data change (``reports.dashboard.views.overview``), so it also prints what rebuilding it
costs: the overview with an empty cache, one client, in this process (median of 10).

Data: ``bench.synthetic`` (copies of the plan with approved figures, submissions and stored scores, shared
with the other benchmarks); the overview shows the current plan. ``python -m bench dashboard`` runs it alone.
"""

import contextlib
import logging
import os
import socket
import statistics
import subprocess
import sys
import threading
import time

N_PLANS = 100
CLIENTS = 20
ROUNDS = 15
WORKERS = 3
RATIO_GOAL = 2.0
USERNAME, PASSWORD = "lingdao", "lingqiu2025"
PAGES = (("bare", "/dashboard/ping/", "在线"), ("overview", "/dashboard/", "chart-heatmap"))


def run() -> None:
    from bench.synthetic import database_ensure, synthetic_ensure

    database_ensure()
    logging.getLogger("indicators.scoring.services").setLevel(logging.WARNING)  # one line per plan otherwise
    synthetic_ensure(n_plans=N_PLANS)
    _accounts_ensure()
    _analyze()
    with _gunicorn() as base:
        clients = _login_all(base)
        for _name, path, marker in PAGES:  # warm-up: imports, template caches, connections
            _measure(clients, base + path, marker, rounds=1)
        results = {name: _measure(clients, base + path, marker, rounds=ROUNDS) for name, path, marker in PAGES}
    _print(results, _rebuild_ms())


def _accounts_ensure() -> None:
    from responsibilities.services import demo_accounts_ensure, roles_sync

    roles_sync()
    demo_accounts_ensure()


def _analyze() -> None:
    """Fresh planner statistics after the bulk load (autovacuum would do it later): without them
    PostgreSQL misjudges the approved figures and JIT-compiles a sub-millisecond query."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _gunicorn():
    """gunicorn serving the site on a free local port; yields its base URL; always stopped at the end."""
    port = _free_port()
    env = os.environ | {"DEBUG": "False", "ALLOWED_HOSTS": "127.0.0.1", "LOG_LEVEL": "WARNING"}
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "lingqiu_portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(WORKERS),
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process, timeout: float = 60) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with code {process.returncode}")
        try:
            if requests.get(base + "/accounts/login/", timeout=10).status_code == 200:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer within 60 s")


def _login(base: str):
    """A requests.Session signed in through the login form (CSRF token from the form's cookie)."""
    import requests

    session = requests.Session()
    session.get(base + "/accounts/login/", timeout=30)
    response = session.post(
        base + "/accounts/login/",
        timeout=30,
        allow_redirects=False,
        data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
    )
    if response.status_code != 302:
        raise RuntimeError(f"login as {USERNAME} failed: HTTP {response.status_code}")
    return session


def _login_all(base: str) -> list:
    return [_login(base) for _ in range(CLIENTS)]


def _measure(clients: list, url: str, marker: str, *, rounds: int) -> list[float]:
    """Every client requests ``url`` ``rounds`` times, all clients at once; returns latencies in ms."""
    latencies, errors, lock = [], [], threading.Lock()
    start = threading.Barrier(len(clients))

    def client(session):
        start.wait()
        for _ in range(rounds):
            began = time.perf_counter()
            response = session.get(url, timeout=60, allow_redirects=False)
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status_code != 200 or marker not in response.text:
                    errors.append(f"{url}: HTTP {response.status_code}")

    threads = [threading.Thread(target=client, args=(session,)) for session in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[0]}")
    return latencies


def _rebuild_ms(rounds: int = 10) -> float:
    """Median ms of the overview built from scratch (cache cleared before each request), one client."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    settings.DEBUG = False
    client = Client()
    client.force_login(get_user_model().objects.get(username=USERNAME))
    times = []
    for _ in range(rounds + 1):  # the first one warms templates up
        cache.clear()
        began = time.perf_counter()
        assert client.get("/dashboard/").status_code == 200
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times[1:])


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def _print(results: dict, rebuild_ms: float) -> None:
    bare, overview = results["bare"], results["overview"]
    print(
        f"dashboard: gunicorn {WORKERS} workers, {CLIENTS} concurrent clients logged in as {USERNAME}, "
        f"{len(overview)} requests per page"
    )
    for name, label in (("bare", "bare page /dashboard/ping/"), ("overview", "overview /dashboard/")):
        values = results[name]
        print(f"  {label:30} median {statistics.median(values):7.1f} ms   p95 {_p95(values):7.1f} ms")
    ratio_median = statistics.median(overview) / statistics.median(bare)
    ratio_p95 = _p95(overview) / _p95(bare)
    verdict = "OK" if ratio_median <= RATIO_GOAL else "ABOVE GOAL"
    print(
        f"  ratio overview / bare          median {ratio_median:7.2f}      p95 {ratio_p95:7.2f}   "
        f"(goal ≤ {RATIO_GOAL:g}: {verdict})"
    )
    print(f"  overview rebuilt after a data change (empty cache, 1 client, in-process): median {rebuild_ms:.1f} ms")
