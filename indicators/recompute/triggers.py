"""The one path from a change of an engine input to the stored scores: marks in the change's transaction.

Every writer — the workflow services, the Excel upload, the API, the admin and management commands
(through the model signals of ``indicators.recompute.signals``) — records what it affects as
``ScoreRecomputeMark`` rows (a transactional outbox: a row per affected plan and scope) **in the same
transaction** as the change. Once the transaction commits, ONE drain job is enqueued per commit, however
many marks it wrote (a whole-form approval of 12 items: 1 job), by name:
``indicators.scores_marks_drain`` (``indicators.scoring.jobs``), which recomputes what the marks name and
deletes exactly the marks it read in the transaction that writes the new scores. A rolled-back
transaction (or savepoint) leaves no mark and enqueues nothing.

A broker that is down does not undo the committed change: the error is logged and the marks stay; the
beat job ``indicators.scores_marks_sweep`` (every 2 minutes) drains whatever is left (broker down, a
worker killed mid-job), and the nightly full recompute stays as a safety net. In eager mode (``make
run``, the tests) the drain runs in-process right after the commit, as the recomputes did before.

Entry points (keyword-only; h14's 督办 and h15's plan revisions call them too):

* ``scores_recompute_on_commit(period_id=…, indicator_id | milestone_id | department_id=…)`` — one
  object of one period (approved figures, milestone reports; a department's forms: timeliness, returns);
* ``scores_recompute_all_on_commit()`` — every plan, every period (the scoring configuration);
* ``scores_recompute_plan_mark(plan_id=…, period_id=None, reason=…)`` — one whole plan from a period on.
"""

import logging
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from indicators.models import Indicator, ScoreRecomputeMark
from responsibilities.models import TaskAssignment
from tasks.common.jobs import job_enqueue
from tasks.models import Milestone, Plan, PlanTask

log = logging.getLogger(__name__)

DRAIN_JOB = "indicators.scores_marks_drain"
SWEEP_JOB = "indicators.scores_marks_sweep"
Scope = ScoreRecomputeMark.Scope


def scores_recompute_on_commit(
    *,
    period_id: int,
    indicator_id: int | None = None,
    milestone_id: int | None = None,
    department_id: int | None = None,
) -> None:
    """Mark, in the current transaction, what depends on one object of one period; drain after the commit.

    ``indicator_id`` / ``milestone_id``: its approved figures changed — the indicator (or milestone), its
    task, system, plan and the task's departments, from that period on (incremental recompute).
    ``department_id``: its form of that period was submitted or returned — the department level (考核)
    of every plan assessing it, from that period on. 1–2 queries. Raises ValueError unless exactly one
    of the three ids is given.
    """
    if sum(pk is not None for pk in (indicator_id, milestone_id, department_id)) != 1:
        raise ValueError("give exactly one of indicator_id, milestone_id and department_id")
    if department_id is not None:
        marks_write(
            plan_ids=plans_of_departments([department_id]),
            scope=Scope.DEPARTMENT,
            object_id=department_id,
            period_id=period_id,
            reason="单位填报表提交或退回",
        )
    elif indicator_id is not None:
        plans = Indicator.objects.filter(pk=indicator_id).values_list("task__system__plan_id", flat=True)
        marks_write(
            plan_ids=plans, scope=Scope.INDICATOR, object_id=indicator_id, period_id=period_id, reason="指标数据审核"
        )
    else:
        plans = Milestone.objects.filter(pk=milestone_id).values_list("task__system__plan_id", flat=True)
        marks_write(
            plan_ids=plans, scope=Scope.MILESTONE, object_id=milestone_id, period_id=period_id, reason="节点进展审核"
        )


def scores_recompute_all_on_commit() -> None:
    """Mark every plan, every period (e.g. the scoring configuration in force changed). 2 queries."""
    marks_write(plan_ids=Plan.objects.values_list("pk", flat=True), scope=Scope.PLAN, reason="评分规则变更")


def scores_recompute_plan_mark(*, plan_id: int, period_id: int | None = None, reason: str) -> None:
    """Mark one whole plan from ``period_id`` on (None: every period), with ``reason`` (Chinese, ≤ 100
    characters, kept on the mark). 1 query; drained after the commit like every mark."""
    marks_write(plan_ids=[plan_id], scope=Scope.PLAN, period_id=period_id, reason=reason)


def marks_write(
    *,
    plan_ids: Iterable[int],
    scope: str,
    reason: str,
    object_id: int | None = None,
    period_id: int | None = None,
) -> int:
    """Insert one mark per plan in the current transaction and arrange the drain after the commit.

    Returns the number of marks written (0 when no plan is affected: nothing is enqueued). 1 query.
    """
    marks = [
        ScoreRecomputeMark(plan_id=pk, scope=scope, object_id=object_id, period_id=period_id, reason=reason[:100])
        for pk in sorted(set(plan_ids))
        if pk is not None
    ]
    if not marks:
        return 0
    ScoreRecomputeMark.objects.bulk_create(marks)
    _drain_after_commit()
    return len(marks)


def plans_of_departments(department_ids: Iterable[int]) -> list[int]:
    """Ids of the plans whose 考核 includes one of the departments: assigned to one of their tasks or
    reporting one of their indicators (the rule of ``PlanStructure.department_ids``). 1 query."""
    ids = [pk for pk in department_ids if pk is not None]
    if not ids:
        return []
    assigned = TaskAssignment.objects.filter(department_id__in=ids).values("task__system__plan_id")
    reporting = Indicator.objects.filter(reporting_department_id__in=ids).values("task__system__plan_id")
    return list(Plan.objects.filter(Q(pk__in=assigned) | Q(pk__in=reporting)).values_list("pk", flat=True))


def plans_of_tasks(task_ids: Iterable[int]) -> list[int]:
    """Ids of the plans of the tasks. 1 query (none without ids)."""
    ids = [pk for pk in task_ids if pk is not None]
    return list(PlanTask.objects.filter(pk__in=ids).values_list("system__plan_id", flat=True)) if ids else []


# ------------------------------------------------------------------ one drain job per commit


class _DrainBatch:
    """The drain of one commit: every mark write registers it with ``on_commit`` (so a savepoint rolled
    back with some of the registrations leaves the others); it enqueues the drain job once."""

    fired = False

    def __call__(self) -> None:
        if self.fired:
            return
        self.fired = True
        try:
            job_enqueue(DRAIN_JOB)
        except Exception:  # broker down, or (eager) the drain itself failed: the marks stay for the sweep
            log.exception("score recompute drain not enqueued or failed; the marks wait for the sweep")


def _drain_after_commit() -> None:
    connection = transaction.get_connection()
    batch = getattr(connection, "_lingqiu_drain_batch", None)
    if batch is None or batch.fired:
        batch = connection._lingqiu_drain_batch = _DrainBatch()
    transaction.on_commit(batch)
