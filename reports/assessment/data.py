"""The reads behind one assessment report: a ``ReportContext`` loaded in a fixed number of queries.

Used only by ``reports.assessment.report``; kept apart so that the sheet builders (``reports.assessment.sheets``)
stay plain functions of already-loaded data. Only reviewed data enter a report: stored scores, approved figures
(审核通过), approved milestone reports and the evidence attached to them.

A department's report holds that department's figures only (the visibility policy of
``responsibilities.access``): the indicators and milestones of the tasks it shares are listed with their names,
targets and statuses, but another department's values, notes, 完成进度, forecasts, % done, progress texts and
evidence counts are left out — whoever asked for the report, since its file is downloaded again by the
department's staff.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.entry.timeliness import TimelinessKind, due_date, timeliness_of
from indicators.models import (
    AssessmentVeto,
    Evidence,
    Frequency,
    Indicator,
    IndicatorValue,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    ScoringConfig,
    Submission,
)
from indicators.scoring.config import rules_from_config
from indicators.scoring.engine import ScoringRules, rules_describe
from responsibilities.access import INDICATOR_FIGURE_FIELDS, DepartmentsVisible, figures_masked
from responsibilities.models import Department, TaskAssignment
from tasks.models import Milestone, Plan, PlanTask

COUNTY, DEPARTMENT = "county", "department"
QUARTER, YEAR, PLAN = "quarter", "year", "plan"


@dataclass(frozen=True)
class TimelinessRow:
    """One due form: ``code`` on_time | late | missing | pending (``indicators.entry.timeliness.TimelinessKind``);
    ``days_late``: days late, or days overdue when missing (None when 0)."""

    department: Department
    period: ReportingPeriod
    due_on: dt.date
    submitted_at: dt.datetime | None
    code: str
    days_late: int | None


@dataclass
class ReportContext:
    """Everything a report reads, loaded once. ``scores`` maps (level, object id, period id) → Score."""

    plan: Plan
    department: Department | None
    period_kind: str
    today: dt.date
    periods: list[ReportingPeriod]
    as_of: ReportingPeriod | None
    year_periods: list[tuple[int, ReportingPeriod]]
    scope_label: str = ""
    period_label: str = ""
    systems: list = field(default_factory=list)
    tasks: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    scores: dict = field(default_factory=dict)
    latest_values: dict = field(default_factory=dict)
    milestone_reports: dict = field(default_factory=dict)
    evidence_counts: dict = field(default_factory=dict)
    assessed_departments: list = field(default_factory=list)
    assignment_counts: dict = field(default_factory=dict)
    veto_reasons: dict = field(default_factory=dict)
    foreign_indicators: set = field(default_factory=set)
    timeliness: list = field(default_factory=list)
    config_version: str = ""
    rules: list = field(default_factory=list)
    cache: dict = field(default_factory=dict)

    def score(self, level: str, object_id: int, *, period: ReportingPeriod | None = None) -> Score | None:
        """The stored score of (level, object) at ``period`` (default: the report's period)."""
        period = period or self.as_of
        return None if period is None else self.scores.get((level, object_id, period.pk))

    def departments_of(self, task, role: str) -> list[str]:
        return [a.department.name for a in task.assignments_all if a.role == role]

    def is_vetoed(self, department, score) -> bool:
        """一票否决: the stored score's components say so, or a veto is registered for the report's years."""
        components = getattr(score, "components", None) or {}
        if "veto" in components:
            return bool(components["veto"])
        return department.pk in self.veto_reasons


def context_load(*, params, today: dt.date) -> ReportContext:
    """Load a report's data. Raises ``Plan.DoesNotExist``, ``Department.DoesNotExist`` for unknown ids and
    ``ReportingPeriod.DoesNotExist`` for a quarter without a reporting period."""
    plan = Plan.objects.get(pk=params.plan_id)
    department = Department.objects.get(pk=params.department_id) if params.scope == DEPARTMENT else None
    periods = list(ReportingPeriod.objects.order_by("year", "quarter"))
    # Scores of a quarter under way (recomputed with its first figures) are not yet a quarter's data.
    ended = {p.pk for p in periods if p.end < today}
    with_data = set(Score.objects.filter(plan=plan, level=Score.Level.PLAN).values_list("period_id", flat=True)) & ended
    as_of, year_periods = _periods_resolve(plan, params, periods, with_data)
    ctx = ReportContext(plan, department, params.period_kind, today, periods, as_of, year_periods)
    ctx.scope_label = department.name if department else _("全县")
    ctx.period_label = _period_kind_label(plan, params)
    _structure_load(ctx)
    _scores_load(ctx)
    _values_load(ctx)
    _milestones_load(ctx)
    _departments_load(ctx, params)
    ctx.timeliness = _timeliness_rows(ctx, _timeliness_periods(ctx, params))
    _rules_load(ctx)
    return ctx


# ------------------------------------------------------------------------------------------ periods


def quarter_name(year: int, quarter: int) -> str:
    """A quarter's one name, ``str(ReportingPeriod)`` ("2025年第4季度"), as on the dashboard."""
    return str(ReportingPeriod(year=year, quarter=quarter))


def _period_kind_label(plan, params) -> str:
    if params.period_kind == QUARTER:
        return quarter_name(params.year, params.quarter)
    if params.period_kind == YEAR:
        return _("%(year)s年度") % {"year": params.year}
    return _("%(start)s—%(end)s年(终期评估)") % {"start": plan.period_start.year, "end": plan.period_end.year}


def _periods_resolve(plan, params, periods, with_data) -> tuple[ReportingPeriod | None, list]:
    """(as-of period, [(year, period)…] for the per-year columns of the plan-period report)."""
    if params.period_kind == QUARTER:
        match = [p for p in periods if (p.year, p.quarter) == (params.year, params.quarter)]
        if not match:
            raise ReportingPeriod.DoesNotExist(f"{params.year}Q{params.quarter}")
        return match[0], []
    if params.period_kind == YEAR:
        return _year_period(periods, with_data, params.year), []
    year_periods = []
    for year in range(plan.period_start.year, plan.target_year + 1):
        period = _year_period(periods, with_data, year)
        if period is not None and period.pk in with_data:
            year_periods.append((year, period))
    as_of = year_periods[-1][1] if year_periods else _year_period(periods, with_data, plan.target_year)
    return as_of, year_periods


def _year_period(periods, with_data, year: int) -> ReportingPeriod | None:
    """Q4 of ``year`` when it has scores, else the latest quarter of the year with scores, else Q4 (or None).

    ``with_data`` holds only quarters that have ended: the report of the year under way reads its latest
    ended quarter with scores ("数据截至 2026年第3季度" on 2026-11-30), never the unfinished Q4."""
    of_year = [p for p in periods if p.year == year]
    scored = [p for p in of_year if p.pk in with_data]
    if any(p.quarter == 4 for p in scored):
        return next(p for p in scored if p.quarter == 4)
    if scored:
        return scored[-1]
    return next((p for p in of_year if p.quarter == 4), None)


# ------------------------------------------------------------------------------------------ structure


# Only the columns a report shows (the plan texts, 规划原文 and 口径说明, stay in the database).
INDICATOR_FIELDS = (
    "task_id",
    "code",
    "name",
    "unit",
    "kind",
    "comparator",
    "target_value",
    "target_year",
    "baseline_value",
    "baseline_year",
    "binding",
    "frequency",
    "decimal_places",
    "reporting_department__code",
    "reporting_department__name",
    "reporting_department__kind",
)
DEPARTMENT_FIELDS = ("department__code", "department__name", "department__short_name", "department__kind")


def _structure_load(ctx) -> None:
    """Systems → tasks (with assignments, indicators, milestones): five queries."""
    tasks = (
        PlanTask.objects.order_by("number")
        .select_related("system")
        .only("number", "title", "weight", "system__name", "system__order")
        .prefetch_related(
            Prefetch(
                "assignments",
                TaskAssignment.objects.select_related("department")
                .only("task_id", "role", *DEPARTMENT_FIELDS)
                .order_by("department__order", "department__code"),
                to_attr="assignments_all",
            ),
            Prefetch(
                "indicators",
                Indicator.objects.select_related("reporting_department").only(*INDICATOR_FIELDS).order_by("code"),
                to_attr="indicators_all",
            ),
            Prefetch(
                "milestones",
                Milestone.objects.only("task_id", "code", "title", "due_date").order_by("code"),
                to_attr="milestones_all",
            ),
        )
    )
    ctx.systems = list(
        ctx.plan.systems.order_by("order").prefetch_related(Prefetch("tasks", tasks, to_attr="tasks_all"))
    )
    all_tasks = [task for system in ctx.systems for task in system.tasks_all]
    for task in all_tasks:
        for item in task.indicators_all + task.milestones_all:
            item.task = task  # the loaded task (with its assignments), no extra query
    ctx.cache["all_tasks"] = all_tasks
    ctx.tasks = [t for t in all_tasks if _task_in_scope(ctx, t)]
    ctx.indicators = [i for t in all_tasks for i in t.indicators_all if _indicator_in_scope(ctx, i)]
    if ctx.department is not None:
        visible = DepartmentsVisible(read_all=False, department_id=ctx.department.pk)
        ctx.foreign_indicators = {i.pk for i in ctx.indicators if not visible.can_read(i.reporting_department_id)}


def _task_in_scope(ctx, task) -> bool:
    """County: every task; a department: the tasks it leads or supports."""
    return ctx.department is None or any(a.department_id == ctx.department.pk for a in task.assignments_all)


def _indicator_in_scope(ctx, indicator) -> bool:
    """County: every indicator; a department: those of its tasks and those it reports."""
    if ctx.department is None or indicator.reporting_department_id == ctx.department.pk:
        return True
    return _task_in_scope(ctx, indicator.task)


SCORE_FIELDS = (
    "level",
    "period_id",
    "plan_id",
    "indicator_id",
    "task_id",
    "system_id",
    "department_id",
    "progress",
    "progress_raw",
    "expected",
    "status",
    "forecast",
    "forecast_met",
    "score",
    "grade",
    "components",
    "config_version",
)


def _scores_load(ctx) -> None:
    """Every stored score of the plan at the report's periods, as ``SimpleNamespace`` rows with the Score
    field names (plain rows: no model instances to build): one query."""
    period_ids = {p.pk for _y, p in ctx.year_periods} | ({ctx.as_of.pk} if ctx.as_of else set())
    for row in Score.objects.filter(plan=ctx.plan, period_id__in=period_ids).values(*SCORE_FIELDS):
        object_id = row["plan_id"] if row["level"] == "plan" else row[f"{row['level']}_id"]
        if row["level"] == "indicator" and object_id in ctx.foreign_indicators:
            row = figures_masked(row, INDICATOR_FIGURE_FIELDS)  # another department's: its status only
        ctx.scores[(row["level"], object_id, row["period_id"])] = SimpleNamespace(**row)


@dataclass(frozen=True)
class LatestValue:
    """The latest approved figure of an indicator: value (indicator's unit), its period "2025年第4季度", 正式 or not."""

    value: object
    period_label: str
    is_final: bool
    note: str


def _values_load(ctx) -> None:
    """The latest approved figure of each indicator up to the as-of period (正式 before 初步): one query."""
    if ctx.as_of is None:
        return
    rows = (
        IndicatorValue.objects.filter(indicator__task__system__plan=ctx.plan, status=ReviewStatus.APPROVED)
        .filter(_until(ctx.as_of), value__isnull=False)
        .order_by("indicator_id", "-period__year", "-period__quarter", "-is_final")
        .values_list("indicator_id", "value", "period__year", "period__quarter", "is_final", "note")
    )
    for indicator_id, value, year, quarter, is_final, note in rows:
        if indicator_id in ctx.foreign_indicators:
            continue
        if indicator_id not in ctx.latest_values:
            ctx.latest_values[indicator_id] = LatestValue(value, quarter_name(year, quarter), is_final, note)


def _until(period, prefix: str = "period__") -> Q:
    """Periods up to and including ``period``."""
    return Q(**{f"{prefix}year__lt": period.year}) | Q(
        **{f"{prefix}year": period.year, f"{prefix}quarter__lte": period.quarter}
    )


def _milestones_load(ctx) -> None:
    """Latest approved report of each milestone up to the as-of period and its evidence count: two queries."""
    if ctx.as_of is None:
        return
    visible = DepartmentsVisible(read_all=ctx.department is None, department_id=ctx.department and ctx.department.pk)
    rows = (
        MilestoneReport.objects.filter(milestone__task__system__plan=ctx.plan, status=ReviewStatus.APPROVED)
        .filter(_until(ctx.as_of))
        .order_by("milestone_id", "-period__year", "-period__quarter", "-reviewed_at")
        .values_list(
            "milestone_id",
            "state",
            "percent_done",
            "description",
            "period__year",
            "period__quarter",
            "submission__department_id",
        )
    )
    for milestone_id, state, percent, description, year, quarter, department_id in rows:
        if not visible.can_read(department_id):  # another department's report: its state only
            percent, description = None, ""
        if milestone_id not in ctx.milestone_reports:
            ctx.milestone_reports[milestone_id] = LatestReport(state, percent, description, quarter_name(year, quarter))
    counts = (
        Evidence.objects.filter(
            milestone_report__milestone__task__system__plan=ctx.plan, milestone_report__status=ReviewStatus.APPROVED
        )
        .filter(_until(ctx.as_of, "milestone_report__period__"))
        .filter(*([Q(milestone_report__submission__department=ctx.department)] if ctx.department is not None else []))
        .values("milestone_report__milestone_id")
        .annotate(n=Count("id"))
    )
    ctx.evidence_counts = {row["milestone_report__milestone_id"]: row["n"] for row in counts}


@dataclass(frozen=True)
class LatestReport:
    """The latest approved progress of a milestone: state (MilestoneReport.State), % done, text, period."""

    state: str
    percent_done: object
    description: str
    period_label: str


def _departments_load(ctx, params) -> None:
    """Assessed departments (assigned a task, reporting an indicator, or scored) and their vetoes: two queries."""
    ids = {pk for (level, pk, _p) in ctx.scores if level == "department"}
    counts = defaultdict(lambda: defaultdict(int))
    for task in ctx.cache["all_tasks"]:
        for assignment in task.assignments_all:
            counts[assignment.department_id][assignment.role] += 1
            ids.add(assignment.department_id)
        ids |= {i.reporting_department_id for i in task.indicators_all}
    ctx.assignment_counts = counts
    ctx.assessed_departments = list(Department.objects.filter(pk__in=ids).order_by("order", "code"))
    years = _veto_years(ctx, params)
    for veto in AssessmentVeto.objects.filter(department_id__in=ids, year__in=years).order_by("year", "id"):
        ctx.veto_reasons.setdefault(veto.department_id, []).append(
            _("%(year)s年 %(reason)s:%(description)s")
            % {"year": veto.year, "reason": veto.get_reason_display(), "description": veto.description}
        )


def _veto_years(ctx, params) -> list[int]:
    if params.period_kind == PLAN:
        return list(range(ctx.plan.period_start.year, ctx.plan.target_year + 1))
    return [params.year]


# ------------------------------------------------------------------------------------------ timeliness


def _timeliness_periods(ctx, params) -> list[ReportingPeriod]:
    """The quarter itself; a year's four quarters; the plan period's quarters."""
    if params.period_kind == QUARTER:
        return [ctx.as_of]
    if params.period_kind == YEAR:
        return [p for p in ctx.periods if p.year == params.year]
    start, end = ctx.plan.period_start, ctx.plan.period_end
    return [p for p in ctx.periods if start <= p.end <= end]


def _due_profile(ctx) -> dict[int, list[bool]]:
    """department id → [due every quarter, has annual figures], from this plan's structure: a quarterly
    indicator or a milestone of a task it leads makes it due every quarter, an annual indicator with Q4.

    The rule of ``indicators.entry.timeliness.timeliness_table`` (whose due dates and verdicts are used below),
    read from the already loaded plan instead of two queries over every plan's indicators and tasks.
    """
    profile = defaultdict(lambda: [False, False])
    for task in ctx.cache["all_tasks"]:
        for ind in task.indicators_all:
            profile[ind.reporting_department_id][0 if ind.frequency == Frequency.QUARTERLY else 1] = True
        if task.milestones_all:
            for assignment in task.assignments_all:
                if assignment.role == TaskAssignment.Role.LEAD:
                    profile[assignment.department_id][0] = True
    return profile


def _timeliness_rows(ctx, periods) -> list[TimelinessRow]:
    """On time, late by N days, missing (N days overdue) or pending, per (department, period) with something
    due: due dates and verdicts by ``indicators.entry.timeliness.due_date`` / ``timeliness_of`` — the rules of the
    assessment's timeliness part — from the first submission time. Pairs with nothing due (annual-only
    departments in Q1–Q3) are left out. One query."""
    profile = _due_profile(ctx)
    departments = [d for d in ([ctx.department] if ctx.department else ctx.assessed_departments) if d.pk in profile]
    firsts = dict(
        ((d, p), first)
        for d, p, first in Submission.objects.filter(
            department_id__in=[d.pk for d in departments],
            period__in=periods,
        ).values_list("department_id", "period_id", "first_submitted_at")
    )
    rows = []
    for dept in sorted(departments, key=lambda d: d.code):
        quarterly, annual = profile[dept.pk]
        for period in periods:
            due_on = due_date(period=period, has_due_quarterly=quarterly, has_annual=annual)
            first = firsts.get((dept.pk, period.pk))
            entry = timeliness_of(due_on=due_on, first_submitted_at=first, today=ctx.today)
            if entry.kind != TimelinessKind.NOT_DUE:
                local = timezone.localtime(first).replace(tzinfo=None, second=0, microsecond=0) if first else None
                rows.append(TimelinessRow(dept, period, entry.due_on, local, entry.kind, entry.days or None))
    return rows


# ------------------------------------------------------------------------------------------ rules


def _rules_load(ctx) -> None:
    """The configuration the scores used (version of the plan's score), in words: one query."""
    score = ctx.score("plan", ctx.plan.pk)
    version = getattr(score, "config_version", "") or ""
    config = (
        ScoringConfig.objects.filter(version=version).first()
        if version
        else ScoringConfig.objects.filter(is_active=True).first()
    )
    ctx.config_version = version or getattr(config, "version", "") or ScoringRules().version
    ctx.rules = rules_describe(_rules_of(config, ctx.config_version))


def _rules_of(config, version: str) -> ScoringRules:
    """``ScoringRules`` of a ``ScoringConfig`` row; the engine defaults when there is none."""
    return ScoringRules(version=version) if config is None else rules_from_config(config)
