"""The recompute services: a whole plan, every plan, what one figure affects, the department level.

Every recompute of a plan first locks the plan row (``SELECT … FOR UPDATE``), so recomputes of one
plan never interleave and always read committed data; each runs in one transaction and is idempotent.
"""

import datetime as dt
import logging

from django.db import transaction

from indicators.models import ReportingPeriod, Score
from indicators.scoring.selectors import plans_assessing, scores_stored
from indicators.scoring.services.compute import (
    _compute_departments,
    _compute_incremental,
    _compute_items,
    _compute_plan,
)
from indicators.scoring.services.context import L, _context, _incremental_target, _plan_lock, _StoredRowMissing
from indicators.scoring.services.store import RecomputeReport, _scores_write
from tasks.models import Plan

log = logging.getLogger(__name__)


def scores_recompute(*, plan: Plan, periods=None, today: dt.date | None = None) -> RecomputeReport:
    """Recompute every stored score of ``plan`` for ``periods`` (default: plan start … latest period).

    Loads everything in a fixed number of queries (13 whatever the plan's size), runs the engine
    in memory, replaces changed rows, creates missing ones and deletes stale ones (rows of these
    periods whose object is no longer part of the plan). One transaction; idempotent.
    ``today`` (default: today in Asia/Shanghai) decides which forms are already missing.
    """
    with transaction.atomic():
        plan = _plan_lock(plan.pk)
        ctx = _context(plan, periods=periods, today=today)
        computed = _compute_plan(ctx)
        stored = scores_stored(Score.objects.filter(plan=plan, period__in=ctx.periods), digest_only=True)
        report = _scores_write(plan, computed, stored, delete_stale=True)
    log.info("scores_recompute plan=%s periods=%d %s", plan.code, len(ctx.periods), report)
    return report


def plans_recomputed():
    """The plans a full recompute covers: every plan but the archived ones, by id."""
    return Plan.objects.exclude(state=Plan.State.ARCHIVED).order_by("pk")


def scores_recompute_all(*, today: dt.date | None = None) -> RecomputeReport:
    """Recompute every plan but the archived ones (已归档: read-only, their scores stay as they were), one
    transaction per plan. Called by load_demo; the nightly job fans the same plans out (``plans_recomputed``)."""
    report = RecomputeReport()
    for plan in plans_recomputed():
        report += scores_recompute(plan=plan, today=today)
    return report


def scores_recompute_incremental(
    *, period_id: int, indicator_id: int | None = None, milestone_id: int | None = None, today: dt.date | None = None
) -> RecomputeReport:
    """Recompute what depends on one indicator's (or milestone's) figure of one period.

    From that period to the latest: the indicator (for a milestone: nothing at indicator level),
    its task, the task's system, the plan, and the departments assigned to the task. Sibling scores
    are read from their stored rows; if one is missing the plan is recomputed for these periods
    instead. 14 queries (+ one INSERT per 1000 changed rows), whatever the number of plans.
    Raises ValueError unless exactly one of indicator_id / milestone_id is given; an object
    deleted meanwhile is a no-op.
    """
    if (indicator_id is None) == (milestone_id is None):
        raise ValueError("give exactly one of indicator_id and milestone_id")
    target = _incremental_target(indicator_id=indicator_id, milestone_id=milestone_id)
    if target is None:
        return RecomputeReport()
    plan_id, task_id = target
    with transaction.atomic():
        plan = _plan_lock(plan_id)
        ctx = _context(plan, since_id=period_id, today=today)
        if ctx is None:  # the period was deleted meanwhile
            return RecomputeReport()
        try:
            computed, stored = _compute_incremental(ctx, task_id=task_id, indicator_id=indicator_id)
        except _StoredRowMissing:
            computed = _compute_plan(ctx)
            stored = scores_stored(Score.objects.filter(plan=plan, period__in=ctx.periods))
        return _scores_write(plan, computed, stored, delete_stale=False)


