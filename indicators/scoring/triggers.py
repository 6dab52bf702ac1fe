"""Entry point the data-entry workflow calls when approved figures change.

The real implementation (Celery recompute after commit) comes with the scoring work.
"""


def scores_recompute_on_commit(*, period_id: int, indicator_id: int | None = None, milestone_id: int | None = None) -> None:
    """Enqueue a recompute of what depends on (indicator | milestone, period) once the transaction commits.

    Never enqueues before the commit; a rolled-back transaction enqueues nothing.
    """
