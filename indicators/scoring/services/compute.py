"""Computing the rows of a recompute in memory: indicators (the engine at each period's last day) and the
roll-ups — task, system, plan (weighted means of their parts) and department (考核, ``engine.department_assess``).

Inputs without approved data score 0 in roll-ups (the engine's ``IndicatorResult.score``): a figure that was
due and not reported is the department's failure. An indicator whose target for the year was never set
(目标未下达, ``engine.Status.NO_TARGET``) is left out of the task, system, plan and department roll-ups, the
remaining weights renormalised (the weighted mean of the parts left); a roll-up with no part left is itself
目标未下达. A roll-up's expected progress (时序进度) is the same weighted mean of its parts' expected progress,
and its status compares the two with ``engine.status_classify`` (achieved = every part achieved). The rules
in words: ``ROLLUP_RULE`` (printed on the score rows, 试算, the workbook's rule sheet and the dashboard).
"""

import dataclasses
import datetime as dt
import logging
from decimal import Decimal

from django.db.models import Q

from indicators.models import Indicator, ReportingPeriod, Score, ScoreStatus
from indicators.scoring import engine
from indicators.scoring.selectors import (
    department_inputs,
    indicator_spec,
    milestone_reports_approved,
    observations_approved,
    scores_stored,
)
from indicators.scoring.services.context import L, _Context, _StoredRowMissing
from indicators.scoring.services.store import _fields, _text

log = logging.getLogger(__name__)
_ZERO = Decimal(0)


# How the roll-ups treat 目标未下达 and missing figures, in words (issue 11).
ROLLUP_RULE = "目标未下达的指标不参与计算,其余权重按比例折算;应报未报(无数据)的按0分计入。"


@dataclasses.dataclass(frozen=True)
class _Part:
    """What a roll-up needs of one part: score 0–100 (0 without data), expected %, achieved, has data, and
    whether it counts at all (False: 目标未下达, left out with its weight)."""

    score: Decimal
    expected: Decimal | None
    met: bool
    has_data: bool
    counted: bool = True


def _compute_plan(ctx: _Context) -> dict[tuple, dict]:
    """Every level of the plan for ctx.periods: {(level, object id, period_id): fields}. 4 queries."""
    s = ctx.structure
    observations = observations_approved(indicator_ids=list(s.indicators))
    reports = milestone_reports_approved(milestone_ids=list(s.milestones))
    inputs = department_inputs(structure=s, department_ids=s.department_ids(), periods=ctx.all_periods, today=ctx.today)
    rows, departments = {}, s.department_ids()
    for indicator in s.indicators.values():
        for period_id, fields in _indicator_rows(ctx, indicator, observations.get(indicator.pk, [])).items():
            rows[L.INDICATOR, indicator.pk, period_id] = fields
    for period in ctx.periods:
        rows |= _rollups(ctx, period, rows, reports, inputs, tasks=s.tasks, systems=s.systems, departments=departments)
    return rows


def _compute_incremental(ctx: _Context, *, task_id: int, indicator_id: int | None) -> tuple[dict, dict]:
    """(computed, stored) rows for one indicator/milestone change: the indicator, its task, system,
    plan and the task's departments, for ctx.periods; other parts come from stored rows. 5 queries
    (4 when the task has no milestones)."""
    return _compute_items(ctx, task_ids={task_id}, indicator_ids={indicator_id} - {None})


def _compute_items(ctx: _Context, *, task_ids: set, indicator_ids: set) -> tuple[dict, dict]:
    """(computed, stored) rows for changes of several indicators/milestones at once (a whole form, the
    marks of one drain): those indicators, their tasks, the tasks' systems, the plan and the tasks'
    departments, for ctx.periods; every other part comes from its stored row. 5 queries whatever the
    number of items (4 without milestones); raises _StoredRowMissing when a stored part is absent."""
    s = ctx.structure
    systems = {s.tasks[t][0] for t in task_ids}
    departments = set().union(*(s.departments_of(t) for t in task_ids))
    tasks = {t for system_id in systems for t in s.tasks_of(system_id)}
    tasks |= {t for t, d, _r in s.assignments if d in departments}
    own_indicators = [i.pk for t in task_ids for i in s.indicators_by_task.get(t, [])]
    stored = scores_stored(
        Score.objects.filter(plan=ctx.plan, period__in=ctx.periods).filter(
            Q(level=L.INDICATOR, indicator_id__in=own_indicators)
            | Q(level=L.TASK, task_id__in=tasks)
            | Q(level=L.SYSTEM, system_id__in=list(s.systems))
            | Q(level=L.PLAN)
            | Q(level=L.DEPARTMENT, department_id__in=departments)
        )
    )
    rows = dict(stored)
    computed = {}
    observations = observations_approved(indicator_ids=list(indicator_ids)) if indicator_ids else {}
    for indicator_id in indicator_ids:
        for period_id, fields in _indicator_rows(
            ctx, s.indicators[indicator_id], observations.get(indicator_id, [])
        ).items():
            computed[L.INDICATOR, indicator_id, period_id] = rows[L.INDICATOR, indicator_id, period_id] = fields
    milestones = [m for t in task_ids for m in s.milestones_of(t)]
    reports = milestone_reports_approved(milestone_ids=milestones) if milestones else {}
    inputs = department_inputs(structure=s, department_ids=departments, periods=ctx.all_periods, today=ctx.today)
    for period in ctx.periods:
        new = _rollups(
            ctx,
            period,
            rows,
            reports,
            inputs,
            tasks={t: s.tasks[t] for t in task_ids},
            systems={system_id: s.systems[system_id] for system_id in systems},
            departments=departments,
        )
        rows |= new
        computed |= new
    return computed, {key: stored[key] for key in computed if key in stored}


