"""Helpers of the stored-score tests: approved figures, forms and milestone reports written directly (the
workflow is tested elsewhere), stored rows by key.

Hand-worked figures use task 14 (调整能源结构): one indicator T14-NEW-ENERGY-MW (≥ 1595 MW, no
baseline, quarterly, reported by 县能源局 ``energy``) and one milestone T14-M1.
"""

import datetime as dt
from decimal import Decimal as D

from django.utils import timezone

from indicators.models import (
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    Submission,
)
from responsibilities.models import Department
from tasks.models import Milestone

TODAY = dt.date(2026, 11, 30)
ENERGY = "T14-NEW-ENERGY-MW"
L = Score.Level


def period(year, quarter) -> ReportingPeriod:
    return ReportingPeriod.objects.get(year=year, quarter=quarter)


def approve(code, year, quarter, value, *, final=True) -> IndicatorValue:
    """An approved figure written directly (the workflow is tested elsewhere)."""
    row, _ = IndicatorValue.objects.update_or_create(
        indicator=Indicator.objects.get(code=code),
        period=period(year, quarter),
        is_final=final,
        defaults={"value": D(value), "status": ReviewStatus.APPROVED},
    )
    return row


def submission(code, year, quarter, *, submitted_on=None, returned=0) -> Submission:
    at = None
    if submitted_on is not None:
        at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(10)))
    sub, _ = Submission.objects.update_or_create(
        department=Department.objects.get(code=code),
        period=period(year, quarter),
        defaults={
            "first_submitted_at": at,
            "submitted_at": at,
            "returned_count": returned,
            "status": ReviewStatus.SUBMITTED if at else ReviewStatus.DRAFT,
        },
    )
    return sub


def milestone_report(code, year, quarter, state, percent=None, department="energy") -> MilestoneReport:
    return MilestoneReport.objects.create(
        submission=submission(department, year, quarter, submitted_on=period(year, quarter).due_on),
        milestone=Milestone.objects.get(code=code),
        period=period(year, quarter),
        state=state,
        percent_done=None if percent is None else D(percent),
        status=ReviewStatus.APPROVED,
        reviewed_at=timezone.now(),
    )


def score(level, obj, year, quarter) -> Score:
    link = {} if level == L.PLAN else {level: obj}
    return Score.objects.get(level=level, period=period(year, quarter), **link)


# The stored fields of a score row that a recompute decides (no id, no time stamps, no digest).
SCORE_FIELDS = (
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


def snapshot(plan) -> dict:
    """Every stored row of the plan, by key, without id and time stamps."""
    fields = SCORE_FIELDS
    rows = Score.objects.filter(plan=plan).values(*fields)
    return {tuple(r[f] for f in fields[:6]): r for r in rows}
