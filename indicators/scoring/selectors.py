"""Reads for scoring: the inputs of a recompute, and the stored scores for pages and reports.

Inputs (used by ``scoring.services``): the plan's structure, the periods to score, approved figures
(``indicators.entry.selectors.values_approved_for_scoring``: final preferred over provisional), approved
milestone reports, timeliness (the rule of ``indicators.entry.timeliness.timeliness_table``, per plan),
returned submissions and vetoes. Outputs (for pages, the dashboard and reports): stored ``Score`` rows, which pages
read and
never recompute. Percentages are Decimals on a 0–100 scale.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Q

from indicators.entry.selectors import values_approved_for_scoring
from indicators.entry.timeliness import due_date, timeliness_of
from indicators.models import (
    AssessmentVeto,
    Frequency,
    Indicator,
    MilestoneReport,
    ReportingPeriod,
    ReviewStatus,
    Score,
    Submission,
)
from indicators.scoring.engine import GrowthUnit, IndicatorSpec, Observation
from responsibilities.models import TaskAssignment
from tasks.models import EcoSystem, Milestone, Plan, PlanTask

# ---------------------------------------------------------------------------------------------------
# Inputs of a recompute
# ---------------------------------------------------------------------------------------------------


@dataclass
class PlanStructure:
    """The plan's tree as plain data (ids and weights), loaded in 5 queries.

    ``systems``: {system_id: weight}; ``tasks``: {task_id: (system_id, weight)}; ``indicators``:
    {indicator_id: Indicator} (model rows, ordered by task and code); ``milestones``: {milestone_id:
    (task_id, weight, due_date)}; ``assignments``: [(task_id, department_id, role)].
    """

    plan: Plan
    systems: dict = field(default_factory=dict)
    tasks: dict = field(default_factory=dict)
    indicators: dict = field(default_factory=dict)
    milestones: dict = field(default_factory=dict)
    assignments: list = field(default_factory=list)

    @cached_property
    def indicators_by_task(self) -> dict[int, list[Indicator]]:
        return _group((i.task_id, i) for i in self.indicators.values())

    @cached_property
    def milestones_by_task(self) -> dict[int, list[tuple]]:
        """{task_id: [(milestone_id, weight, due_date)]}."""
        return _group((task, (pk, weight, due)) for pk, (task, weight, due) in self.milestones.items())

    @cached_property
    def tasks_by_system(self) -> dict[int, list[int]]:
        return _group((system, pk) for pk, (system, _w) in self.tasks.items())

    @cached_property
    def tasks_led(self) -> dict[int, list[int]]:
        """{department_id: [task_id]} of the tasks it leads (牵头)."""
        return _group((d, t) for t, d, role in self.assignments if role == TaskAssignment.Role.LEAD)

    @cached_property
    def tasks_supported(self) -> dict[int, list[int]]:
        """{department_id: [task_id]} of the tasks it supports (配合)."""
        return _group((d, t) for t, d, role in self.assignments if role == TaskAssignment.Role.SUPPORT)

    def tasks_of(self, system_id: int) -> list[int]:
        return self.tasks_by_system.get(system_id, [])

    def milestones_of(self, task_id: int) -> list[int]:
        return [pk for pk, _w, _d in self.milestones_by_task.get(task_id, [])]

    def department_ids(self) -> set[int]:
        """Departments assessed in this plan: assigned to a task, or reporting one of its indicators."""
        return {d for _t, d, _r in self.assignments} | {i.reporting_department_id for i in self.indicators.values()}

    def departments_of(self, task_id: int) -> set[int]:
        """Departments assigned (lead or support) to the task."""
        return {d for t, d, _r in self.assignments if t == task_id}


def _group(pairs) -> dict[int, list]:
    grouped = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return dict(grouped)


def plan_structure(*, plan: Plan) -> PlanStructure:
    """The plan's systems, tasks, indicators, milestones and assignments. 5 queries."""
    s = PlanStructure(plan=plan)
    s.systems = dict(EcoSystem.objects.filter(plan=plan).values_list("id", "weight"))
    s.tasks = {
        pk: (system, weight)
        for pk, system, weight in PlanTask.objects.filter(system__plan=plan).values_list("id", "system_id", "weight")
    }
    s.indicators = {i.pk: i for i in Indicator.objects.filter(task__system__plan=plan).order_by("task_id", "code")}
    s.milestones = {
        pk: (task, weight, due)
        for pk, task, weight, due in Milestone.objects.filter(task__system__plan=plan).values_list(
            "id", "task_id", "weight", "due_date"
        )
    }
    s.assignments = list(
        TaskAssignment.objects.filter(task__system__plan=plan).values_list("task_id", "department_id", "role")
    )
    return s


