"""Reads of the leadership dashboard (进度看板): stored ``Score`` rows shaped for pages and charts.

Pages never compute scores: progress (完成进度), expected progress (时序进度), status, forecast and
assessment scores come from the ``indicators.models.Score`` rows written by the scoring recompute.
Percentages are Decimals on a 0–100 scale; ``None`` means no stored row (shown as 暂无数据).

Every function makes a fixed number of queries whatever the number of tasks, indicators or
quarters (the docstrings count them); rows are read with ``values()`` to keep pages fast.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.urls import reverse

from indicators.models import (
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    ScoreStatus,
    Submission,
    TargetKind,
)
from indicators.scoring.engine import round_half_up
from indicators.scoring.selectors import department_assessment
from indicators.entry.selectors import TimelinessKind, timeliness_table
from responsibilities.models import Department, TaskAssignment
from responsibilities.selectors import user_department
from tasks.common.roles import user_can_read_all, user_is_supervisor
from tasks.models import EcoSystem, Plan, PlanTask

SCORE_FIELDS = ("period_id", "progress", "progress_raw", "expected", "status", "score", "forecast", "forecast_met")
WARNING_STATUSES = (ScoreStatus.SERIOUSLY_LAGGING, ScoreStatus.MISSED, ScoreStatus.LAGGING)
# Early-warning order: the worst first.
WARNING_RANK = {ScoreStatus.MISSED: 0, ScoreStatus.SERIOUSLY_LAGGING: 1, ScoreStatus.LAGGING: 2}


# --------------------------------------------------------------------------
# Who reads, and links
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Viewer:
    """Who reads the dashboard: every department (leadership, supervisors, administrators) or only
    their own (填报员). Staff see the plan-wide pages but no other department's page or indicator.
    ``can_admin``: supervisors and administrators, who maintain indicators in the admin."""

    read_all: bool
    department_id: int | None = None
    can_admin: bool = False

    def can_read(self, department_id: int | None) -> bool:
        return self.read_all or (department_id is not None and department_id == self.department_id)


def viewer_of(user) -> Viewer:
    """The ``Viewer`` of a logged-in user. 1–2 queries (groups, staff profile), cached per request."""
    if user_can_read_all(user):
        return Viewer(read_all=True, can_admin=user_is_supervisor(user))
    department = user_department(user)
    return Viewer(read_all=False, department_id=department.pk if department else None)


def dashboard_url(name: str, arg, period: ReportingPeriod | str) -> str:
    """The dashboard page ``name`` of ``arg`` at a quarter (a ReportingPeriod or its label "2025Q3"),
    e.g. /dashboard/task/5/?period=2025Q3."""
    label = period if isinstance(period, str) else period.label
    return f"{reverse(f'dashboard:{name}', args=[arg])}?period={label}"


def heatmap_links(heatmap: dict) -> None:
    """Add to every heat-map row "cell_urls": per quarter column, the task's page AT THAT QUARTER (a
    click on task 9's 2024Q3 cell opens /dashboard/task/9/?period=2024Q3, not the page's quarter)."""
    labels = [p["label"] for p in heatmap["periods"]]
    for row in heatmap["rows"]:
        row["cell_urls"] = [dashboard_url("task", row["number"], label) for label in labels]


# --------------------------------------------------------------------------
# Periods
# --------------------------------------------------------------------------


def periods_all(*, today: dt.date | None = None) -> list[ReportingPeriod]:
    """The reporting periods (quarters), oldest first; with ``today`` only the quarters that have ended
    (last day before ``today``): the quarter under way has no complete data and is never offered. 1 query."""
    rows = ReportingPeriod.objects.order_by("year", "quarter")
    return [p for p in rows if today is None or period_ended(p, today=today)]


def period_ended(period: ReportingPeriod, *, today: dt.date) -> bool:
    """Whether ``period`` is over: its last day is before ``today`` (2026Q4 is not over on 2026-11-30)."""
    return period.end < today


def period_default(periods: list[ReportingPeriod], *, today: dt.date) -> ReportingPeriod | None:
    """The latest quarter among ``periods`` with approved data (an approved figure or milestone report).

    Falls back to the latest quarter with stored scores, then to the latest quarter that has
    ended by ``today``, then to the first quarter. 1 query (2 when nothing is approved).
    """
    approved = ReportingPeriod.objects.filter(pk__in=[p.pk for p in periods]).filter(
        Exists(IndicatorValue.objects.filter(period=OuterRef("pk"), status=ReviewStatus.APPROVED))
        | Exists(MilestoneReport.objects.filter(period=OuterRef("pk"), status=ReviewStatus.APPROVED))
    )
    chosen = approved.order_by("-year", "-quarter").values_list("pk", flat=True).first()
    if chosen is None:
        chosen = (Score.objects.filter(period_id__in=[p.pk for p in periods]).order_by("-period__year", "-period__quarter")
                  .values_list("period_id", flat=True).first())
    by_id = {p.pk: p for p in periods}
    if chosen in by_id:
        return by_id[chosen]
    ended = [p for p in periods if period_ended(p, today=today)]
    return (ended or periods or [None])[-1]


def period_resolve(periods: list[ReportingPeriod], *, label: str | None, today: dt.date):
    """The quarter named by ``label`` ("2025Q3"), else the default quarter.

    Returns (period or None when there is no period at all, ``True`` when a label was given but names
    no quarter). 0–2 queries.
    """
    if label:
        found = next((p for p in periods if p.label == label.strip().upper()), None)
        if found is not None:
            return found, False
    return period_default(periods, today=today), bool(label)


def periods_until(periods: list[ReportingPeriod], period: ReportingPeriod) -> list[ReportingPeriod]:
    """The quarters up to and including ``period`` (no query)."""
    return [p for p in periods if (p.year, p.quarter) <= (period.year, period.quarter)]


def _upto(period: ReportingPeriod, prefix: str = "period__") -> Q:
    """Filter: rows whose period is ``period`` or earlier."""
    return Q(**{f"{prefix}year__lt": period.year}) | Q(**{f"{prefix}year": period.year, f"{prefix}quarter__lte": period.quarter})


# --------------------------------------------------------------------------
# Overview
# --------------------------------------------------------------------------


def overview_data(*, plan: Plan, period: ReportingPeriod, periods: list[ReportingPeriod], today: dt.date,
                  viewer: Viewer) -> dict:
    """Everything on /dashboard/ for one quarter, with links to the pages ``viewer`` may open.

    Shape: {"plan": plan_score(), "systems": systems_progress(), "heatmap": tasks_heatmap(),
    "warnings": indicator_warnings(), "overdue": submissions_overdue(), "departments":
    departments_ranking()}; rows carry "url" (None where the viewer may not open the page).
    11 queries: plan score 1, systems 2, heat map 2, warnings 1, overdue 4, ranking 1.
    """
    data = {
        "plan": plan_score(plan=plan, period=period),
        "systems": systems_progress(plan=plan, period=period),
        "heatmap": tasks_heatmap(plan=plan, periods=periods_until(periods, period)),
        "warnings": indicator_warnings(plan=plan, period=period),
        "overdue": submissions_overdue(period=period, today=today),
        "departments": departments_ranking(plan=plan, period=period),
    }
    _overview_links(data, period, viewer)
    return data


def _overview_links(data: dict, period: ReportingPeriod, viewer: Viewer) -> None:
    """Add "url" to every row of the overview: systems, tasks, indicators, departments."""
    for row in data["systems"]:
        row["url"] = dashboard_url("system", row["id"], period)
    for row in data["heatmap"]["rows"]:
        row["url"] = dashboard_url("task", row["number"], period)
    heatmap_links(data["heatmap"])
    for row in data["warnings"]:
        row["url"] = dashboard_url("indicator", row["indicator_id"], period) if viewer.can_read(row["dept_id"]) else None
        if "target_missing" in row["reasons"] and viewer.can_admin:
            row["url"] = reverse("admin:indicators_indicator_change", args=[row["indicator_id"]])
    for row in data["overdue"] + data["departments"]:
        row["url"] = dashboard_url("department", row["code"], period) if viewer.can_read(row["department_id"]) else None


def overview_fingerprint(*, plan: Plan) -> tuple:
    """A value that changes whenever what the overview shows may have changed: the plan's stored scores
    (a recompute deletes and re-creates changed rows, so their highest id and count move) and the forms
    (every save raises a form's ``version``; overdue forms depend on them). Structure edits in the admin
    (names, assignments) are not seen: the cached page expires after a few minutes. 1 query."""
    score, form = Score._meta.db_table, Submission._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT max(id) FROM {score} WHERE plan_id = %s), (SELECT count(*) FROM {score} WHERE plan_id = %s),"
            f" (SELECT count(*) FROM {form}), (SELECT sum(version) FROM {form})",
            [plan.pk, plan.pk],
        )
        return tuple(cursor.fetchone())


def plan_score(*, plan: Plan, period: ReportingPeriod) -> dict | None:
    """The plan's stored score at ``period``: {"score", "progress", "expected", "status", "grade"} or None. 1 query."""
    return (
        Score.objects.filter(level=Score.Level.PLAN, plan=plan, period=period)
        .values("score", "progress", "expected", "status", "grade")
        .first()
    )


def systems_progress(*, plan: Plan, period: ReportingPeriod) -> list[dict]:
    """The plan's systems in order with their stored progress at ``period``.

    Rows: {"id", "order", "name", "progress", "expected", "status", "score", ...}; a system without a
    stored row has status ``no_data`` and None values. 2 queries.
    """
    systems = list(EcoSystem.objects.filter(plan=plan).order_by("order").values("id", "order", "name"))
    scores = {
        row["system_id"]: row
        for row in Score.objects.filter(level=Score.Level.SYSTEM, period=period, system__plan=plan).values(
            "system_id", *SCORE_FIELDS
        )
    }
    return [_with_score(system, scores.get(system["id"])) for system in systems]


def _with_score(row: dict, score: dict | None) -> dict:
    """``row`` plus the score fields (None and status no_data when there is no stored score)."""
    empty = dict.fromkeys(SCORE_FIELDS) | {"status": ScoreStatus.NO_DATA.value}
    return row | empty | {k: v for k, v in (score or {}).items() if k in SCORE_FIELDS}


def tasks_heatmap(*, plan: Plan, periods: list[ReportingPeriod]) -> dict:
    """The plan's tasks × the given quarters, each cell the task's stored status.

    Shape: {"periods": [{"id", "label", "year", "quarter"}], "rows": [{"id", "number", "title",
    "system_id", "cells": [score dict or None per period]}]}. 2 queries.
    """
    tasks = list(
        PlanTask.objects.filter(system__plan=plan).order_by("number").values("id", "number", "title", "system_id")
    )
    period_ids = [p.pk for p in periods]
    cells = {
        (row["task_id"], row["period_id"]): row
        for row in Score.objects.filter(level=Score.Level.TASK, task__system__plan=plan, period_id__in=period_ids)
        .values("task_id", *SCORE_FIELDS)
    }
    return {
        "periods": [{"id": p.pk, "label": p.label, "year": p.year, "quarter": p.quarter} for p in periods],
        "rows": [task | {"cells": [cells.get((task["id"], pid)) for pid in period_ids]} for task in tasks],
    }


def indicator_warnings(*, plan: Plan, period: ReportingPeriod, department_id: int | None = None) -> list[dict]:
    """预警: indicators that are 滞后, 严重滞后 or 未完成 at ``period``, or whose forecast misses the target,
    or 上级年度下达型 (annual_assigned) ones with a figure but no target for its year (目标未下达: the
    stored status is 无数据 and nothing warns otherwise).

    Rows (worst first, 目标未下达 last): {"indicator_id", "code", "name", "unit", "task_number", "dept_id",
    "dept_name", "status", "progress", "expected", "forecast", "forecast_met", "data_year", "reasons":
    [status codes and/or "forecast_miss" / "target_missing"]}. Only ``department_id``'s indicators when given. 1 query.
    """
    no_target = Q(status=ScoreStatus.NO_DATA, current_value__isnull=False, indicator__kind=TargetKind.ANNUAL_ASSIGNED,
                  indicator__target_value__isnull=True)
    rows = Score.objects.filter(level=Score.Level.INDICATOR, period=period, indicator__task__system__plan=plan).filter(
        Q(status__in=WARNING_STATUSES) | Q(forecast_met=False) | no_target
    )
    if department_id is not None:
        rows = rows.filter(indicator__reporting_department_id=department_id)
    rows = rows.values(
        *SCORE_FIELDS, "indicator_id", code=F("indicator__code"), name=F("indicator__name"),
        unit=F("indicator__unit"), task_number=F("indicator__task__number"),
        dept_id=F("indicator__reporting_department_id"),
        dept_name=F("indicator__reporting_department__short_name"),
        kind=F("indicator__kind"), yearly_targets=F("indicator__yearly_targets"), data_year=_data_year(period),
    )
    out = [row | {"reasons": _warning_reasons(row)} for row in rows]
    out = [row for row in out if row["reasons"]]
    return sorted(out, key=lambda r: (WARNING_RANK.get(r["status"], 3), r["task_number"], r["code"]))


def _data_year(period: ReportingPeriod) -> Subquery:
    """The year of the indicator's latest approved figure up to ``period`` (the year an annual_assigned
    indicator is judged in, ``scoring.engine._measure_assigned``)."""
    approved = IndicatorValue.objects.filter(indicator_id=OuterRef("indicator_id"), status=ReviewStatus.APPROVED,
                                             value__isnull=False).filter(_upto(period))
    return Subquery(approved.order_by("-period__year").values("period__year")[:1])


def _warning_reasons(row: dict) -> list[str]:
    reasons = [row["status"]] if row["status"] in WARNING_STATUSES else []
    reasons += ["forecast_miss"] if row["forecast_met"] is False else []
    targets = row["yearly_targets"] or {}
    if (row["kind"] == TargetKind.ANNUAL_ASSIGNED and row["status"] == ScoreStatus.NO_DATA and row["data_year"]
            and targets.get(str(row["data_year"])) in (None, "")):
        reasons.append("target_missing")  # gone as soon as the year's target is entered, before any recompute
    return reasons


def departments_ranking(*, plan: Plan, period: ReportingPeriod) -> list[dict]:
    """Departments by stored assessment score (考核得分) at ``period``: best first, vetoed (一票否决) last.

    Ranking rule (the same as the 部门考核 sheet, ``reports.assessment.report``): competition ranking ("1224")
    on the score as displayed — rounded half-up to one decimal (``ranking_score``) — so two departments
    shown with 84.0 share a rank; equal scores are listed by department code.
    Rows: {"rank", "department_id", "code", "name", "score", "grade", "veto", "progress", "timeliness",
    "deduction"}. 1 query.
    """
    rows = [row for row in department_assessment(plan=plan, period=period) if row["score"] is not None]
    rows.sort(key=lambda r: (r["veto"], -ranking_score(r["score"]), r["code"]))
    ranked, previous = [], None
    for index, row in enumerate(rows, start=1):
        standing = (row["veto"], ranking_score(row["score"]))
        ranked.append(row | {"rank": ranked[-1]["rank"] if standing == previous else index})
        previous = standing
    return ranked


def ranking_score(score) -> Decimal:
    """The score a department is ranked by: its 考核得分 (points) rounded half-up to the one decimal shown."""
    return round_half_up(Decimal(str(score)), 1)


# --------------------------------------------------------------------------
# Submissions: overdue (the timeliness rules are the data-entry ones, indicators.entry.selectors)
# --------------------------------------------------------------------------


def _departments_reporting() -> list[Department]:
    """The departments of ``indicators.entry.selectors.departments_reporting`` (an indicator to report, or a
    milestone of a task they lead), read through two IN subqueries: the joined DISTINCT there multiplies
    indicators by milestones and takes seconds once the database holds many plans. 1 query."""
    led = TaskAssignment.objects.filter(role=TaskAssignment.Role.LEAD, task__milestones__isnull=False)
    return list(
        Department.objects.filter(Q(pk__in=Indicator.objects.values("reporting_department_id"))
                                  | Q(pk__in=led.values("department_id")))
        .order_by("kind", "code")
    )


def submissions_overdue(*, period: ReportingPeriod, today: dt.date) -> list[dict]:
    """Departments that owe ``period``'s form after its due date and have not submitted it (逾期未报).

    Who owes what and when follows ``indicators.entry.selectors.timeliness_table`` (quarterly indicators and
    led milestones by ``due_on``; annual-only departments with Q4 by ``annual_due_on``).
    Rows (longest overdue first): {"department_id", "code", "name", "due_on", "days_late",
    "submission_id" (None when no form was started)}. 4 queries.
    """
    departments = _departments_reporting()
    table = timeliness_table(periods=[period], departments=departments, today=today)
    out = []
    for d in departments:
        state = table[d.pk, period.pk]
        if state.kind == TimelinessKind.MISSING:
            out.append({"department_id": d.pk, "code": d.code, "name": d.short_name or d.name, "due_on": state.due_on,
                        "days_late": state.days, "submission_id": state.submission.pk if state.submission else None})
    return sorted(out, key=lambda r: (-r["days_late"], r["code"]))


# --------------------------------------------------------------------------
# Drill-down pages
# --------------------------------------------------------------------------


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
            _with_score(task, scores.get(task["id"])) | {"url": dashboard_url("task", task["number"], period)}
            for task in tasks
        ],
        "history": _history(shown, by_period),
    }


