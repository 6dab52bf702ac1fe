"""Reads of the catalogue: the loaded plan as one tree (``manage.py plan_summary``)."""

from django.db.models import Prefetch

from indicators.models import (
    Indicator,
    Score,
)
from responsibilities.models import TaskAssignment
from tasks.models import Plan, PlanTask


def _decimal(value):
    return None if value is None else float(value)


def plan_summary(*, plan: Plan) -> dict:
    """The plan tree as plain data: systems → tasks → indicators, milestones and assignments.

    Shape: {"plan": {...}, "systems": [{"code", "order", "name", "aliases", "tasks": [{"number", "title",
    "target_statement", "assignments": [{"department", "department_code", "role"}], "indicators": [...],
    "milestones": [...]}]}]}; each indicator has "scores": its stored scores per quarter, oldest first
    ([{"period": "2023Q4", "progress", "progress_raw", "expected" (%, float or null), "status"}]).
    A fixed number of queries whatever the plan's size.
    """
    scores = (
        Score.objects.filter(level=Score.Level.INDICATOR)
        .select_related("period")
        .order_by("period__year", "period__quarter")
    )
    indicators = Indicator.objects.select_related("reporting_department").prefetch_related(
        Prefetch("scores", queryset=scores)
    )
    tasks = PlanTask.objects.order_by("number").prefetch_related(
        Prefetch("indicators", queryset=indicators),
        "milestones",
        Prefetch("assignments", queryset=TaskAssignment.objects.select_related("department")),
    )
    systems = plan.systems.order_by("order").prefetch_related(Prefetch("tasks", queryset=tasks))
    return {
        "plan": {
            "code": plan.code,
            "name": plan.name,
            "county": plan.county,
            "period_start": plan.period_start.isoformat(),
            "period_end": plan.period_end.isoformat(),
            "base_year": plan.base_year,
            "target_year": plan.target_year,
        },
        "systems": [_system_summary(system) for system in systems],
    }


def _system_summary(system) -> dict:
    return {
        "code": system.code,
        "order": system.order,
        "name": system.name,
        "aliases": system.aliases,
        "tasks": [_task_summary(task) for task in system.tasks.all()],
    }


def _task_summary(task) -> dict:
    return {
        "number": task.number,
        "title": task.title,
        "target_statement": task.target_statement,
        "assignments": [
            {"department": a.department.name, "department_code": a.department.code, "role": a.role}
            for a in task.assignments.all()
        ],
        "indicators": [_indicator_summary(i) for i in task.indicators.all()],
        "milestones": [
            {"code": m.code, "title": m.title, "due_date": m.due_date.isoformat(), "weight": _decimal(m.weight)}
            for m in task.milestones.all()
        ],
    }


def _indicator_summary(indicator: Indicator) -> dict:
    return {
        "code": indicator.code,
        "name": indicator.name,
        "kind": indicator.kind,
        "comparator": indicator.comparator,
        "target_value": _decimal(indicator.target_value),
        "unit": indicator.unit,
        "target_year": indicator.target_year,
        "target": indicator.target_display(),
        "baseline_value": _decimal(indicator.baseline_value),
        "binding": indicator.binding,
        "reporting_department": indicator.reporting_department.code,
        "frequency": indicator.frequency,
        "interpretation": indicator.interpretation,
        "scores": [
            {
                "period": score.period.label,
                "progress": _decimal(score.progress),
                "progress_raw": _decimal(score.progress_raw),
                "expected": _decimal(score.expected),
                "status": score.status,
            }
            for score in indicator.scores.all()
        ],
    }