def _compute_departments(ctx: _Context, rows: dict) -> dict[tuple, dict]:
    """The department rows of every department of the plan for ctx.periods, from the task rows in
    ``rows`` (raises _StoredRowMissing when one is absent). 2 queries (forms, vetoes)."""
    s = ctx.structure
    departments = s.department_ids()
    inputs = department_inputs(structure=s, department_ids=departments, periods=ctx.all_periods, today=ctx.today)
    return {
        (L.DEPARTMENT, department_id, period.pk): _department_fields(ctx, department_id, period, rows, inputs)
        for period in ctx.periods
        for department_id in departments
    }


def _rollups(ctx, period, rows, reports, inputs, *, tasks, systems, departments) -> dict[tuple, dict]:
    """Task, system, plan and department rows of one period, from the part rows in ``rows``
    (computed or stored; raises _StoredRowMissing when one is absent)."""
    s, pid, new = ctx.structure, period.pk, {}
    for task_id in tasks:
        parts = [(_part(_row(rows, L.INDICATOR, i.pk, pid)), i.weight) for i in s.indicators_by_task.get(task_id, [])]
        parts += [
            (_milestone_part(ctx, reports.get(m, []), due, period), weight)
            for m, weight, due in s.milestones_by_task.get(task_id, [])
        ]
        new[L.TASK, task_id, pid] = rows[L.TASK, task_id, pid] = _rollup_fields(ctx, parts, period, ctx.task_rule)
    for system_id in systems:
        parts = [(_part(_row(rows, L.TASK, t, pid)), s.tasks[t][1]) for t in s.tasks_by_system.get(system_id, [])]
        new[L.SYSTEM, system_id, pid] = rows[L.SYSTEM, system_id, pid] = _rollup_fields(
            ctx, parts, period, "体系得分=所属任务得分按任务权重加权平均;" + ROLLUP_RULE
        )
    parts = [(_part(_row(rows, L.SYSTEM, system_id, pid)), weight) for system_id, weight in s.systems.items()]
    new[L.PLAN, ctx.plan.pk, pid] = _rollup_fields(
        ctx, parts, period, "规划总得分=各体系得分按体系权重加权平均;" + ROLLUP_RULE
    )
    for department_id in departments:
        new[L.DEPARTMENT, department_id, pid] = _department_fields(ctx, department_id, period, rows, inputs)
    return new


def _row(rows: dict, level: str, object_id: int, period_id: int) -> dict:
    try:
        return rows[level, object_id, period_id]
    except KeyError:
        raise _StoredRowMissing((level, object_id, period_id)) from None


def _part(fields: dict) -> _Part:
    """A stored or computed row as a roll-up part (achieved ⇔ status 已达标, data ⇔ not 无数据)."""
    status = fields["status"]
    return _Part(
        fields["score"] if fields["score"] is not None else _ZERO,
        fields["expected"],
        status == ScoreStatus.ACHIEVED,
        status not in (ScoreStatus.NO_DATA, ScoreStatus.NO_TARGET),
        status != ScoreStatus.NO_TARGET,
    )


def _indicator_rows(ctx: _Context, indicator: Indicator, observations: list) -> dict[int, dict]:
    """{period_id: fields} of one indicator over ctx.periods (engine at each period's last day).

    An indicator whose settings the engine refuses (e.g. a target year before the plan start) gets
    无数据 rows naming the problem instead of stopping the whole recompute.
    """
    try:
        spec = indicator_spec(indicator, plan_start=ctx.plan.period_start)
    except (ValueError, TypeError, ArithmeticError) as exc:
        log.warning("indicator %s has settings the engine refuses: %s", indicator.pk, exc)
        return {
            p.pk: _fields(ctx, status=engine.Status.NO_DATA, score=_ZERO, rule=f"指标口径设置有误,无法评价:{exc}")
            for p in ctx.periods
        }
    rows = {}
    for period in ctx.periods:
        r = engine.indicator_evaluate(spec, observations, as_of=period.end, rules=ctx.rules)
        rows[period.pk] = _fields(
            ctx,
            current_value=r.current,
            progress_raw=r.progress_raw,
            progress=r.progress,
            expected=r.expected,
            status=r.status,
            forecast=r.forecast,
            forecast_met=r.forecast_met,
            score=r.score,
            rule=r.rule,
        )
    return rows


