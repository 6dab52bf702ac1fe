"""One assessment report (考核报表) as plain data: the single source of the workbook, the CSV and the page.

``assessment_report(params=...)`` reads the stored ``indicators.models.Score`` rows of the plan (never
recomputes), the plan structure, the approved figures and milestone reports, evidence counts, vetoes and
submission timeliness, and returns an ``AssessmentReport``: six sheets (汇总, 任务, 指标, 部门考核,
填报及时性, 里程碑), each a list of tables of typed cells. ``reports.exports.xlsx`` writes it to a workbook,
``reports.exports.csv`` writes the indicator table, and the HTML page renders ``cell_text`` of the same
cells — so the page and the workbook cannot disagree.

Units: scores and grade bounds in points (0–100); ``PERCENT`` cells hold percent on the 0–100 scale as
stored in ``Score`` (the workbook writes them as fractions with a ``0.0%`` format); ``MEASURE`` cells hold
a value in the indicator's unit (%, µg/m³, MW, 个 …) with the indicator's decimal places.

Periods: a quarter report uses that quarter's scores; a year report uses Q4 of the year or, before Q4
has scores, the latest quarter of the year with scores; the plan-period report (终期评估) uses the plan's
target year Q4 (2025Q4) or the latest quarter with scores, plus one column per year (each year's
report period). A fixed number of queries whatever the plan's size (pinned in the tests).

Modules: ``data`` loads the context, ``sheets`` builds the six sheets, ``cells`` holds the report's shape,
its parameters and how a cell reads; this module assembles them (and keeps ``ReportParams``, ``cell_text``
… importable from here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import timezone

from indicators.models import ReportingPeriod
from indicators.recompute.selectors import scores_pending_notice
from reports.assessment import data
from reports.assessment.cells import (  # noqa: F401  the report's vocabulary, importable from here
    COUNTY,
    DATE,
    DATETIME,
    DELTA,
    DEPARTMENT,
    INT,
    MEASURE,
    NUMERIC_KINDS,
    PERCENT,
    PLAN,
    QUARTER,
    SCORE,
    STATUS,
    TEXT,
    YEAR,
    AssessmentReport,
    Badge,
    Column,
    Measure,
    ReportParams,
    Sheet,
    Table,
    cell_number,
    cell_text,
    report_display,
)
from reports.assessment.sheets import SHEETS
from reports.assessment.sheets import gettext_cached as _

Progress = Callable[[int], None]


def assessment_report(
    *, params: ReportParams, today: dt.date | None = None, progress: Progress | None = None
) -> AssessmentReport:
    """Assemble one report from stored scores. ``progress(pct)`` is called with 0–100 as parts finish.

    Raises ``ReportingPeriod.DoesNotExist`` for a quarter that has no reporting period and
    ``Plan.DoesNotExist`` / ``Department.DoesNotExist`` for unknown ids.
    """
    step = progress or (lambda pct: None)
    ctx = data.context_load(params=params, today=today or timezone.localdate())
    step(20)
    report = AssessmentReport(
        title=_("%(plan)s %(scope)s%(period)s考核报表")
        % {"plan": ctx.plan.name, "scope": ctx.scope_label, "period": ctx.period_label},
        scope_label=ctx.scope_label,
        period_label=ctx.period_label,
        as_of_label=_period_label(ctx.as_of),
        report_date=ctx.today,
        config_version=ctx.config_version,
        rules=ctx.rules,
        sheets=[],
        as_of_id=getattr(ctx.as_of, "pk", None),
        pending_notice=scores_pending_notice(plan_id=ctx.plan.pk),
    )
    for number, build in enumerate(SHEETS, 1):
        report.sheets.append(build(ctx))
        step(20 + 10 * number)
    return report


def _period_label(period: ReportingPeriod | None) -> str:
    """The quarter's one name, ``str(ReportingPeriod)`` ("2025年第4季度"), as on the dashboard."""
    if period is None:
        return _("无评分数据")
    return str(period)
