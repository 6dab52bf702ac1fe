"""Early warnings (预警) of the dashboard: indicators behind their expected progress, missing their target
or waiting for a yearly target, and departments that owe a quarter's form after its due date (逾期未报)."""

import datetime as dt

from django.db.models import F, OuterRef, Q, Subquery

from indicators.entry.timeliness import TimelinessKind, timeliness_table
from indicators.models import Indicator, IndicatorValue, ReportingPeriod, ReviewStatus, Score, ScoreStatus, TargetKind
from reports.dashboard.selectors.common import SCORE_FIELDS
from reports.dashboard.selectors.periods import upto
from responsibilities.models import Department, TaskAssignment
from tasks.models import Plan

WARNING_STATUSES = (ScoreStatus.SERIOUSLY_LAGGING, ScoreStatus.MISSED, ScoreStatus.LAGGING)
# Early-warning order: the worst first.
WARNING_RANK = {ScoreStatus.MISSED: 0, ScoreStatus.SERIOUSLY_LAGGING: 1, ScoreStatus.LAGGING: 2}


def indicator_warnings(*, plan: Plan, period: ReportingPeriod, department_id: int | None = None) -> list[dict]:
    """预警: indicators that are 滞后, 严重滞后 or 未完成 at ``period``, or whose forecast misses the target,
    or ones with a figure but no target for its year (stored status 目标未下达, ``engine.Status.NO_TARGET``:
    left out of the roll-ups; the supervisors are also notified, ``scoring.services.no_target``).

    Rows (worst first, 目标未下达 last): {"indicator_id", "code", "name", "unit", "task_number", "dept_id",
    "dept_name", "status", "progress", "expected", "forecast", "forecast_met", "data_year", "reasons":
    [status codes and/or "forecast_miss" / "target_missing"]}. Only ``department_id``'s indicators when given. 1 query.
    """
    no_target = Q(status=ScoreStatus.NO_TARGET, current_value__isnull=False)
    rows = Score.objects.filter(level=Score.Level.INDICATOR, period=period, indicator__task__system__plan=plan).filter(
        Q(status__in=WARNING_STATUSES) | Q(forecast_met=False) | no_target
    )
    if department_id is not None:
        rows = rows.filter(indicator__reporting_department_id=department_id)
    rows = rows.values(
        *SCORE_FIELDS,
        "indicator_id",
        code=F("indicator__code"),
        name=F("indicator__name"),
        unit=F("indicator__unit"),
        task_number=F("indicator__task__number"),
        dept_id=F("indicator__reporting_department_id"),
        dept_name=F("indicator__reporting_department__short_name"),
        kind=F("indicator__kind"),
        yearly_targets=F("indicator__yearly_targets"),
        data_year=_data_year(period),
        period_year=F("period__year"),
    )
    out = [row | {"reasons": _warning_reasons(row)} for row in rows]
    out = [row for row in out if row["reasons"]]
    return sorted(out, key=lambda r: (WARNING_RANK.get(r["status"], 3), r["task_number"], r["code"]))


def _data_year(period: ReportingPeriod) -> Subquery:
    """The year of the indicator's latest approved figure up to ``period`` (the year an annual_assigned
    indicator is judged in, ``scoring.engine._measure_assigned``)."""
    approved = IndicatorValue.objects.filter(
        indicator_id=OuterRef("indicator_id"), status=ReviewStatus.APPROVED, value__isnull=False
    ).filter(upto(period))
    return Subquery(approved.order_by("-period__year").values("period__year")[:1])


def _warning_reasons(row: dict) -> list[str]:
    reasons = [row["status"]] if row["status"] in WARNING_STATUSES else []
    reasons += ["forecast_miss"] if row["forecast_met"] is False else []
    targets = row["yearly_targets"] or {}
    year = row["data_year"] or row.get("period_year")
    entered = row["kind"] == TargetKind.ANNUAL_ASSIGNED and year and targets.get(str(year)) not in (None, "")
    if row["status"] == ScoreStatus.NO_TARGET and not entered:
        reasons.append("target_missing")  # gone as soon as the year's target is entered, before any recompute
    return reasons


# Forms overdue: the timeliness rules are the data-entry ones (indicators.entry.selectors).


def departments_reporting() -> list[Department]:
    """The departments of ``indicators.entry.selectors.departments_reporting`` (an indicator to report, or a
    milestone of a task they lead), read through two IN subqueries: the joined DISTINCT there multiplies
    indicators by milestones and takes seconds once the database holds many plans. 1 query."""
    led = TaskAssignment.objects.filter(role=TaskAssignment.Role.LEAD, task__milestones__isnull=False)
    return list(
        Department.objects.filter(
            Q(pk__in=Indicator.objects.values("reporting_department_id")) | Q(pk__in=led.values("department_id"))
        ).order_by("order", "code")
    )


def submissions_overdue(*, period: ReportingPeriod, today: dt.date) -> list[dict]:
    """Departments that owe ``period``'s form after its due date and have not submitted it (逾期未报).

    Who owes what and when follows ``indicators.entry.timeliness.timeliness_table`` (quarterly indicators and
    led milestones by ``due_on``; annual-only departments with Q4 by ``annual_due_on``).
    Rows (longest overdue first): {"department_id", "code", "name", "due_on", "days_late",
    "submission_id" (None when no form was started)}. 4 queries.
    """
    departments = departments_reporting()
    table = timeliness_table(periods=[period], departments=departments, today=today)
    out = []
    for d in departments:
        state = table[d.pk, period.pk]
        if state.kind == TimelinessKind.MISSING:
            out.append(
                {
                    "department_id": d.pk,
                    "code": d.code,
                    "name": d.short_name or d.name,
                    "due_on": state.due_on,
                    "days_late": state.days,
                    "submission_id": state.submission.pk if state.submission else None,
                }
            )
    return sorted(out, key=lambda r: (-r["days_late"], r["code"]))
