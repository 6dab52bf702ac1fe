"""The dashboard's drill-down pages: one system (体系), plan task, indicator or department (责任单位)
at a quarter, with its score over the quarters."""

import datetime as dt

from django.db.models import F

from indicators.entry.timeliness import TimelinessKind, timeliness_table
from indicators.models import Indicator, IndicatorValue, MilestoneReport, ReportingPeriod, ReviewStatus, Score
from reports.dashboard.selectors.common import SCORE_FIELDS, Viewer, dashboard_url, score_history, with_score
from reports.dashboard.selectors.periods import periods_until, upto
from responsibilities.access import INDICATOR_FIGURE_FIELDS, MILESTONE_FIGURE_FIELDS, figures_masked
from responsibilities.models import Department, TaskAssignment
from tasks.models import EcoSystem, PlanTask


def system_detail(*, system: EcoSystem, period: ReportingPeriod, periods: list[ReportingPeriod]) -> dict:
    """One system (体系): its tasks' stored progress at ``period`` and its own score over the quarters.

    Shape: {"score": system's score dict or None, "tasks": [task row + score fields], "history":
    [{"label", score fields} per quarter up to ``period``]}. 3 queries.
    """
    tasks = list(system.tasks.order_by("number").values("id", "number", "title"))
    scores = {
        row["task_id"]: row
        for row in Score.objects.filter(level=Score.Level.TASK, period=period, task__system=system).values(
            "task_id", *SCORE_FIELDS
        )
    }
    shown = periods_until(periods, period)
    history = Score.objects.filter(level=Score.Level.SYSTEM, system=system, period_id__in=[p.pk for p in shown])
    by_period = {row["period_id"]: row for row in history.values(*SCORE_FIELDS)}
    return {
        "score": by_period.get(period.pk),
        "tasks": [
            with_score(task, scores.get(task["id"])) | {"url": dashboard_url("task", task["number"], period)}
            for task in tasks
        ],
        "history": score_history(shown, by_period),
    }


def task_detail(*, task: PlanTask, period: ReportingPeriod, periods: list[ReportingPeriod], viewer: Viewer) -> dict:
    """One plan task: lead and support departments, indicators and milestones with their state at
    ``period``, and the task's score over the quarters.

    Shape: {"score", "lead": [dept], "support": [dept], "indicators": [indicator row + score fields],
    "milestones": [{"id", "code", "title", "due_date", "state", "percent_done", "report_period"}],
    "history": [...]}. 6 queries.

    Another department's figures are its data (the visibility policy, ``responsibilities.access``): a viewer
    who may not read it gets its indicators and milestones with names, targets and statuses and ``"foreign":
    True``, without value, progress, forecast, % done or progress text.
    """
    assignments = list(
        task.assignments.order_by("department__code").values(
            "role", "department_id", code=F("department__code"), name=F("department__short_name")
        )
    )
    shown = periods_until(periods, period)
    for a in assignments:
        a["url"] = dashboard_url("department", a["code"], period) if viewer.can_read(a["department_id"]) else None
    history = Score.objects.filter(level=Score.Level.TASK, task=task, period_id__in=[p.pk for p in shown])
    by_period = {row["period_id"]: row for row in history.values(*SCORE_FIELDS, "components", "rule")}
    return {
        "score": by_period.get(period.pk),
        "lead": [a for a in assignments if a["role"] == TaskAssignment.Role.LEAD],
        "support": [a for a in assignments if a["role"] == TaskAssignment.Role.SUPPORT],
        "indicators": _indicators_with_scores(Indicator.objects.filter(task=task), period, viewer),
        "milestones": _milestones_state(task, period, viewer),
        "history": score_history(shown, by_period),
    }


