"""Benchmark of the score recompute (``make bench``; PostgreSQL, see ``bench/__main__``).

On the synthetic set of 100 plans of this plan's size (``bench.synthetic``: ≈ 3,300 indicators ×
20 quarters ≈ 80,000 approved figures), it prints:

* the full recompute of every plan — cold (no stored scores: every row written) and nightly (scores
  already stored, nothing changed: read, compute, compare) — the time one plain SELECT takes to read
  the same approved figures in the same run, and their ratio (goal ≤ 3);
* the incremental recompute after one approval: time (goal < 50 ms, median of several approvals)
  and query count, for 1 plan (a separate database ``<name>_one`` holding one synthetic plan) and
  for 100 plans — the count must not grow with the number of plans;
* the floors of the same run (``bench.recompute_floors``): cold = one SELECT of the inputs + a COPY of the
  same number of score rows into a table shaped like the score table with its indexes; nightly = that SELECT +
  one SELECT of the stored scores; the cold and nightly ratios against them (goal ≤ 3 each), and the nightly
  fanned out on real Celery workers with 1 and 2 processes (goal: 2 ≤ 0.65 × 1; needs CELERY_BROKER_URL);
* the worker's peak memory: max RSS of a fresh process (Django set up, as a worker) running the cold
  full recompute of every plan.
"""

import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc

N_PLANS = 100
RATIO_GOAL = 3.0
WORKERS_GOAL = 0.65  # nightly wall time with 2 worker processes / with 1
INCREMENTAL_GOAL_MS = 50
APPROVALS = 7


def run() -> None:
    from bench.synthetic import database_ensure, synthetic_ensure

    database_ensure()
    plans = synthetic_ensure(n_plans=N_PLANS)
    logging.getLogger("indicators.scoring.services").setLevel(logging.WARNING)
    from django.conf import settings

    settings.DEBUG = False  # no query log (another benchmark may have set Django up with DEBUG on)
    values, select_s = _select_time()
    heap = _child("heap")  # a fresh process, like a worker: the Python heap of a cold full recompute
    cold = _child("full")  # the same, timed without tracing: time and peak RSS
    _vacuum()  # as autovacuum would after 200,000 rows were rewritten twice: fresh statistics, no dead rows
    nightly_s = _timed_full()
    floors = _floors(select_s)
    many = _incremental(plans[0])
    one = _child("incremental", database=_one_database())
    _print(len(plans), values, select_s, cold | {"heap_mb": heap["heap_mb"]}, nightly_s, one, many)
    _print_floors(cold["seconds"], nightly_s, floors)


def _floors(select_s: float) -> dict:
    """The honest floors of this run (``bench.recompute_floors``) and the nightly on 1 and 2 worker processes."""
    from bench.recompute_floors import copy_floor, nightly_on_workers, stored_select_floor
    from indicators.scoring.services import plans_recomputed

    copied, copy_s = copy_floor()
    stored_s = stored_select_floor()
    jobs = plans_recomputed().count()
    workers = {n: nightly_on_workers(concurrency=n, n_jobs=jobs) for n in (1, 2)}
    return {"select_s": select_s, "copy_s": copy_s, "copied": copied, "stored_s": stored_s, "workers": workers}


def _print_floors(cold_s: float, nightly_s: float, floors: dict) -> None:
    cold_floor = floors["select_s"] + floors["copy_s"]
    nightly_floor = floors["select_s"] + floors["stored_s"]
    print(
        f"  floor, cold: SELECT of the inputs + COPY of {floors['copied']:,} score rows (table with the score "
        f"table's indexes): {cold_floor * 1000:8.0f} ms"
    )
    print(f"  floor, nightly: SELECT of the inputs + SELECT of the stored scores:  {nightly_floor * 1000:8.0f} ms")
    for label, seconds, floor in (("cold", cold_s, cold_floor), ("nightly", nightly_s, nightly_floor)):
        ratio = seconds / floor
        verdict = "OK" if ratio <= RATIO_GOAL else "OVER"
        print(f"  {label} recompute / its floor: {ratio:6.1f} (goal ≤ {RATIO_GOAL:g}) {verdict}")
    one, two = floors["workers"][1], floors["workers"][2]
    if one is None or two is None:
        print("  nightly on Celery workers: skipped (set CELERY_BROKER_URL to a Redis the bench may use)")
        return
    share = two / one
    verdict = "OK" if share <= WORKERS_GOAL else "OVER"
    print(
        f"  nightly fanned out (one job per plan): 1 worker {one:6.1f} s, 2 workers {two:6.1f} s, "
        f"2/1 = {share:.2f} (goal ≤ {WORKERS_GOAL:g}) {verdict}; cores on this machine: {os.cpu_count()}"
    )


def _select_time() -> tuple[int, float]:
    """The approved figures of every plan read by one plain SELECT (best of 3): (rows, seconds)."""
    from django.db import connection

    best = None
    for _ in range(3):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT v.indicator_id, p.year, p.quarter, v.is_final, v.value "
                "FROM indicators_indicatorvalue v JOIN indicators_reportingperiod p ON p.id = v.period_id "
                "WHERE v.status = 'approved' AND v.value IS NOT NULL"
            )
            rows = cursor.fetchall()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return len(rows), best