def _history(periods: list[ReportingPeriod], by_period: dict) -> list[dict]:
    """One row per quarter: {"label", "period_id", score fields (None without a stored row)}."""
    return [_with_score({"label": p.label, "period_id": p.pk}, by_period.get(p.pk)) for p in periods]


def task_detail(*, task: PlanTask, period: ReportingPeriod, periods: list[ReportingPeriod], viewer: Viewer) -> dict:
    """One plan task: lead and support departments, indicators and milestones with their state at
    ``period``, and the task's score over the quarters.

    Shape: {"score", "lead": [dept], "support": [dept], "indicators": [indicator row + score fields],
    "milestones": [{"id", "code", "title", "due_date", "state", "percent_done", "report_period"}],
    "history": [...]}. 6 queries.
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
    by_period = {row["period_id"]: row for row in history.values(*SCORE_FIELDS, "components")}
    return {
        "score": by_period.get(period.pk),
        "lead": [a for a in assignments if a["role"] == TaskAssignment.Role.LEAD],
        "support": [a for a in assignments if a["role"] == TaskAssignment.Role.SUPPORT],
        "indicators": _indicators_with_scores(Indicator.objects.filter(task=task), period, viewer),
        "milestones": _milestones_state(task, period),
        "history": _history(shown, by_period),
    }


def _indicators_with_scores(indicators, period: ReportingPeriod, viewer: Viewer) -> list[dict]:
    """Indicator rows (with target text and reporting department) plus their stored score at ``period``. 2 queries."""
    objects = list(indicators.select_related("reporting_department", "task").order_by("task__number", "code"))
    scores = {
        row["indicator_id"]: row
        for row in Score.objects.filter(level=Score.Level.INDICATOR, period=period, indicator__in=[i.pk for i in objects])
        .values("indicator_id", "current_value", *SCORE_FIELDS)
    }
    rows = []
    for i in objects:
        row = {"id": i.pk, "code": i.code, "name": i.name, "unit": i.unit, "target": i.target_display(),
               "task_number": i.task.number, "dept_id": i.reporting_department_id,
               "dept_name": i.reporting_department.short_name, "frequency": i.get_frequency_display()}
        score = scores.get(i.pk)
        url = dashboard_url("indicator", i.pk, period) if viewer.can_read(i.reporting_department_id) else None
        rows.append(_with_score(row, score) | {"current_value": (score or {}).get("current_value"), "url": url})
    return rows


def _milestones_state(task: PlanTask, period: ReportingPeriod) -> list[dict]:
    """The task's milestones with their latest approved report up to ``period``. 2 queries."""
    milestones = list(task.milestones.order_by("code").values("id", "code", "title", "due_date"))
    latest = {}
    reports = MilestoneReport.objects.filter(milestone__task=task, status=ReviewStatus.APPROVED).filter(_upto(period))
    for row in reports.order_by("period__year", "period__quarter").values(
        "milestone_id", "state", "percent_done", "description", year=F("period__year"), quarter=F("period__quarter")
    ):
        latest[row["milestone_id"]] = row
    labels = dict(MilestoneReport.State.choices)
    out = []
    for m in milestones:
        report = latest.get(m["id"])
        state = report["state"] if report else None
        out.append(m | {"state": state, "state_label": labels.get(state), "percent_done": report and report["percent_done"],
                        "description": report["description"] if report else "",
                        "report_period": f"{report['year']}Q{report['quarter']}" if report else None})
    return out