def _indicators_with_scores(indicators, period: ReportingPeriod, viewer: Viewer) -> list[dict]:
    """Indicator rows (with target text and reporting department) plus their stored score at ``period``. 2 queries."""
    objects = list(indicators.select_related("reporting_department", "task").order_by("task__number", "code"))
    scores = {
        row["indicator_id"]: row
        for row in Score.objects.filter(
            level=Score.Level.INDICATOR, period=period, indicator__in=[i.pk for i in objects]
        ).values("indicator_id", "current_value", *SCORE_FIELDS)
    }
    rows = []
    for i in objects:
        row = {
            "id": i.pk,
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "target": i.target_display(),
            "task_number": i.task.number,
            "dept_id": i.reporting_department_id,
            "dept_name": i.reporting_department.short_name,
            "frequency": i.get_frequency_display(),
        }
        score = scores.get(i.pk)
        row = with_score(row, score) | {"current_value": (score or {}).get("current_value")}
        if viewer.can_read(i.reporting_department_id):
            rows.append(row | {"url": dashboard_url("indicator", i.pk, period)})
        else:  # another department's: name, target and status, never its figures
            rows.append(figures_masked(row, INDICATOR_FIGURE_FIELDS) | {"url": None})
    return rows


def _milestones_state(task: PlanTask, period: ReportingPeriod, viewer: Viewer) -> list[dict]:
    """The task's milestones with their latest approved report up to ``period``; the % done and text of a report
    by a department the viewer may not read (the lead's, for another department's staff) are left out. 2 queries."""
    milestones = list(task.milestones.order_by("code").values("id", "code", "title", "due_date"))
    latest = {}
    reports = MilestoneReport.objects.filter(milestone__task=task, status=ReviewStatus.APPROVED).filter(upto(period))
    for row in reports.order_by("period__year", "period__quarter").values(
        "milestone_id",
        "state",
        "percent_done",
        "description",
        year=F("period__year"),
        quarter=F("period__quarter"),
        department_id=F("submission__department_id"),
    ):
        readable = viewer.can_read(row["department_id"])
        latest[row["milestone_id"]] = row if readable else figures_masked(row, MILESTONE_FIGURE_FIELDS)
    labels = dict(MilestoneReport.State.choices)
    out = []
    for m in milestones:
        report = latest.get(m["id"])
        state = report["state"] if report else None
        out.append(
            m
            | {
                "state": state,
                "state_label": labels.get(state),
                "percent_done": report and report["percent_done"],
                "description": (report["description"] or "") if report else "",
                "report_period": f"{report['year']}Q{report['quarter']}" if report else None,
            }
        )
    return out


def indicator_detail(
    *, indicator: Indicator, period: ReportingPeriod, periods: list[ReportingPeriod], drafts: bool = False
) -> dict:
    """One indicator: its figures, stored scores per quarter and every submitted value with evidence.

    Unsubmitted drafts (草稿, the department's working copy) and their history appear only with
    ``drafts`` — for the reporting department's own staff, never for leadership or supervisors.

    Shape: {"score": score at ``period`` or None, "series": [{"label", "period_id", "value" (approved,
    final preferred), "pending" (submitted, not yet approved), score fields, "current_value"} per quarter
    from the plan start to max(``period``, the target year's Q4)], "values": [IndicatorValue with
    ``evidence`` prefetched, newest first], "history": [simple-history records, newest 50]}. 4 queries.
    """
    shown_values = IndicatorValue.objects.filter(indicator=indicator)
    if not drafts:
        shown_values = shown_values.exclude(status=ReviewStatus.DRAFT)
    values = list(
        shown_values.select_related("period", "submission__submitted_by", "submission__department", "reviewed_by")
        .prefetch_related("evidence")
        .order_by("-period__year", "-period__quarter", "-is_final")
    )
    scores = {
        row["period_id"]: row
        for row in Score.objects.filter(level=Score.Level.INDICATOR, indicator=indicator).values(
            "current_value", *SCORE_FIELDS
        )
    }
    shown = [
        p for p in periods if p.year <= indicator.target_year or (p.year, p.quarter) <= (period.year, period.quarter)
    ]
    return {
        "score": scores.get(period.pk),
        "task_url": dashboard_url("task", indicator.task.number, period),
        "department_url": dashboard_url("department", indicator.reporting_department.code, period),
        "series": _indicator_series(shown, values, scores),
        "values": values,
        "history": indicator_history(indicator=indicator, drafts=drafts),
    }


