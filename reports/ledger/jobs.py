"""Celery job of the 台账 (thin: an id in, the service does the work)."""

from celery import shared_task
from django.db import OperationalError

from reports.ledger.services import ledger_job_run


@shared_task(
    name="reports.ledger_job_generate",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
    soft_time_limit=55 * 60,
    time_limit=60 * 60,
)
def ledger_job_generate(job_id: int) -> str:
    """Build the ZIP of ``LedgerJob`` ``job_id`` (idempotent). Returns the final status ("done" / "failed")."""
    return ledger_job_run(job_id=job_id).status