def indicator_detail(*, indicator: Indicator, period: ReportingPeriod, periods: list[ReportingPeriod],
                     drafts: bool = False) -> dict:
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
        shown_values
        .select_related("period", "submission__submitted_by", "submission__department", "reviewed_by")
        .prefetch_related("evidence")
        .order_by("-period__year", "-period__quarter", "-is_final")
    )
    scores = {
        row["period_id"]: row
        for row in Score.objects.filter(level=Score.Level.INDICATOR, indicator=indicator).values(
            "current_value", *SCORE_FIELDS
        )
    }
    shown = [p for p in periods if p.year <= indicator.target_year or (p.year, p.quarter) <= (period.year, period.quarter)]
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
        row = _with_score({"label": p.label, "period_id": p.pk, "year": p.year, "quarter": p.quarter}, score)
        rows.append(row | {"value": approved.get(p.pk), "pending": pending.get(p.pk),
                           "current_value": (score or {}).get("current_value")})
    return rows


def indicator_history(*, indicator: Indicator, limit: int = 50, drafts: bool = True) -> list:
    """The newest ``limit`` simple-history records of the indicator's figures (who changed what, when);
    without ``drafts``, records of a figure while it was a draft are left out. 1 query."""
    records = IndicatorValue.history.filter(indicator_id=indicator.pk)
    if not drafts:
        records = records.exclude(status=ReviewStatus.DRAFT)
    return list(
        records
        .select_related("history_user", "period")
        .order_by("-history_date")[:limit]
    )