def _indicator_series(periods, values, scores) -> list[dict]:
    """Per quarter: the approved value (final before provisional), a pending value and the stored score."""
    approved, pending = {}, {}
    for v in sorted(values, key=lambda v: v.is_final):  # provisional first: a final value overwrites it
        if v.value is None:
            continue
        if v.status == ReviewStatus.APPROVED:
            approved[v.period_id] = v.value
        elif v.status == ReviewStatus.SUBMITTED:
            pending[v.period_id] = v.value
    rows = []
    for p in periods:
        score = scores.get(p.pk)
        row = with_score({"label": p.label, "period_id": p.pk, "year": p.year, "quarter": p.quarter}, score)
        rows.append(
            row
            | {
                "value": approved.get(p.pk),
                "pending": pending.get(p.pk),
                "current_value": (score or {}).get("current_value"),
            }
        )
    return rows


def indicator_history(*, indicator: Indicator, limit: int = 50, drafts: bool = True) -> list:
    """The newest ``limit`` simple-history records of the indicator's figures (who changed what, when);
    without ``drafts``, records of a figure while it was a draft are left out. 1 query."""
    records = IndicatorValue.history.filter(indicator_id=indicator.pk)
    if not drafts:
        records = records.exclude(status=ReviewStatus.DRAFT)
    return list(records.select_related("history_user", "period").order_by("-history_date")[:limit])


def department_detail(
    *,
    department: Department,
    plan,
    period: ReportingPeriod,
    periods: list[ReportingPeriod],
    today: dt.date,
    viewer: Viewer,
) -> dict:
    """One department (责任单位) in one plan: its tasks and indicators of ``plan``, submissions with timeliness
    and its assessment (考核) in that plan (a department is assessed per plan).

    Shape: {"score": department score dict with "components" or None, "history": [...], "tasks":
    [task row + "role" + score fields + "url"], "indicators": [...], "submissions": [{"period",
    "timeliness": indicators.entry.timeliness.Timeliness (kind, days, due_on, submission)} newest first]}. 8 queries.
    """
    shown = periods_until(periods, period)
    history = Score.objects.filter(
        level=Score.Level.DEPARTMENT, plan=plan, department=department, period_id__in=[p.pk for p in shown]
    )
    by_period = {row["period_id"]: row for row in history.values(*SCORE_FIELDS, "grade", "components", "rule")}
    return {
        "score": by_period.get(period.pk),
        "history": score_history(shown, by_period),
        "tasks": _department_tasks(department, plan, period),
        "indicators": _indicators_with_scores(
            Indicator.objects.filter(reporting_department=department, task__system__plan=plan), period, viewer
        ),
        "submissions": _department_submissions(department, shown, today),
    }


def _department_tasks(department: Department, plan, period: ReportingPeriod) -> list[dict]:
    """The tasks of ``plan`` the department leads (牵头) or supports (配合) with their stored score at ``period``.
    2 queries."""
    rows = [
        row | {"id": row["task_id"]}
        for row in department.assignments.filter(task__system__plan=plan)
        .order_by("role", "task__number")
        .values("role", "task_id", number=F("task__number"), title=F("task__title"))
    ]
    scores = {
        row["task_id"]: row
        for row in Score.objects.filter(level=Score.Level.TASK, period=period, task__in=[r["id"] for r in rows]).values(
            "task_id", *SCORE_FIELDS
        )
    }
    return [
        with_score(row, scores.get(row["id"])) | {"url": dashboard_url("task", row["number"], period)} for row in rows
    ]


def _department_submissions(department: Department, periods: list[ReportingPeriod], today: dt.date) -> list[dict]:
    """Every quarter up to the shown one in which the department had to report or did report, newest
    first: {"period", "timeliness" (indicators.entry.timeliness.Timeliness: kind, days, due_on, submission)}.
    3 queries."""
    table = timeliness_table(periods=periods, departments=[department], today=today)
    rows = [{"period": p, "timeliness": table[department.pk, p.pk]} for p in reversed(periods)]
    return [r for r in rows if r["timeliness"].kind != TimelinessKind.NOT_DUE or r["timeliness"].submission]