def plans_assessing(*, department_id: int) -> list[Plan]:
    """Plans whose department assessment (考核) includes the department, by id: it is assigned (lead or
    support) to one of their tasks or reports one of their indicators (``PlanStructure.department_ids``).
    One query (IN subqueries, no DISTINCT over joins)."""
    assigned = TaskAssignment.objects.filter(department_id=department_id).values("task__system__plan_id")
    reporting = Indicator.objects.filter(reporting_department_id=department_id).values("task__system__plan_id")
    return list(Plan.objects.filter(Q(pk__in=assigned) | Q(pk__in=reporting)).order_by("pk"))


def scoring_periods(*, plan: Plan, every: list | None = None) -> list[ReportingPeriod]:
    """Every reporting period from the plan's first quarter to the latest period, oldest first.

    Periods after the plan end (2026 …) are included: their values keep being scored against the
    plan's targets. ``every``: all periods, already loaded (no query); else 1 query.
    """
    start = plan.period_start
    first = (start.year, (start.month - 1) // 3 + 1)
    every = periods_every() if every is None else every
    return [p for p in every if (p.year, p.quarter) >= first]


def periods_every() -> list[ReportingPeriod]:
    """All reporting periods, oldest first. 1 query."""
    return list(ReportingPeriod.objects.order_by("year", "quarter"))


def indicator_spec(indicator: Indicator, *, plan_start: dt.date) -> IndicatorSpec:
    """The engine's IndicatorSpec of a stored indicator.

    ``yearly_targets`` JSON ({"2023": "85.0"}, numbers or strings) becomes ((2023, Decimal("85.0")),);
    an empty ``growth_unit`` means percentage points. Raises ValueError/TypeError/ArithmeticError for
    settings the engine cannot use (a target year before the plan start, a non-numeric yearly target).
    """
    yearly = tuple(
        sorted(
            (int(year), Decimal(str(value)))
            for year, value in (indicator.yearly_targets or {}).items()
            if value not in (None, "")
        )
    )
    return IndicatorSpec(
        kind=indicator.kind,
        comparator=indicator.comparator,
        target_value=indicator.target_value,
        target_year=indicator.target_year,
        plan_start=plan_start,
        baseline_value=indicator.baseline_value,
        baseline_year=indicator.baseline_year,
        yearly_targets=yearly,
        accumulation=indicator.accumulation,
        growth_unit=indicator.growth_unit or GrowthUnit.POINTS,
    )


def observations_approved(*, indicator_ids) -> dict[int, list[Observation]]:
    """Approved figures as engine observations: {indicator_id: [Observation(year, quarter, value)]}.

    One per (indicator, period), the final (正式) figure preferred over the provisional (初步) one,
    ordered by period; indicators without approved figures are absent. One query.
    """
    approved = values_approved_for_scoring(indicator_ids=indicator_ids)
    return {pk: [Observation(v.year, v.quarter, v.value) for v in values] for pk, values in approved.items()}


def milestone_reports_approved(*, milestone_ids) -> dict[int, list[tuple]]:
    """Approved milestone progress: {milestone_id: [(year, quarter, state, percent_done)]} by period.

    One row per (milestone, period): when several lead departments reported the same period, the
    last reviewed report wins. One query.
    """
    rows = (
        MilestoneReport.objects.filter(milestone_id__in=list(milestone_ids), status=ReviewStatus.APPROVED)
        .order_by("milestone_id", "period__year", "period__quarter", "reviewed_at", "id")
        .values_list("milestone_id", "period__year", "period__quarter", "state", "percent_done")
    )
    chosen = {}
    for milestone_id, year, quarter, state, percent in rows:
        chosen[milestone_id, year, quarter] = (year, quarter, state, percent)
    result = defaultdict(list)
    for (milestone_id, _y, _q), item in chosen.items():
        result[milestone_id].append(item)
    return dict(result)


@dataclass
class DepartmentInputs:
    """What the department assessment needs besides task scores, per (department_id, period_id).

    ``timeliness``: {(department_id, period_id): (code, days)} for due pairs only (on_time / late /
    missing); ``returned``: {(department_id, period_id): returned_count}; ``vetoes``: {(department_id,
    year)}.
    """

    timeliness: dict
    returned: dict
    vetoes: set


def department_duties(structure: PlanStructure) -> dict[int, dict]:
    """What each department of the plan must report: {department_id: {"quarterly": bool, "annual": bool}}.

    The rule of ``indicators.entry.timeliness.timeliness_table`` (quarterly: a quarterly indicator, or a milestone
    of a task it leads; annual: an annual indicator), taken from this plan's structure. No query.
    """
    duties = {pk: {"quarterly": False, "annual": False} for pk in structure.department_ids()}
    for indicator in structure.indicators.values():
        duties[indicator.reporting_department_id][
            "annual" if indicator.frequency == Frequency.ANNUAL else "quarterly"
        ] = True
    for department_id, tasks in structure.tasks_led.items():
        if any(structure.milestones_by_task.get(t) for t in tasks):
            duties[department_id]["quarterly"] = True
    return duties


def department_inputs(*, structure: PlanStructure, department_ids, periods, today: dt.date) -> DepartmentInputs:
    """Timeliness, returned forms and vetoes of the plan's departments over the periods. 2 queries.

    Timeliness follows the entry workflow's own rule functions (``indicators.entry.timeliness.due_date`` and
    ``timeliness_of``): annual-only departments are due only with Q4; a form neither submitted nor yet
    due is left out.
    """
    department_ids = list(department_ids)
    duties = department_duties(structure)
    forms = {
        (d, p): (at, returned)
        for d, p, at, returned in Submission.objects.filter(
            department_id__in=department_ids,
            period__in=periods,
        ).values_list("department_id", "period_id", "first_submitted_at", "returned_count")
    }
    due, returned = {}, {}
    for department_id in department_ids:
        duty = duties.get(department_id, {"quarterly": False, "annual": False})
        for period in periods:
            first_at, count = forms.get((department_id, period.pk), (None, 0))
            returned[department_id, period.pk] = count
            on = due_date(period=period, has_due_quarterly=duty["quarterly"], has_annual=duty["annual"])
            pair = timeliness_of(due_on=on, first_submitted_at=first_at, today=today).as_pair()
            if pair[0] in ("on_time", "late", "missing"):
                due[department_id, period.pk] = pair
    years = {p.year for p in periods}
    vetoes = set(
        AssessmentVeto.objects.filter(department_id__in=department_ids, year__in=years).values_list(
            "department_id", "year"
        )
    )
    return DepartmentInputs(due, returned, vetoes)


# Fields compared to decide whether a stored row changed (and copied when it did).
SCORE_VALUE_FIELDS = (
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
SCORE_KEY_FIELDS = ("id", "level", "indicator_id", "task_id", "system_id", "department_id", "period_id")


def scores_stored(queryset, *, digest_only: bool = False) -> dict[tuple, dict]:
    """Stored rows keyed (level, object id, period_id) → {"id", value fields…, "digest"}. One query.

    The object id is the indicator, task, system or department id; for the plan level the plan id.
    ``digest_only``: keys, id, digest and status only (a full recompute compares digests: a narrow read; the
    status tells which rows became 目标未下达).
    """
    stored = {}
    values = ("digest", "status") if digest_only else (*SCORE_VALUE_FIELDS, "digest")
    for row in queryset.order_by().values("plan_id", *SCORE_KEY_FIELDS, *values):  # no join to sort
        stored[score_key(row)] = row
    return stored


def score_key(row: dict) -> tuple:
    """(level, object id, period_id) of a stored or computed row."""
    level = row["level"]
    object_id = row["plan_id"] if level == Score.Level.PLAN else row[f"{level}_id"]
    return level, object_id, row["period_id"]


# ---------------------------------------------------------------------------------------------------
# Stored scores for pages and reports
# ---------------------------------------------------------------------------------------------------


def department_assessment(*, plan: Plan, period: ReportingPeriod) -> list[dict]:
    """Department assessment (考核) at a period, best first: [{"department_id", "code", "name", "score",
    "grade", "progress", "timeliness", "deduction", "veto", "status"}]. Vetoed departments last. One query.

    ``progress``/``timeliness``/``deduction`` are the engine's parts (points, Decimal or None) as stored
    in ``components``.
    """
    rows = Score.objects.filter(plan=plan, level=Score.Level.DEPARTMENT, period=period).values(
        "department_id", "department__code", "department__short_name", "score", "grade", "status", "components"
    )
    result = [_assessment_row(r) for r in rows]
    return sorted(result, key=lambda r: (r["veto"], -(r["score"] or 0), r["code"]))


def _assessment_row(row: dict) -> dict:
    parts = row["components"] or {}
    number = lambda key: None if parts.get(key) is None else Decimal(str(parts[key]))  # noqa: E731
    return {
        "department_id": row["department_id"],
        "code": row["department__code"],
        "name": row["department__short_name"],
        "score": row["score"],
        "grade": row["grade"],
        "status": row["status"],
        "progress": number("progress"),
        "timeliness": number("timeliness"),
        "deduction": number("deduction"),
        "veto": bool(parts.get("veto")),
    }