def _scores_delete() -> None:
    """Empty the stored scores (so that the next full recompute writes every row)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM indicators_score")


def _vacuum() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE indicators_score")


def _timed_full(*, cold: bool = False) -> float:
    from indicators.scoring.services import scores_recompute_all

    start = time.perf_counter()
    report = scores_recompute_all()
    elapsed = time.perf_counter() - start
    assert (report.created > 0) if cold else (report.changed == 0), report  # cold: all new; nightly: a re-check
    return elapsed


def _incremental(plan) -> dict:
    """Median time and the query counts of APPROVALS incremental recomputes on ``plan`` (figures changed
    as an approval would change them, then recomputed exactly as the Celery job does)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from indicators.models import IndicatorValue
    from indicators.scoring.services import scores_recompute_incremental

    values = list(
        IndicatorValue.objects.filter(
            indicator__task__system__plan=plan, is_final=True, period__year=2024, period__quarter=2
        ).order_by("indicator_id")[:APPROVALS]
    )
    times, counts = [], set()
    for value in values:
        IndicatorValue.objects.filter(pk=value.pk).update(value=value.value + 1)
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            scores_recompute_incremental(indicator_id=value.indicator_id, period_id=value.period_id)
            times.append(time.perf_counter() - start)
        counts.add(sum(1 for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))))
    return {"median_ms": statistics.median(times) * 1000, "max_ms": max(times) * 1000, "queries": sorted(counts)}


def _one_database() -> str:
    url = os.environ["DATABASE_URL"]
    return url.rsplit("/", 1)[0] + "/" + url.rsplit("/", 1)[1].split("?")[0] + "_one"


def _child(mode: str, *, database: str | None = None) -> dict:
    """Run ``python -m bench.recompute <mode>`` in a fresh interpreter; returns its JSON answer."""
    env = os.environ | ({"DATABASE_URL": database} if database else {})
    output = subprocess.run(
        [sys.executable, "-m", "bench.recompute", mode], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def _child_main(mode: str) -> None:
    from bench.synthetic import database_ensure, synthetic_ensure

    database_ensure()
    logging.disable(logging.INFO)
    if mode in ("full", "heap"):  # what a worker process holds: Django and the app, then the job
        import django

        django.setup()
        _scores_delete()
        before = _rss_mb()
        if mode == "heap":
            tracemalloc.start()
        seconds = _timed_full(cold=True)
        heap = tracemalloc.get_traced_memory()[1] / 2**20 if mode == "heap" else None
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        answer = {"seconds": seconds, "maxrss_mb": peak, "before_mb": before, "heap_mb": heap, "rows": _score_rows()}
    else:
        plans = synthetic_ensure(n_plans=1)
        from tasks.models import Plan

        answer = _incremental(plans[0]) | {"plans": Plan.objects.count()}
    print(json.dumps(answer))


def _rss_mb() -> float:
    """Current resident memory of this process (Linux /proc), in MB."""
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def _score_rows() -> int:
    from indicators.models import Score

    return Score.objects.count()


def _print(n_plans, values, select_s, cold, nightly_s, one, many) -> None:
    from indicators.models import Indicator

    indicators = Indicator.objects.count()
    print(
        f"recompute: {n_plans} synthetic plans (+ the loaded plan), {indicators:,} indicators, "
        f"{values:,} approved figures, {cold['rows']:,} stored scores"
    )
    print(f"  plain SELECT of the approved figures:            {select_s * 1000:8.0f} ms")
    for label, seconds in (
        ("full recompute, cold (every row written)", cold["seconds"]),
        ("full recompute, nightly (nothing changed)", nightly_s),
    ):
        ratio = seconds / select_s
        verdict = "OK" if ratio <= RATIO_GOAL else "OVER"
        print(f"  {label + ':':<48} {seconds * 1000:8.0f} ms  ratio {ratio:6.1f} (goal ≤ {RATIO_GOAL:g}) {verdict}")
    for label, answer in ((f"1 plan ({one['plans']} in its database)", one), (f"{n_plans} plans", many)):
        verdict = "OK" if answer["median_ms"] < INCREMENTAL_GOAL_MS else "OVER"
        print(
            f"  incremental after one approval, {label + ':':<26} {answer['median_ms']:6.1f} ms median "
            f"(max {answer['max_ms']:.1f}; goal < {INCREMENTAL_GOAL_MS} ms) {verdict}; "
            f"queries {'/'.join(map(str, answer['queries']))}"
        )
    same = one["queries"] == many["queries"]
    print(f"  query count 1 plan vs {n_plans} plans: {'the same' if same else 'DIFFERENT'}")
    print(
        f"  worker peak memory (fresh process, cold full recompute of every plan): {cold['maxrss_mb']:.0f} MB "
        f"max RSS ({cold['before_mb']:.0f} MB resident after Django setup); Python heap peak during the "
        f"recompute {cold['heap_mb']:.1f} MB (tracemalloc)"
    )


if __name__ == "__main__":
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lingqiu_bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "lingqiu_portal.settings.dev"  # as bench/__main__.py
    os.environ["DEBUG"] = "False"
    _child_main(sys.argv[1])