def department_detail(*, department: Department, period: ReportingPeriod, periods: list[ReportingPeriod],
                      today: dt.date, viewer: Viewer) -> dict:
    """One department (责任单位): its tasks, indicators, submissions with timeliness and its assessment.

    Shape: {"score": department score dict with "components" or None, "history": [...], "tasks":
    [task row + "role" + score fields + "url"], "indicators": [...], "submissions": [{"period",
    "timeliness": indicators.entry.selectors.Timeliness (kind, days, due_on, submission)} newest first]}. 8 queries.
    """
    shown = periods_until(periods, period)
    history = Score.objects.filter(level=Score.Level.DEPARTMENT, department=department, period_id__in=[p.pk for p in shown])
    by_period = {row["period_id"]: row for row in history.values(*SCORE_FIELDS, "grade", "components", "rule")}
    return {
        "score": by_period.get(period.pk),
        "history": _history(shown, by_period),
        "tasks": _department_tasks(department, period),
        "indicators": _indicators_with_scores(Indicator.objects.filter(reporting_department=department), period, viewer),
        "submissions": _department_submissions(department, shown, today),
    }


def _department_tasks(department: Department, period: ReportingPeriod) -> list[dict]:
    """The tasks the department leads (牵头) or supports (配合) with their stored score at ``period``. 2 queries."""
    rows = [
        row | {"id": row["task_id"]}
        for row in department.assignments.order_by("role", "task__number").values(
            "role", "task_id", number=F("task__number"), title=F("task__title")
        )
    ]
    scores = {
        row["task_id"]: row
        for row in Score.objects.filter(level=Score.Level.TASK, period=period, task__in=[r["id"] for r in rows])
        .values("task_id", *SCORE_FIELDS)
    }
    return [_with_score(row, scores.get(row["id"])) | {"url": dashboard_url("task", row["number"], period)} for row in rows]


def _department_submissions(department: Department, periods: list[ReportingPeriod], today: dt.date) -> list[dict]:
    """Every quarter up to the shown one in which the department had to report or did report, newest
    first: {"period", "timeliness" (indicators.entry.selectors.Timeliness: kind, days, due_on, submission)}. 3 queries."""
    table = timeliness_table(periods=periods, departments=[department], today=today)
    rows = [{"period": p, "timeliness": table[department.pk, p.pk]} for p in reversed(periods)]
    return [r for r in rows if r["timeliness"].kind != TimelinessKind.NOT_DUE or r["timeliness"].submission]
