"""Draining the recompute outbox: the ``ScoreRecomputeMark`` rows every change of an engine input leaves
(``indicators.recompute``) become stored scores, and the marks go in the same transaction.

Per plan with marks, one transaction: lock the plan row (``SELECT … FOR UPDATE``: drains and recomputes of
one plan never interleave), read its marks (``FOR UPDATE SKIP LOCKED`` on PostgreSQL: marks another drain
holds are left to it), recompute what they name, write the scores and delete **exactly the marks read** —
a mark written meanwhile (a change committed during the recompute) survives for the next drain. A drain
that dies before its commit leaves every mark; a second drain finds nothing to do (idempotent).

What the marks of a plan recompute (the cheapest recompute that covers them all):

* any ``plan`` mark → the whole plan from the earliest period any mark names (every period when one
  names none or a period since deleted) — ``scores_recompute``;
* else ``indicator`` / ``milestone`` marks → one batched incremental recompute of all of them from the
  earliest of their periods (``scores_recompute_items``), then ``department`` marks → the department
  level (考核) from the earliest of theirs (``scores_recompute_departments``).
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from indicators.models import ScoreRecomputeMark
from indicators.scoring.selectors import periods_every
from indicators.scoring.services.recompute import (
    scores_recompute,
    scores_recompute_departments,
    scores_recompute_items,
)
from indicators.scoring.services.store import RecomputeReport
from tasks.models import Plan

log = logging.getLogger(__name__)
Scope = ScoreRecomputeMark.Scope


def scores_marks_drain(*, plan_ids=None, today: dt.date | None = None) -> RecomputeReport:
    """Recompute and clear the pending marks of every plan (or of ``plan_ids``), one transaction per plan.

    Returns the rows written. Marks of a plan deleted meanwhile are just deleted. Safe to run twice at
    once (the second waits for the plan lock, then finds the marks gone) and to re-run (nothing pending:
    1 query).
    """
    pending = ScoreRecomputeMark.objects.order_by("plan_id").values_list("plan_id", flat=True).distinct()
    if plan_ids is not None:
        pending = pending.filter(plan_id__in=list(plan_ids))
    report = RecomputeReport()
    for plan_id in list(pending):
        report += _drain_plan(plan_id, today=today)
    return report


def marks_pending_before(*, seconds: int) -> int:
    """How many marks are older than ``seconds`` (their after-commit drain was lost: broker down, worker
    killed). 1 query."""
    return ScoreRecomputeMark.objects.filter(created_at__lt=timezone.now() - dt.timedelta(seconds=seconds)).count()


def _drain_plan(plan_id: int, *, today: dt.date | None) -> RecomputeReport:
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(pk=plan_id).first()
        marks = list(
            ScoreRecomputeMark.objects.select_for_update(skip_locked=True).filter(plan_id=plan_id).order_by("pk")
        )
        if not marks:
            return RecomputeReport()
        report = _marks_apply(plan, marks, today=today) if plan is not None else RecomputeReport()
        ScoreRecomputeMark.objects.filter(pk__in=[m.pk for m in marks]).delete()
    log.info("scores_marks_drain plan=%s marks=%d %s", plan_id, len(marks), report)
    return report


def _marks_apply(plan: Plan, marks: list, *, today: dt.date | None) -> RecomputeReport:
    every = periods_every()
    order = {p.pk: (p.year, p.quarter) for p in every}

    def earliest(chosen: list):
        """The earliest period the marks name; None (every period) when one names none or a deleted one."""
        if any(m.period_id not in order for m in chosen):
            return None
        return min((m.period_id for m in chosen), key=order.__getitem__)

    if any(m.scope == Scope.PLAN for m in marks):
        since = earliest(marks)
        periods = None if since is None else [p for p in every if (p.year, p.quarter) >= order[since]]
        return scores_recompute(plan=plan, periods=periods, today=today)
    report = RecomputeReport()
    items = [m for m in marks if m.scope in (Scope.INDICATOR, Scope.MILESTONE)]
    if items:
        report += scores_recompute_items(
            plan=plan,
            period_id=earliest(items),
            indicator_ids={m.object_id for m in items if m.scope == Scope.INDICATOR},
            milestone_ids={m.object_id for m in items if m.scope == Scope.MILESTONE},
            today=today,
        )
    departments = [m for m in marks if m.scope == Scope.DEPARTMENT]
    if departments:
        since = earliest(departments)
        period = next((p for p in every if p.pk == since), None)
        report += scores_recompute_departments(plan=plan, from_period=period, today=today)
    return report
