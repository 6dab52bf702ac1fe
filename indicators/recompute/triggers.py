"""Entry points the workflow calls when inputs of the stored scores change; each enqueues a Celery job.

* approved figures / milestone reports (approve, reopen) → ``scores_recompute_incremental_job``;
* a department's form submitted the first time or returned (timeliness, returned forms: the
  department assessment 考核 only) → ``scores_recompute_departments_job``;
* the active scoring configuration saved (admin) → ``scores_recompute_all_job``.

Jobs are enqueued once the surrounding transaction commits — never before, and never when it rolls
back. In eager mode (no broker, ``make run``) the job then runs in-process right after the commit.
A broker that is down does not undo the committed change: the error is logged (``robust``) and the
nightly full recompute repairs the scores.
"""

import logging

from django.db import transaction

from tasks.common.jobs import job_enqueue

log = logging.getLogger(__name__)


def scores_recompute_on_commit(
    *,
    period_id: int,
    indicator_id: int | None = None,
    milestone_id: int | None = None,
    department_id: int | None = None,
) -> None:
    """Enqueue, once the transaction commits, a recompute of what depends on one object of one period.

    ``indicator_id`` / ``milestone_id``: its approved figures changed — the indicator (or milestone),
    its task, system, plan and the task's departments, from that period on. ``department_id``: its
    form of that period was submitted or returned — the department level (考核) of every plan
    assessing it, from that period on. Never enqueues before the commit; a rolled-back transaction
    (or savepoint) enqueues nothing. Raises ValueError unless exactly one of the three ids is given.
    """
    if sum(pk is not None for pk in (indicator_id, milestone_id, department_id)) != 1:
        raise ValueError("give exactly one of indicator_id, milestone_id and department_id")
    if department_id is not None:
        kwargs = {"period_id": period_id, "department_id": department_id}
        transaction.on_commit(lambda: _enqueue("scores_recompute_departments_job", kwargs), robust=True)
        return
    kwargs = {"period_id": period_id, "indicator_id": indicator_id, "milestone_id": milestone_id}
    transaction.on_commit(lambda: _enqueue("scores_recompute_incremental_job", kwargs), robust=True)


def scores_recompute_all_on_commit() -> None:
    """Enqueue a full recompute of every plan once the transaction commits (nothing on rollback)."""
    transaction.on_commit(lambda: _enqueue("scores_recompute_all_job", {}), robust=True)


_JOB_NAMES = {
    "scores_recompute_departments_job": "indicators.scores_recompute_departments",
    "scores_recompute_incremental_job": "indicators.scores_recompute_incremental",
    "scores_recompute_all_job": "indicators.scores_recompute_all",
}


def _enqueue(job_name: str, kwargs: dict) -> None:
    job_enqueue(_JOB_NAMES[job_name], **kwargs)
