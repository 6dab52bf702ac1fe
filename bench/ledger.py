"""Benchmark of the 台账 ZIP (``make bench`` or ``python -m bench ledger``; PostgreSQL, see ``bench/__main__``).

Attaches ~200 MB of generated evidence (40 incompressible files of 5 MiB, written to MEDIA_ROOT in chunks)
to approved figures of the loaded plan (the demo figures, loaded when missing), then builds the county
ledger in a fresh interpreter and prints its peak memory (ru_maxrss of that process) next to the same build
with one small file. Goal: under 200 MB whatever the evidence size (the ZIP is written as it goes and each
file copied in 1 MiB chunks, ``reports.ledger.build``).
"""

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time

N_FILES = 40
FILE_MB = 5
MEMORY_GOAL_MB = 200
MARK = "压测佐证"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run() -> None:
    media = os.environ.setdefault("MEDIA_ROOT", os.path.join(tempfile.gettempdir(), "lingqiu-bench-media"))
    from bench.synthetic import BASE_CODE, django_ready

    django_ready()
    from django.conf import settings

    settings.DEBUG = False
    small = _measure(BASE_CODE, n_files=1, file_mb=1, media=media)
    large = _measure(BASE_CODE, n_files=N_FILES, file_mb=FILE_MB, media=media)
    print(f"ledger: county 台账 ZIP of {BASE_CODE}, built in a fresh interpreter (MEDIA_ROOT {media})")
    for label, (files, mb, seconds, rss) in (("small", small), ("large", large)):
        print(f"  {label}: {files} evidence files, ZIP {mb:.0f} MB → {seconds:.1f} s, {rss:.0f} MB max RSS")
    verdict = "OK" if large[3] < MEMORY_GOAL_MB else "OVER"
    print(f"  peak memory with a {large[1]:.0f} MB ZIP: {large[3]:.0f} MB (goal < {MEMORY_GOAL_MB} MB) {verdict}")
    print(f"  growth from a {small[1]:.0f} MB to a {large[1]:.0f} MB ZIP: {large[3] - small[3]:+.0f} MB RSS")


def _measure(plan_code: str, *, n_files: int, file_mb: int, media: str) -> tuple[int, float, float, float]:
    """(evidence files, ZIP size in MB, seconds, max RSS in MB) of one build in a fresh interpreter."""
    _evidence_ensure(plan_code, n_files=n_files, file_mb=file_mb)
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ledger.zip")
        code = (
            "import resource, django; django.setup();"
            "from tasks.models import Plan; from reports.ledger.services import ledger_export;"
            f"ledger_export(plan=Plan.objects.get(code={plan_code!r}), out={out!r});"
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"
        )
        env = os.environ.copy() | {"MEDIA_ROOT": media, "DEBUG": "False"}
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", code], check=True, env=env, cwd=ROOT, capture_output=True, text=True
        )
        seconds = time.perf_counter() - started
        rss = float(done.stdout.strip().splitlines()[-1])
        zip_mb = os.path.getsize(out) / 1e6
    return n_files, zip_mb, seconds, rss


def _evidence_ensure(plan_code: str, *, n_files: int, file_mb: int) -> None:
    """Replace the bench's evidence by ``n_files`` files of ``file_mb`` MiB (random bytes, in 1 MiB chunks)."""
    from django.core.files.storage import default_storage

    from indicators.demo.data import demo_load
    from indicators.models import Evidence, IndicatorValue, ReviewStatus

    for item in Evidence.objects.filter(original_name__startswith=MARK):
        default_storage.delete(item.file.name)
        item.delete()
    values = IndicatorValue.objects.filter(indicator__task__system__plan__code=plan_code, status=ReviewStatus.APPROVED)
    if values.count() < n_files:
        demo_load(today=dt.date(2026, 2, 15))
    for n, value in enumerate(values.order_by("pk")[:n_files]):
        name = f"evidence/bench/{MARK}-{n:03d}.bin"
        path = default_storage.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as handle:
            for _ in range(file_mb):
                handle.write(os.urandom(1024 * 1024))
        Evidence.objects.create(
            value=value,
            file=name,
            original_name=f"{MARK}{n:03d}.pdf",
            content_type="application/pdf",
            size=file_mb * 1024 * 1024,
        )
