"""Celery jobs of scoring — thin: ids in, one service call, nothing returned.

Every job is idempotent (a re-run writes the same rows), ``acks_late`` (a job whose worker dies is
redelivered; ``task_reject_on_worker_lost`` is on in settings), retried with back-off on database
connection errors, and bounded by soft/hard time limits. The nightly schedule lives in django-celery-beat:
see ``indicators.entry.reminders.scoring_beat_schedules``.
"""

import logging

from celery import group, shared_task

from indicators.scoring import services
from tasks.common.jobs import JOB_RETRY as _RETRY
from tasks.models import Plan

log = logging.getLogger(__name__)


@shared_task(name="indicators.scores_recompute_incremental", soft_time_limit=60, time_limit=90, **_RETRY)
def scores_recompute_incremental_job(
    *, period_id: int, indicator_id: int | None = None, milestone_id: int | None = None
) -> None:
    """Recompute what one approved/reopened figure or milestone report affects (ids only)."""
    report = services.scores_recompute_incremental(
        period_id=period_id, indicator_id=indicator_id, milestone_id=milestone_id
    )
    log.info(
        "incremental recompute period=%s indicator=%s milestone=%s: %s", period_id, indicator_id, milestone_id, report
    )


@shared_task(name="indicators.scores_recompute_departments", soft_time_limit=120, time_limit=150, **_RETRY)
def scores_recompute_departments_job(*, period_id: int, department_id: int) -> None:
    """Recompute the department level (考核) after the department's form was submitted or returned (ids only)."""
    report = services.scores_recompute_departments_of(department_id=department_id, period_id=period_id)
    log.info("department recompute period=%s department=%s: %s", period_id, department_id, report)


@shared_task(name="indicators.scores_marks_drain", soft_time_limit=600, time_limit=660, **_RETRY)
def scores_marks_drain_job() -> None:
    """After a commit that marked scores out of date: recompute what the pending marks name (every plan)."""
    report = services.scores_marks_drain()
    log.info("drain of the recompute marks: %s", report)


SWEEP_LATE_SECONDS = 60  # a mark older than this lost its after-commit drain (broker down, worker killed)


@shared_task(name="indicators.scores_marks_sweep", soft_time_limit=600, time_limit=660, **_RETRY)
def scores_marks_sweep_job() -> None:
    """Beat, every 2 minutes: drain the marks left behind (broker down, worker killed); logs how many were late."""
    late = services.marks_pending_before(seconds=SWEEP_LATE_SECONDS)
    report = services.scores_marks_drain()
    (log.warning if late else log.info)("sweep of the recompute marks (%d late): %s", late, report)


@shared_task(name="indicators.scores_recompute_plan", soft_time_limit=600, time_limit=660, **_RETRY)
def scores_recompute_plan_job(*, plan_id: int) -> None:
    """Full recompute of one plan — the unit the nightly fans out. Idempotent and transactional (one
    transaction under the plan's row lock, ``services.scores_recompute``); a plan deleted or archived
    (已归档: its scores stay as they were) meanwhile is a no-op."""
    plan = Plan.objects.filter(pk=plan_id).exclude(state=Plan.State.ARCHIVED).first()
    if plan is not None:
        report = services.scores_recompute(plan=plan)
        log.info("plan recompute plan=%s: %s", plan.code, report)


@shared_task(name="indicators.scores_recompute_all", soft_time_limit=120, time_limit=150, **_RETRY)
def scores_recompute_all_job() -> None:
    """Nightly and "recompute everything": fan out one ``scores_recompute_plan_job`` per plan (a Celery
    group; archived plans left out), so N workers share the work and a lost plan job is redelivered alone.
    Returns at once; each plan job runs in its own transaction (in eager mode, in turn, in-process)."""
    plan_ids = list(services.plans_recomputed().values_list("pk", flat=True))
    group([scores_recompute_plan_job.s(plan_id=plan_id) for plan_id in plan_ids]).apply_async()
    log.info("nightly full recompute: %d plan jobs", len(plan_ids))