def _milestone_part(ctx: _Context, reports: list, due: dt.date, period: ReportingPeriod) -> _Part:
    """Share done of a milestone at ``period`` from its latest approved report up to it (none: 未启动, 0)."""
    latest = None
    for year, quarter, state, percent in reports:  # ordered by period
        if (year, quarter) <= (period.year, period.quarter):
            latest = (state, percent)
    expected = engine.expected_progress(ctx.milestone_spec(due), as_of=period.end)
    if latest is None:
        return _Part(_ZERO, expected, False, False)
    share = engine.milestones_progress([(latest[0], latest[1], Decimal(1))], ctx.rules)
    return _Part(share, expected, latest[0] == engine.MilestoneState.DONE, True)


def _rollup_fields(ctx: _Context, parts: list, period: ReportingPeriod, rule: str) -> dict:
    """Weighted mean of the parts' scores and expected progress, and the status comparing them.

    Negative weights (a slip in the admin) count as 0. Parts that do not count (目标未下达) are left out, the
    other weights renormalised; none left → 目标未下达, score 0. No part with data → 无数据 and score 0.
    """
    if parts and not any(p.counted for p, _w in parts):
        return _fields(ctx, status=engine.Status.NO_TARGET, score=_ZERO, rule=rule)
    parts = [(p, max(w, _ZERO)) for p, w in parts if p.counted]
    has_data = any(p.has_data for p, _w in parts)
    progress = engine.weighted_mean((p.score, w) for p, w in parts) if has_data else None
    expected = engine.weighted_mean((p.expected, w) for p, w in parts)
    met = has_data and all(p.met for p, _w in parts)
    status = engine.status_classify(
        progress_raw=progress,
        expected=expected if expected is not None else _ZERO,
        met=met,
        target_passed=period.end >= ctx.plan.period_end,
        has_data=has_data,
        rules=ctx.rules,
    )
    return _fields(
        ctx,
        progress_raw=progress,
        progress=progress,
        expected=expected,
        status=status,
        score=progress if progress is not None else _ZERO,
        rule=rule,
    )


def _department_fields(ctx: _Context, department_id: int, period: ReportingPeriod, rows: dict, inputs) -> dict:
    """考核 of one department at ``period`` (engine.department_assess).

    Tasks it leads and supports at this period; timeliness, returned forms and veto of the period's
    year up to and including this period ("missing" counted without its day count, which only
    grows and does not change the points).
    """
    s, pid, rules = ctx.structure, period.pk, ctx.rules
    lead = [p for t in s.tasks_led.get(department_id, []) if (p := _part(_row(rows, L.TASK, t, pid))).counted]
    support = [p for t in s.tasks_supported.get(department_id, []) if (p := _part(_row(rows, L.TASK, t, pid))).counted]
    year_so_far = ctx.year_so_far[pid]
    timeliness = [
        _timeliness_pair(inputs.timeliness[department_id, q])
        for q in year_so_far
        if (department_id, q) in inputs.timeliness
    ]
    returned = sum(inputs.returned.get((department_id, q), 0) for q in year_so_far)
    veto = (department_id, period.year) in inputs.vetoes
    overdue_orders, returned_orders = ctx.order_counts.get((department_id, pid), (0, 0))
    result = engine.department_assess(
        engine.DepartmentInput(
            tuple(p.score for p in lead),
            tuple(p.score for p in support),
            tuple(timeliness),
            returned,
            veto,
            engine.OrderDeductions(overdue_orders, returned_orders),
        ),
        rules,
    )
    weighted = [(p, rules.lead_weight) for p in lead] + [(p, rules.support_weight) for p in support]
    expected = engine.weighted_mean((p.expected, w) for p, w in weighted)
    has_data = any(p.has_data for p, _w in weighted)
    status = engine.status_classify(
        progress_raw=result.progress if has_data else None,
        expected=expected if expected is not None else _ZERO,
        met=has_data and all(p.met for p, _w in weighted),
        target_passed=period.end >= ctx.plan.period_end,
        has_data=has_data,
        rules=rules,
    )
    components = {
        "progress": _text(result.progress),
        "timeliness": _text(result.timeliness),
        "deduction": _text(result.deduction),
        "veto": veto,
        "lead_tasks": len(lead),
        "support_tasks": len(support),
        "returned_count": returned,
        "timeliness_items": [list(pair) for pair in timeliness],
    }
    if ctx.orders_deduct:  # 督办 deductions (issue 14): only when a rule is set, so stored rows stay as they were
        components |= {
            "order_overdue": overdue_orders,
            "order_returned": returned_orders,
            "order_deduction": _text(result.order_deduction),
        }
    return _fields(
        ctx,
        progress_raw=result.progress,
        progress=result.progress,
        expected=expected,
        status=status,
        score=result.score,
        grade=result.grade,
        components=components,
        rule=ctx.department_rule,
    )


def _timeliness_pair(pair: tuple[str, int]) -> tuple[str, int]:
    code, days = pair
    return (code, 0) if code == engine.Timeliness.MISSING else (code, days)
