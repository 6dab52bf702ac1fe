"""Benchmark of the assessment workbook (``make bench``; PostgreSQL, see ``bench/__main__``).

On the synthetic set of 100 plans of this plan's size (``bench.synthetic.synthetic_ensure``, shared with
the other benchmarks; stored scores recomputed), it generates the county-wide plan-period report (终期评估
2022–2025) of every plan — stored scores read, six sheets assembled and written with styles — and, in
the same run, the time openpyxl's write-only mode takes to write the same cells as plain values (no
styles, no database). Goals: ratio ≤ 2; peak memory under 200 MB (the Python heap during the exports,
tracemalloc, and the whole process of one export in a fresh interpreter, ru_maxrss).
"""

import io
import logging
import os
import resource
import subprocess
import sys
import time
import tracemalloc

N_PLANS = 100
RATIO_GOAL = 2.0
MEMORY_GOAL_MB = 200


def run() -> None:
    from bench.synthetic import database_ensure, synthetic_ensure

    database_ensure()
    logging.getLogger("indicators.scoring.services").setLevel(logging.WARNING)
    plans = synthetic_ensure(n_plans=N_PLANS)  # sets Django up, migrates; scores recomputed where missing
    from django.conf import settings

    settings.DEBUG = False  # no query log (another benchmark may have set Django up with DEBUG on)
    t = _timed(plans)
    _print(t, len(plans), heap_mb=_heap_peak_mb(plans[:10]), rss_mb=_process_peak_mb(plans[-1].pk))


def _print(t: dict, n: int, *, heap_mb: float, rss_mb: float) -> None:
    export_s = t["read"] + t["write"]
    ratio = export_s / t["raw"]
    print(f"reports: {n} county-wide plan-period workbooks (终期评估), {t['cells']:,} cells, {t['bytes'] / 1e6:.1f} MB")
    print(
        f"  export: {export_s:.2f} s ({export_s / n * 1000:.0f} ms per workbook) = read stored scores and data "
        f"{t['read']:.2f} s + write 6 styled sheets {t['write']:.2f} s"
    )
    print(
        f"  openpyxl write-only, the same cells as plain values: {t['raw']:.2f} s "
        f"({t['raw'] / n * 1000:.0f} ms per workbook)"
    )
    print(
        f"  ratio export / write-only: {ratio:.2f} (goal ≤ {RATIO_GOAL}) {'OK' if ratio <= RATIO_GOAL else 'OVER'}"
        f"; styled writing alone / write-only: {t['write'] / t['raw']:.2f}"
    )
    print(
        f"  peak memory: Python heap during exports {heap_mb:.1f} MB; one export in a fresh process "
        f"{rss_mb:.0f} MB max RSS (goal < {MEMORY_GOAL_MB} MB) {'OK' if rss_mb < MEMORY_GOAL_MB else 'OVER'}"
    )


def _report(plan_id: int):
    from reports.assessment.report import ReportParams, assessment_report

    return assessment_report(params=ReportParams(plan_id, "county", None, "plan"))


def _timed(plans) -> dict:
    """Seconds summed over the plans, after one warm-up: "read" (stored scores and data → the report's
    cells), "write" (the six styled sheets), "raw" (write-only, plain values); plus cells and bytes."""
    from reports.exports.xlsx import workbook_bytes

    workbook_bytes(_report(plans[0].pk))  # warm-up: imports, connection, caches
    total = dict.fromkeys(("read", "write", "raw", "cells", "bytes"), 0)
    for plan in plans:
        start = time.perf_counter()
        report = _report(plan.pk)
        read = time.perf_counter()
        data = workbook_bytes(report)
        total["read"] += read - start
        total["write"] += time.perf_counter() - read
        rows = _plain_rows(report)
        start = time.perf_counter()
        _write_only(rows)
        total["raw"] += time.perf_counter() - start
        total["cells"] += report.cell_count
        total["bytes"] += len(data)
    return total


def _plain_rows(report) -> list[tuple[str, list[list]]]:
    """The report's cells as plain Python values (float, int, str, date), sheet by sheet, like the workbook."""
    from reports.assessment import report as a

    def plain(value, kind):
        if value is None or value == "":
            return None
        if kind == a.STATUS:
            return value.label
        if kind in (a.SCORE, a.PERCENT, a.DELTA, a.MEASURE):
            number = a.cell_number(value, kind)
            return float(number / 100 if kind in (a.PERCENT, a.DELTA) else number)
        return str(value) if kind == a.TEXT else value

    sheets = []
    for sheet in report.sheets:
        rows = [[sheet.heading], ["报告日期", report.report_date]]
        for table in sheet.tables:
            rows.append([c.header for c in table.columns])
            rows += [[plain(v, c.kind) for v, c in zip(row, table.columns, strict=True)] for row in table.rows]
        sheets.append((sheet.name, rows))
    return sheets


def _write_only(sheets) -> int:
    """Write the plain rows with openpyxl's write-only mode (the baseline): bytes written."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return len(buffer.getvalue())


def _heap_peak_mb(plans) -> float:
    """Peak of Python allocations (tracemalloc) while exporting ``plans`` one after the other."""
    from reports.exports.xlsx import workbook_bytes

    tracemalloc.start()
    for plan in plans:
        workbook_bytes(_report(plan.pk))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 2**20


def _process_peak_mb(plan_id: int) -> float:
    """Max RSS of a fresh interpreter that sets Django up and exports one plan's workbook."""
    code = (
        "import django; django.setup();"
        "from bench.export import _report; from reports.exports.xlsx import workbook_bytes;"
        f"workbook_bytes(_report({plan_id}))"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        env=os.environ.copy(),
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
