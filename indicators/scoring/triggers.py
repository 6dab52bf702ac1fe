"""Entry point the data-entry workflow calls when approved figures change (approve / reopen).

Enqueues the Celery job ``indicators.tasks.scores_recompute_incremental_job`` once the surrounding
transaction commits — never before, and never when it rolls back. In eager mode (no broker,
``make run``) the job then runs in-process right after the commit.
"""

import logging

from django.db import transaction

log = logging.getLogger(__name__)


def scores_recompute_on_commit(*, period_id: int, indicator_id: int | None = None, milestone_id: int | None = None) -> None:
    """Enqueue a recompute of what depends on (indicator | milestone, period) once the transaction commits.

    Never enqueues before the commit; a rolled-back transaction (or savepoint) enqueues nothing.
    A broker that is down does not undo the committed change: the error is logged (``robust``)
    and the nightly full recompute repairs the scores. Raises ValueError unless exactly one of
    indicator_id / milestone_id is given.
    """
    if (indicator_id is None) == (milestone_id is None):
        raise ValueError("give exactly one of indicator_id and milestone_id")
    kwargs = {"period_id": period_id, "indicator_id": indicator_id, "milestone_id": milestone_id}
    transaction.on_commit(lambda: _enqueue(kwargs), robust=True)


def _enqueue(kwargs: dict) -> None:
    from indicators.tasks import scores_recompute_incremental_job  # the job imports the services

    scores_recompute_incremental_job.delay(**kwargs)
