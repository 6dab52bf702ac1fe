"""Benchmark of the 公示 page (``make bench`` or ``python -m bench public``; PostgreSQL, see ``bench/__main__``).

Serves the site with gunicorn (``bench.dashboard``'s server: 3 sync workers, DEBUG off), switches the page on,
and has 20 anonymous clients request concurrently the public page ``/public/`` and, as the bare page, the
login page ``/accounts/login/`` (the same layout, anonymous, no data). Prints the median and p95 latency of
each and the ratio public / bare of the medians (goal ≤ 1.5): the public page's body is cached until the data
change (``reports.publication.views``), so under load it is served without a database query (see its module docstring).
Also prints what building the page from scratch costs (cache cleared, one client, in this process).
"""

import statistics
import time

CLIENTS = 20
ROUNDS = 15
RATIO_GOAL = 1.5
PAGES = (("bare", "/accounts/login/", "username"), ("public", "/public/", "public-title"))


def run() -> None:
    import requests

    from bench import dashboard
    from bench.synthetic import database_ensure, synthetic_ensure

    database_ensure()
    synthetic_ensure(n_plans=1)
    from reports.publication.models import Publication

    was = Publication.objects.filter(pk=1, enabled=True).exists()
    Publication(enabled=True).save()
    try:
        with dashboard._gunicorn() as base:
            clients = [requests.Session() for _ in range(CLIENTS)]
            for _name, path, marker in PAGES:  # warm-up: imports, template caches, the page cache
                dashboard._measure(clients, base + path, marker, rounds=1)
            results = {name: dashboard._measure(clients, base + p, m, rounds=ROUNDS) for name, p, m in PAGES}
        _print(results, _rebuild_ms())
    finally:
        Publication(enabled=was).save()


def _rebuild_ms(rounds: int = 10) -> float:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    settings.DEBUG = False
    client, times = Client(), []
    for _ in range(rounds + 1):
        cache.clear()
        began = time.perf_counter()
        assert client.get("/public/").status_code == 200
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times[1:])


def _print(results: dict, rebuild_ms: float) -> None:
    from bench.dashboard import _p95

    print(f"public: gunicorn, {CLIENTS} concurrent anonymous clients, {len(results['public'])} requests per page")
    for name, label in (("bare", "bare page /accounts/login/"), ("public", "公示 page /public/ (cached)")):
        values = results[name]
        print(f"  {label}: median {statistics.median(values):.1f} ms, p95 {_p95(values):.1f} ms")
    ratio = statistics.median(results["public"]) / statistics.median(results["bare"])
    print(
        f"  ratio public / bare (medians): {ratio:.2f} (goal ≤ {RATIO_GOAL}) {'OK' if ratio <= RATIO_GOAL else 'OVER'}"
    )
    print(f"  building the page with an empty cache: {rebuild_ms:.0f} ms (one client, median of 10)")