def scores_recompute_items(
    *,
    plan: Plan,
    period_id: int | None,
    indicator_ids=(),
    milestone_ids=(),
    today: dt.date | None = None,
) -> RecomputeReport:
    """Recompute what depends on several indicators and milestones of ``plan`` at once, from ``period_id``
    on (None: every period) — the batched form of ``scores_recompute_incremental`` (a whole-form approval
    of 12 items costs about one incremental recompute, not 12).

    The indicators, their tasks, the tasks' systems, the plan and the tasks' departments; siblings are
    read from their stored rows, and when one is missing — or an id no longer belongs to the plan — the
    plan is recomputed for these periods instead. 14 queries whatever the number of items. Call it inside
    the caller's transaction or alone (its own transaction, plan row locked).
    """
    with transaction.atomic():
        plan = _plan_lock(plan.pk)
        ctx = _context(plan, since_id=period_id, today=today)
        if ctx is None:  # the period was deleted meanwhile: every period
            ctx = _context(plan, today=today)
        s = ctx.structure
        indicators, milestones = set(indicator_ids), set(milestone_ids)
        try:
            if not indicators <= set(s.indicators) or not milestones <= set(s.milestones):
                raise _StoredRowMissing("an item left the plan")
            tasks = {s.indicators[i].task_id for i in indicators} | {s.milestones[m][0] for m in milestones}
            computed, stored = _compute_items(ctx, task_ids=tasks, indicator_ids=indicators)
            return _scores_write(plan, computed, stored, delete_stale=False)
        except _StoredRowMissing:
            computed = _compute_plan(ctx)
            stored = scores_stored(Score.objects.filter(plan=plan, period__in=ctx.periods))
            return _scores_write(plan, computed, stored, delete_stale=True)


def scores_recompute_departments(
    *, plan: Plan, from_period: ReportingPeriod | None = None, today: dt.date | None = None
) -> RecomputeReport:
    """Recompute only the department level (考核) of ``plan``, from ``from_period`` on (default: every period).

    For a change of timeliness or returned forms, which feed nothing else. Task scores are read
    from their stored rows (not recomputed); if one is missing, the plan is recomputed for these
    periods instead. Same department rows as ``scores_recompute``, stale ones (a department no
    longer in the plan) deleted too. 11 queries (+ one INSERT per 1000 changed rows), whatever the
    number of periods and departments; a period deleted meanwhile is a no-op.
    """
    with transaction.atomic():
        plan = _plan_lock(plan.pk)
        ctx = _context(plan, since_id=from_period.pk if from_period is not None else None, today=today)
        if ctx is None:
            return RecomputeReport()
        stored = scores_stored(
            Score.objects.filter(plan=plan, period__in=ctx.periods, level__in=[L.TASK, L.DEPARTMENT])
        )
        try:
            computed = _compute_departments(ctx, stored)
        except _StoredRowMissing:
            computed = _compute_plan(ctx)
            stored = scores_stored(Score.objects.filter(plan=plan, period__in=ctx.periods))
            return _scores_write(plan, computed, stored, delete_stale=True)
        departments = {key: row for key, row in stored.items() if key[0] == L.DEPARTMENT}
        return _scores_write(plan, computed, departments, delete_stale=True)


def scores_recompute_departments_of(
    *, department_id: int, period_id: int, today: dt.date | None = None
) -> RecomputeReport:
    """After a form of the department for the period was submitted or returned: the department level of
    every plan assessing it (``plans_assessing``), from that period on, one transaction per plan.
    A period deleted meanwhile is a no-op. 2 queries + 11 per plan."""
    period = ReportingPeriod.objects.filter(pk=period_id).first()
    report = RecomputeReport()
    if period is None:
        return report
    for plan in plans_assessing(department_id=department_id):
        report += scores_recompute_departments(plan=plan, from_period=period, today=today)
    return report
